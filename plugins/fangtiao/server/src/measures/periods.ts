/**
 * Reporting periods in the Asia/Shanghai calendar (UTC+8 all year, no daylight saving):
 * week (ISO, Monday to Sunday), month, quarter, year. A period is the half-open interval
 * [start, end) of instants. Pure: no Strapi import.
 *
 * Keys: `2026` (year), `2026-Q3` (quarter), `2026-07` (month), `2026-W05` (ISO week).
 */
import { DAY_MS, OFFSET_MS } from '@fangtiao/kernel/pure';

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: PeriodKind[] = ['week', 'month', 'quarter', 'year'];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { week: '周', month: '月', quarter: '季度', year: '年' };

export type Period = { kind: PeriodKind; key: string; label: string; start: Date; end: Date };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Shanghai midnight starting the calendar day y-m-d (month 0-based, overflow allowed). */
const shanghaiMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - OFFSET_MS);

/** The Shanghai calendar date of an instant: { y, m (0-based), d, dow (0 = Monday) }. */
function shanghaiParts(at: Date) {
  const s = new Date(at.getTime() + OFFSET_MS);
  return { y: s.getUTCFullYear(), m: s.getUTCMonth(), d: s.getUTCDate(), dow: (s.getUTCDay() + 6) % 7 };
}

/** Monday of ISO week 1 of `isoYear` (the week holding 4 January), as a UTC-midnight day number. */
function isoWeekOneMonday(isoYear: number): number {
  const jan4 = Date.UTC(isoYear, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - dow * DAY_MS;
}

const isoWeeksIn = (isoYear: number) => Math.round((isoWeekOneMonday(isoYear + 1) - isoWeekOneMonday(isoYear)) / (7 * DAY_MS));

function week(isoYear: number, w: number): Period {
  const monday = isoWeekOneMonday(isoYear) + (w - 1) * 7 * DAY_MS;
  const start = new Date(monday - OFFSET_MS);
  const end = new Date(start.getTime() + 7 * DAY_MS);
  return { kind: 'week', key: `${isoYear}-W${pad(w)}`, label: `${isoYear}年第${w}周`, start, end };
}

function month(y: number, m: number): Period {
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return {
    kind: 'month',
    key: `${yy}-${pad(mm + 1)}`,
    label: `${yy}年${mm + 1}月`,
    start: shanghaiMidnight(yy, mm, 1),
    end: shanghaiMidnight(yy, mm + 1, 1),
  };
}

function quarter(y: number, q: number): Period {
  const yy = y + Math.floor((q - 1) / 4);
  const qq = ((((q - 1) % 4) + 4) % 4) + 1;
  return {
    kind: 'quarter',
    key: `${yy}-Q${qq}`,
    label: `${yy}年第${qq}季度`,
    start: shanghaiMidnight(yy, (qq - 1) * 3, 1),
    end: shanghaiMidnight(yy, qq * 3, 1),
  };
}

const year = (y: number): Period => ({
  kind: 'year',
  key: String(y),
  label: `${y}年`,
  start: shanghaiMidnight(y, 0, 1),
  end: shanghaiMidnight(y + 1, 0, 1),
});

/** Parses a period key; null when it is not one. */
export function parsePeriod(key: string): Period | null {
  let m: RegExpMatchArray | null;
  if ((m = /^(\d{4})$/.exec(key))) return year(Number(m[1]));
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return quarter(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key))) return month(Number(m[1]), Number(m[2]) - 1);
  if ((m = /^(\d{4})-W(\d{2})$/.exec(key))) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    if (w < 1 || w > isoWeeksIn(y)) return null;
    return week(y, w);
  }
  return null;
}

/** The period of `kind` holding the instant `at`. */
export function periodOf(kind: PeriodKind, at: Date): Period {
  const { y, m, d, dow } = shanghaiParts(at);
  if (kind === 'year') return year(y);
  if (kind === 'quarter') return quarter(y, Math.floor(m / 3) + 1);
  if (kind === 'month') return month(y, m);
  // ISO week: the Thursday of this week decides the ISO year.
  const dayNo = Date.UTC(y, m, d);
  const thursday = new Date(dayNo + (3 - dow) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const w = Math.floor((dayNo - dow * DAY_MS - isoWeekOneMonday(isoYear)) / (7 * DAY_MS)) + 1;
  return week(isoYear, w);
}

/** The period just before. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, new Date(p.start.getTime() - 1));
}

/** The same period one year earlier (week N of last year, or its last week if it has no week 53). */
export function yearAgoPeriod(p: Period): Period {
  const y = Number(p.key.slice(0, 4)) - 1;
  if (p.kind === 'year') return year(y);
  if (p.kind === 'quarter') return quarter(y, Number(p.key.slice(6)));
  if (p.kind === 'month') return month(y, Number(p.key.slice(5)) - 1);
  return week(y, Math.min(Number(p.key.slice(6)), isoWeeksIn(y)));
}

/** The last `n` periods of the same kind ending with `p`, oldest first (for trend charts). */
export function trailingPeriods(p: Period, n: number): Period[] {
  const out = [p];
  while (out.length < n) out.unshift(previousPeriod(out[0]));
  return out;
}

/** The key of the period of `kind` holding `at` (the dashboards' default choice). */
export const currentPeriodKey = (kind: PeriodKind, at: Date = new Date()) => periodOf(kind, at).key;

/** The period of `kind` holding `at` and the `count - 1` before it, newest first (the period pickers). */
export function periodChoices(kind: PeriodKind, at: Date = new Date(), count = 12): { key: string; label: string }[] {
  const out: Period[] = [periodOf(kind, at)];
  while (out.length < count) out.push(previousPeriod(out[out.length - 1]));
  return out.map(({ key, label }) => ({ key, label }));
}
