/**
 * The working calendar (工作日历) hearings are scheduled on, in Asia/Shanghai: office hours,
 * the public holidays (法定节假日及调休放假日) and the adjusted working days (调休上班日) the
 * State Council announces each year. Administrators keep it in the admin panel; the defaults
 * below carry 2026 in full and 2027's statutory days only, because the State Council
 * publishes a year's adjusted days late in the year before. Pure: no Strapi here.
 */
import { shanghaiMidnight, shanghaiWeekday, type FieldError, type Interval } from '../experts/availability';
import { shanghaiDate } from '@fangtiao/kernel/pure';

const DAY_MS = 86_400_000;

export type OfficeHours = { start: string; end: string };
export type WorkCalendar = {
  /** Office hours on a working day, e.g. 08:30–12:00 and 14:00–17:30. */
  hours: OfficeHours[];
  /** Days off (YYYY-MM-DD): public holidays and the days moved into them. */
  holidays: string[];
  /** Weekend days worked instead (YYYY-MM-DD). */
  workdays: string[];
  /** The last day whose adjusted days are known (YYYY-MM-DD); scheduling past it warns. */
  confirmedThrough?: string;
};

/** 国务院办公厅关于2026年部分节假日安排的通知; 2027: statutory days only (全国年节及纪念日放假办法). */
export const DEFAULT_WORK_CALENDAR: WorkCalendar = {
  hours: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  holidays: [
    // 2026 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
    // 2027 statutory days (the adjusted days follow the State Council's notice)
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-04-05',
    '2027-05-01',
    '2027-05-02',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01',
    '2027-10-02',
    '2027-10-03',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  confirmedThrough: '2026-12-31',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** YYYY-MM-DD of the Shanghai day containing `ms`. */
export function dayKey(ms: number): string {
  return shanghaiDate(ms);
}

/** Checks a calendar from the admin panel; every bad entry named. */
export function checkCalendar(input: any): { value: WorkCalendar; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const hours: OfficeHours[] = [];
  const list = Array.isArray(input?.hours) ? input.hours : null;
  if (!list || !list.length) errors.push({ path: ['hours'], message: '请填写办公时间（如 08:30–12:00）' });
  (list ?? []).forEach((h: any, i: number) => {
    const ok = HHMM.test(String(h?.start)) && HHMM.test(String(h?.end));
    if (!ok) errors.push({ path: ['hours', String(i)], message: '时间应为 HH:MM' });
    else if (minutesOf(h.end) <= minutesOf(h.start)) errors.push({ path: ['hours', String(i), 'end'], message: '结束应晚于开始' });
    else if (minutesOf(h.start) % 30 || minutesOf(h.end) % 30) errors.push({ path: ['hours', String(i)], message: '应为整点或半点' });
    hours.push({ start: String(h?.start), end: String(h?.end) });
  });
  const days = (key: 'holidays' | 'workdays') => {
    const v = input?.[key] ?? [];
    if (!Array.isArray(v)) {
      errors.push({ path: [key], message: '应为日期列表，如 ["2026-10-01","2026-10-02"]' });
      return [];
    }
    v.forEach((d: any, i: number) => {
      if (!DATE.test(String(d)) || Number.isNaN(Date.parse(String(d))))
        errors.push({ path: [key, String(i)], message: '日期应为 YYYY-MM-DD' });
    });
    return v.map(String);
  };
  const holidays = days('holidays');
  const workdays = days('workdays');
  const both = holidays.filter((d) => workdays.includes(d));
  if (both.length) errors.push({ path: ['workdays'], message: `既是放假日又是上班日：${both.join('、')}` });
  const confirmedThrough = input?.confirmedThrough ? String(input.confirmedThrough) : undefined;
  if (confirmedThrough && !DATE.test(confirmedThrough)) errors.push({ path: ['confirmedThrough'], message: '日期应为 YYYY-MM-DD' });
  return { value: { hours, holidays, workdays, ...(confirmedThrough ? { confirmedThrough } : {}) }, errors };
}

/** A calendar with fast day lookups. */
export class Calendar {
  private readonly off: Set<string>;
  private readonly on: Set<string>;
  constructor(readonly source: WorkCalendar) {
    this.off = new Set(source.holidays);
    this.on = new Set(source.workdays);
  }

  /** Whether the Shanghai day containing `ms` is a working day. */
  isWorkingDay(ms: number): boolean {
    const key = dayKey(ms);
    if (this.on.has(key)) return true;
    if (this.off.has(key)) return false;
    return shanghaiWeekday(ms) <= 5;
  }

  /** Office hours of the working days inside [from, to), in order. */
  workingIntervals(from: number, to: number): Interval[] {
    const out: Interval[] = [];
    for (let day = shanghaiMidnight(from); day < to; day += DAY_MS) {
      if (!this.isWorkingDay(day)) continue;
      for (const h of this.source.hours) {
        const start = Math.max(day + minutesOf(h.start) * 60_000, from);
        const end = Math.min(day + minutesOf(h.end) * 60_000, to);
        if (end > start) out.push({ start, end });
      }
    }
    return out;
  }

  /**
   * The earliest moment a meeting may start when notice is given at `now` and `days` working
   * days of notice are required (提前N个工作日通知): midnight of the N-th working day after
   * today. With no notice period, `now`.
   */
  earliestAfterNotice(now: number, days: number): number {
    if (days <= 0) return now;
    let day = shanghaiMidnight(now);
    let left = days;
    while (left > 0) {
      day += DAY_MS;
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** Whether [start, end) lies inside one stretch of office hours. */
  withinOfficeHours(start: number, end: number): boolean {
    return this.workingIntervals(shanghaiMidnight(start), end).some((i) => i.start <= start && i.end >= end);
  }

  /** A warning when [from, to) runs past the days whose adjusted working days are known. */
  beyondConfirmed(to: number): string | null {
    const last = this.source.confirmedThrough;
    if (!last || dayKey(to - 1) <= last) return null;
    return `工作日历仅确认到 ${last}，之后的调休安排尚未录入（请管理员在“工作日历”中补充）`;
  }
}
