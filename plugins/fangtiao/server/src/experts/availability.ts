/**
 * Expert availability (可预约时间) in Asia/Shanghai: weekly recurring slots plus exceptions
 * (leave, one-off slots). Bookings live on a 30-minute grid: a booking occupies the grid
 * units it covers, and the database keeps (expert, unit) unique. Pure: no Strapi here.
 */
import { DAY_MS, OFFSET_MS } from '@fangtiao/kernel/pure';

export const UNIT_MINUTES = 30;
export const UNIT_MS = UNIT_MINUTES * 60_000;

export type WeeklySlot = { weekday: number; start: string; end: string };
export type AvailabilityException = { kind: 'leave' | 'slot'; from: string; to: string; note?: string };
export type Availability = { weekly: WeeklySlot[]; exceptions: AvailabilityException[] };
export type Interval = { start: number; end: number };
export type FieldError = { path: string[]; message: string };

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** The grid unit a moment falls in (30-minute units since the epoch; aligned with Shanghai half-hours). */
export const unitOf = (ms: number) => Math.floor(ms / UNIT_MS);
export const onGrid = (ms: number) => ms % UNIT_MS === 0;

/** The grid units [start, end) covers. */
export function unitsOf(start: Date | number, end: Date | number): number[] {
  const s = unitOf(+start);
  const e = Math.ceil(+end / UNIT_MS);
  const out: number[] = [];
  for (let u = s; u < e; u += 1) out.push(u);
  return out;
}

/** Midnight (Shanghai) of the day containing `ms`, as a UTC instant. */
export function shanghaiMidnight(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** ISO weekday (Mon = 1 … Sun = 7) in Shanghai. */
export function shanghaiWeekday(ms: number): number {
  const d = new Date(ms + OFFSET_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Monday 00:00 Shanghai of the week containing `ms`, and the next Monday. */
export function shanghaiWeek(ms: number): Interval {
  const midnight = shanghaiMidnight(ms);
  const start = midnight - (shanghaiWeekday(ms) - 1) * DAY_MS;
  return { start, end: start + 7 * DAY_MS };
}

/** Checks an availability input; returns it normalised and the problems found. */
export function checkAvailability(input: any): { value: Availability; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const weekly: WeeklySlot[] = [];
  const exceptions: AvailabilityException[] = [];
  if (!input || typeof input !== 'object')
    return { value: { weekly, exceptions }, errors: [{ path: ['availability'], message: '应为对象' }] };
  const w = input.weekly ?? [];
  if (!Array.isArray(w)) errors.push({ path: ['weekly'], message: '应为时段列表' });
  else
    w.forEach((s: any, i: number) => {
      const wd = Number(s?.weekday);
      const a = minutesOf(String(s?.start ?? ''));
      const b = minutesOf(String(s?.end ?? ''));
      if (!Number.isInteger(wd) || wd < 1 || wd > 7)
        errors.push({ path: ['weekly', String(i), 'weekday'], message: '星期应为 1（周一）到 7（周日）' });
      if (Number.isNaN(a) || a % UNIT_MINUTES)
        errors.push({ path: ['weekly', String(i), 'start'], message: '开始时间应为整点或半点（HH:MM）' });
      if (Number.isNaN(b) || b % UNIT_MINUTES || b > 24 * 60)
        errors.push({ path: ['weekly', String(i), 'end'], message: '结束时间应为整点或半点（HH:MM）' });
      else if (!Number.isNaN(a) && b <= a) errors.push({ path: ['weekly', String(i), 'end'], message: '结束时间应晚于开始时间' });
      weekly.push({ weekday: wd, start: String(s?.start), end: String(s?.end) });
    });
  const x = input.exceptions ?? [];
  if (!Array.isArray(x)) errors.push({ path: ['exceptions'], message: '应为例外列表' });
  else
    x.forEach((e: any, i: number) => {
      if (e?.kind !== 'leave' && e?.kind !== 'slot')
        errors.push({ path: ['exceptions', String(i), 'kind'], message: '类型应为 leave（请假）或 slot（临时时段）' });
      const from = Date.parse(e?.from);
      const to = Date.parse(e?.to);
      if (Number.isNaN(from)) errors.push({ path: ['exceptions', String(i), 'from'], message: '开始时间无效' });
      if (Number.isNaN(to)) errors.push({ path: ['exceptions', String(i), 'to'], message: '结束时间无效' });
      else if (!Number.isNaN(from) && to <= from) errors.push({ path: ['exceptions', String(i), 'to'], message: '结束时间应晚于开始时间' });
      if (e?.kind === 'slot' && (!onGrid(from) || !onGrid(to)))
        errors.push({ path: ['exceptions', String(i), 'from'], message: '临时时段应从整点或半点开始和结束' });
      exceptions.push({
        kind: e?.kind,
        from: new Date(from || 0).toISOString(),
        to: new Date(to || 0).toISOString(),
        ...(e?.note ? { note: String(e.note).slice(0, 200) } : {}),
      });
    });
  if (weekly.length > 100 || exceptions.length > 500) errors.push({ path: ['availability'], message: '时段过多' });
  return { value: { weekly, exceptions }, errors };
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

function subtract(list: Interval[], cut: Interval): Interval[] {
  const out: Interval[] = [];
  for (const i of list) {
    if (cut.end <= i.start || cut.start >= i.end) out.push(i);
    else {
      if (i.start < cut.start) out.push({ start: i.start, end: cut.start });
      if (cut.end < i.end) out.push({ start: cut.end, end: i.end });
    }
  }
  return out;
}

/** The free intervals of an availability inside [from, to): weekly slots + one-off slots − leave. */
export function freeIntervals(av: Availability | null | undefined, from: number, to: number): Interval[] {
  if (!av || to <= from) return [];
  const list: Interval[] = [];
  for (let day = shanghaiMidnight(from); day < to; day += DAY_MS) {
    const wd = shanghaiWeekday(day);
    for (const s of av.weekly ?? []) {
      if (s.weekday !== wd) continue;
      list.push({ start: day + minutesOf(s.start) * 60_000, end: day + minutesOf(s.end) * 60_000 });
    }
  }
  for (const e of av.exceptions ?? []) if (e.kind === 'slot') list.push({ start: Date.parse(e.from), end: Date.parse(e.to) });
  let free = merge(list.map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) })).filter((i) => i.end > i.start));
  for (const e of av.exceptions ?? []) if (e.kind === 'leave') free = subtract(free, { start: Date.parse(e.from), end: Date.parse(e.to) });
  return free;
}

/** Whether [start, end) lies inside the expert's availability. */
export function covers(av: Availability | null | undefined, start: number, end: number): boolean {
  return freeIntervals(av, start, end).some((i) => i.start <= start && i.end >= end);
}

/**
 * The earliest start on the grid inside [from, to) where the expert is available for
 * `minutes` and none of the units is in `busy`; null when there is none.
 */
export function firstFit(
  av: Availability | null | undefined,
  busy: Set<number> | null,
  from: number,
  to: number,
  minutes: number,
): number | null {
  const need = Math.ceil(minutes / UNIT_MINUTES);
  for (const i of freeIntervals(av, from, to)) {
    let run = 0;
    for (let u = Math.ceil(i.start / UNIT_MS); (u + 1) * UNIT_MS <= i.end; u += 1) {
      if (busy?.has(u)) run = 0;
      else if (++run === need) return (u - need + 1) * UNIT_MS;
    }
  }
  return null;
}
