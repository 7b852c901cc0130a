/**
 * Slots and leases of the scheduled jobs, pure. A run belongs to a slot — the scheduled
 * time it stands for, in Asia/Shanghai (`2026-11-25T02:00:00+08:00`), or `manual-<iso>`
 * for a run started from the admin panel — and (job, slot) is unique in the database, so
 * of several instances ticking at the same scheduled time exactly one gets the row.
 */
import { DAY_MS, OFFSET_MS, shanghaiInstant, shanghaiIso, shanghaiParts, TIME_ZONE } from '@fangtiao/kernel/pure';

export const TIMEZONE = TIME_ZONE;

// node-cron's own expansion of an expression into value lists ('*/10' → '0,10,…,50', names,
// 7 = Sunday), so a slot matches exactly the seconds node-cron fires on.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const expand: (expression: string) => string = require('node-cron/src/convert-expression');

type CronFields = { second: number[]; minute: Set<number>; hour: Set<number>; day: Set<number>; month: Set<number>; weekday: Set<number> };

function parseCron(expression: string): CronFields {
  const [second, minute, hour, day, month, weekday] = expand(expression)
    .split(' ')
    .map((f) => f.split(',').map(Number));
  return {
    second: second.sort((x, y) => y - x),
    minute: new Set(minute),
    hour: new Set(hour),
    day: new Set(day),
    month: new Set(month),
    weekday: new Set(weekday),
  };
}

/**
 * The scheduled fire time a tick stands for: the latest second at or before `now` whose
 * Beijing wall clock the cron expression matches. node-cron checks about once a second, at a
 * different millisecond in each process (and a busy one ticks late), so `now` itself differs
 * between instances; the fire time it belongs to does not. Days, hours and minutes that do
 * not match are skipped whole; looks back at most a year.
 */
export function scheduledTime(expression: string, now: Date): Date {
  const f = parseCron(expression);
  const floor = (ms: number, unit: number) => ms - (((ms % unit) + unit) % unit);
  // Wall-clock milliseconds: Beijing time read through the UTC fields.
  let w = floor(now.getTime() + OFFSET_MS, 1000);
  const limit = w - 366 * DAY_MS;
  while (w >= limit) {
    const d = new Date(w);
    if (!f.day.has(d.getUTCDate()) || !f.month.has(d.getUTCMonth() + 1) || !f.weekday.has(d.getUTCDay())) {
      w = floor(w, DAY_MS) - 1000;
      continue;
    }
    if (!f.hour.has(d.getUTCHours())) {
      w = floor(w, 3_600_000) - 1000;
      continue;
    }
    const second = f.minute.has(d.getUTCMinutes()) ? f.second.find((s) => s <= d.getUTCSeconds()) : undefined;
    if (second === undefined) {
      w = floor(w, 60_000) - 1000;
      continue;
    }
    return new Date(floor(w, 60_000) + second * 1000 - OFFSET_MS);
  }
  throw new RangeError(`cron expression ${expression} matched nothing in the year before ${now.toISOString()}`);
}

/** The slot of a scheduled tick: its fire time in +08:00 (`2026-11-25T02:00:00+08:00`), never `now`. */
export function slotOf(expression: string, now: Date): string {
  return shanghaiIso(scheduledTime(expression, now));
}

export const manualSlot = (now: Date) => `manual-${now.toISOString()}`;

/** A running lease is stale when its holder has not beaten for longer than the TTL. */
export function isStale(heartbeatAt: Date | string | number | null | undefined, now: Date, ttlMs: number): boolean {
  if (heartbeatAt === null || heartbeatAt === undefined) return true;
  return now.getTime() - new Date(heartbeatAt).getTime() > ttlMs;
}

/** Shanghai calendar bounds: the start of the day/week/month containing `now`, as instants. */
export function shanghaiStart(now: Date, unit: 'day' | 'week' | 'month'): Date {
  const p = shanghaiParts(now);
  if (unit === 'month') return shanghaiInstant(p.year, p.month, 1);
  return shanghaiInstant(p.year, p.month, p.day - (unit === 'week' ? p.weekday - 1 : 0));
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
