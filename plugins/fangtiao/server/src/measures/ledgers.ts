/**
 * The first-petition ledgers (初信初访 日日清、周周结、月月审): which period each cadence
 * lists, in the Asia/Shanghai calendar. Pure: no Strapi import.
 *
 * Keys: `2026-12-04` (day), `2026-W49` (ISO week), `2026-12` (month). Without a key each
 * cadence lists what its scheduled job counts: today, last week, last month.
 */
import { DAY_MS, OFFSET_MS } from '@fangtiao/kernel/pure';
import { parsePeriod, periodOf, previousPeriod } from './periods';

export type Cadence = 'day' | 'week' | 'month';
export const CADENCES: Record<Cadence, string> = { day: '日日清', week: '周周结', month: '月月审' };
export type LedgerPeriod = { cadence: Cadence; key: string; label: string; start: Date; end: Date };

const pad = (n: number) => String(n).padStart(2, '0');

function day(y: number, m: number, d: number): LedgerPeriod | null {
  const start = new Date(Date.UTC(y, m - 1, d) - OFFSET_MS);
  const back = new Date(start.getTime() + OFFSET_MS);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null; // 2026-02-30
  return { cadence: 'day', key: `${y}-${pad(m)}-${pad(d)}`, label: `${y}年${m}月${d}日`, start, end: new Date(start.getTime() + DAY_MS) };
}

const dayOf = (at: Date) => {
  const s = new Date(at.getTime() + OFFSET_MS);
  return day(s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate())!;
};

export const isCadence = (v: unknown): v is Cadence => typeof v === 'string' && Object.hasOwn(CADENCES, v);

/** The period a ledger lists; null when `key` is not a period of that cadence. */
export function ledgerPeriod(cadence: Cadence, key: string | undefined, now: Date): LedgerPeriod | null {
  if (cadence === 'day') {
    if (!key) return dayOf(now);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
    return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  const p = key ? parsePeriod(key) : previousPeriod(periodOf(cadence, now));
  if (!p || p.kind !== cadence) return null;
  return { cadence, key: p.key, label: p.label, start: p.start, end: p.end };
}
