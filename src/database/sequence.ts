import type { Core } from '@strapi/strapi';

/**
 * Next number of a per-scope, per-year sequence (reference numbers). One atomic upsert:
 * concurrent callers each get their own number on SQLite and PostgreSQL alike, and
 * inside a transaction the number is given back if the transaction rolls back.
 */
export async function nextInSequence(strapi: Core.Strapi, scope: string, year: number): Promise<number> {
  const sql =
    'INSERT INTO fangtiao_counters (scope, year, last) VALUES (?, ?, 1) ' +
    'ON CONFLICT (scope, year) DO UPDATE SET last = fangtiao_counters.last + 1 RETURNING last';
  // db.transaction joins the caller's transaction when there is one.
  const result: any = await strapi.db.transaction(({ trx }) => trx.raw(sql, [scope, year]));
  const rows = Array.isArray(result) ? result : result.rows;
  return Number(rows[0].last);
}
