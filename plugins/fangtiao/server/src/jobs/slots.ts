/**
 * Slots and leases of the scheduled jobs, pure. A run belongs to a slot — the scheduled
 * time it stands for, in Asia/Shanghai (`2026-11-25T02:00:00+08:00`), or `manual-<iso>`
 * for a run started from the admin panel — and (job, slot) is unique in the database, so
 * of several instances ticking at the same scheduled time exactly one gets the row.
 */
export const TIMEZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600_000; // China has no daylight saving time

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The scheduled time a tick stands for: `now` rounded to the nearest second, in +08:00. */
export function slotOf(now: Date): string {
  const ms = Math.round(now.getTime() / 1000) * 1000;
  const d = new Date(ms + OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
  );
}

export const manualSlot = (now: Date) => `manual-${now.toISOString()}`;

/** A running lease is stale when its holder has not beaten for longer than the TTL. */
export function isStale(heartbeatAt: Date | string | number | null | undefined, now: Date, ttlMs: number): boolean {
  if (heartbeatAt === null || heartbeatAt === undefined) return true;
  return now.getTime() - new Date(heartbeatAt as any).getTime() > ttlMs;
}

/** Shanghai calendar bounds: the start of the day/week/month containing `now`, as instants. */
export function shanghaiStart(now: Date, unit: 'day' | 'week' | 'month'): Date {
  const d = new Date(now.getTime() + OFFSET_MS);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  let day = d.getUTCDate();
  if (unit === 'month') day = 1;
  if (unit === 'week') {
    const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
    const t = Date.UTC(y, m, day) - dow * 86400_000;
    const w = new Date(t);
    y = w.getUTCFullYear();
    m = w.getUTCMonth();
    day = w.getUTCDate();
  }
  return new Date(Date.UTC(y, m, day) - OFFSET_MS);
}

/** The previous period of `unit` before the one containing `now`: [from, to). */
export function previousPeriod(now: Date, unit: 'day' | 'week' | 'month'): { from: Date; to: Date } {
  const to = shanghaiStart(now, unit);
  const from = shanghaiStart(new Date(to.getTime() - 1), unit);
  return { from, to };
}

/** The current period of `unit` containing `now`: [from, now]. */
export function currentPeriod(now: Date, unit: 'day' | 'week' | 'month'): { from: Date; to: Date } {
  return { from: shanghaiStart(now, unit), to: now };
}
