import type { Core } from '@strapi/strapi';
import { type Counter, type ThrottleLimits, retryAfterSeconds } from './login-throttle-rules';

/**
 * Failed-login counters in the database (table fangtiao_login_failures, made by
 * src/database/setup.ts), so every instance counts and refuses alike. Each change is one atomic
 * statement, the same SQL on SQLite and PostgreSQL. An attempt is counted *before* it is tried
 * (so parallel guesses cannot slip past the limit) and given back when it did not fail.
 */
export const TABLE = 'fangtiao_login_failures';

type Reservation = { key: string; counter: Counter };

const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

/** Counts one attempt on `key`, opening a new window when the last one has passed. */
async function reserve(strapi: Core.Strapi, key: string, windowMs: number, now: number): Promise<Reservation> {
  const sql =
    `INSERT INTO ${TABLE} (throttle_key, failures, window_start) VALUES (?, 1, ?) ` +
    `ON CONFLICT (throttle_key) DO UPDATE SET ` +
    `failures = CASE WHEN ${TABLE}.window_start <= ? THEN 1 ELSE ${TABLE}.failures + 1 END, ` +
    `window_start = CASE WHEN ${TABLE}.window_start <= ? THEN excluded.window_start ELSE ${TABLE}.window_start END ` +
    `RETURNING failures, window_start`;
  const closed = now - windowMs;
  const [row] = rowsOf(await strapi.db.connection.raw(sql, [key, now, closed, closed]));
  return { key, counter: { failures: Number(row.failures), windowStart: Number(row.window_start) } };
}

/** Gives back a reserved attempt (only in the window it was counted in). */
async function refund(strapi: Core.Strapi, r: Reservation) {
  await strapi.db
    .connection(TABLE)
    .where({ throttle_key: r.key, window_start: r.counter.windowStart })
    .andWhere('failures', '>', 0)
    .decrement('failures', 1);
}

let calls = 0;
/** Rows whose window has closed are dropped now and then (every 100th attempt on an instance). */
async function sweep(strapi: Core.Strapi, windowMs: number, now: number) {
  calls += 1;
  if (calls % 100) return;
  await strapi.db
    .connection(TABLE)
    .where('window_start', '<=', now - windowMs)
    .delete();
}

export type Verdict =
  | { allowed: true; settle: (outcome: 'failed' | 'succeeded' | 'other') => Promise<void> }
  | { allowed: false; kind: 'account' | 'ip'; retryAfter: number };

/**
 * One attempt on `accountKey` from `ipKey`. Refused when either is locked (and then nothing is
 * counted); otherwise the caller tries and settles: a failure stays counted, anything else is
 * given back, and a success also clears the account's count.
 */
export async function attempt(strapi: Core.Strapi, accountKey: string, ipKey: string, limits: ThrottleLimits): Promise<Verdict> {
  const now = Date.now();
  await sweep(strapi, limits.windowMs, now);
  const account = await reserve(strapi, accountKey, limits.windowMs, now);
  const ip = await reserve(strapi, ipKey, limits.windowMs, now);
  const accountWait = retryAfterSeconds(account.counter, limits.accountFailures, limits.windowMs, now, true);
  const ipWait = retryAfterSeconds(ip.counter, limits.ipFailures, limits.windowMs, now, true);
  if (accountWait || ipWait) {
    await refund(strapi, account);
    await refund(strapi, ip);
    return accountWait ? { allowed: false, kind: 'account', retryAfter: accountWait } : { allowed: false, kind: 'ip', retryAfter: ipWait };
  }
  return {
    allowed: true,
    async settle(outcome) {
      if (outcome === 'failed') return;
      await refund(strapi, ip);
      if (outcome === 'succeeded') await strapi.db.connection(TABLE).where({ throttle_key: account.key }).delete();
      else await refund(strapi, account);
    },
  };
}

/** The counter of a key as stored (tests and support: "is this account locked?"). */
export async function counterOf(strapi: Core.Strapi, key: string): Promise<Counter | null> {
  const row = await strapi.db.connection(TABLE).where({ throttle_key: key }).first();
  return row ? { failures: Number(row.failures), windowStart: Number(row.window_start) } : null;
}

/** The table, if missing. The key is the primary key: the upsert's conflict target. */
export async function createThrottleTable(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (await knex.schema.hasTable(TABLE)) return;
  await knex.schema.createTable(TABLE, (t) => {
    t.string('throttle_key', 255).notNullable().primary();
    t.integer('failures').notNullable();
    t.bigInteger('window_start').notNullable();
    t.index(['window_start'], `ix_${TABLE}_window_start`);
  });
}
