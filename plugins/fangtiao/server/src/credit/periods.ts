/**
 * Credit flags' periods: the configurable windows and retention, and the deadlines counted
 * from them (objection, objection review in working days, retention in years). Pure.
 */
import { dueAfter, shanghaiDayNumber, toDate, DAY_MS, OFFSET_MS, type DateInput } from '@fangtiao/kernel/pure';
import { Calendar, DEFAULT_WORK_CALENDAR } from '../hearings/calendar';

/** Windows and retention (configurable; these are the defaults). */
export interface CreditSettings {
  /** Days the person has to object, counted from the notice's delivery (default 15). */
  objectionDays: number;
  /** Working days the reviewer has to decide an objection, counted from its lodging (default 5). */
  objectionReviewWorkingDays: number;
  /** With the one extension (reasons required), at most this many working days in all (default 20). */
  objectionReviewMaxWorkingDays: number;
  /** Years an active flag is kept, counted from activation (default 5). */
  retentionYears: number;
}

export const DEFAULT_CREDIT_SETTINGS: Readonly<CreditSettings> = Object.freeze({
  objectionDays: 15,
  objectionReviewWorkingDays: 5,
  objectionReviewMaxWorkingDays: 20,
  retentionYears: 5,
});

/** Merges configured values over the defaults (missing or invalid values fall back). */
export function resolveCreditSettings(settings?: Partial<CreditSettings> | null): CreditSettings {
  const out: CreditSettings = { ...DEFAULT_CREDIT_SETTINGS };
  if (settings) {
    for (const key of Object.keys(DEFAULT_CREDIT_SETTINGS) as (keyof CreditSettings)[]) {
      const v = settings[key];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[key] = v;
    }
  }
  return out;
}

/** Last moment to object: the end of the Shanghai day `objectionDays` after the notice's delivery (that day not counted). */
export function objectionDeadline(notifiedAt: DateInput, settings?: Partial<CreditSettings>): Date {
  return dueAfter(notifiedAt, resolveCreditSettings(settings).objectionDays);
}

/**
 * When the reviewer must have decided an objection: the end of the `days`-th working day after
 * it was lodged (that day not counted), on the office's work calendar (浙江省公共信用信息管理条例
 * arts. 30–31: 5 working days, extendable).
 */
export function objectionReviewDue(lodgedAt: DateInput, days: number, calendar: Calendar = new Calendar(DEFAULT_WORK_CALENDAR)): Date {
  return new Date(calendar.earliestAfterNotice(toDate(lodgedAt).getTime(), days) + DAY_MS - 1);
}

/**
 * End of retention: the end of the Shanghai calendar day that corresponds, `years` later,
 * to the day of activation (民法典 art. 202: a period in years ends on the corresponding
 * day; without one — 29 February — on the last day of that month).
 */
export function retentionEnd(activeFrom: DateInput, years: number): Date {
  const day = new Date(shanghaiDayNumber(activeFrom) * DAY_MS);
  const y = day.getUTCFullYear() + years;
  const m = day.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(day.getUTCDate(), lastOfMonth);
  return new Date(Date.UTC(y, m, d) + DAY_MS - OFFSET_MS - 1);
}
