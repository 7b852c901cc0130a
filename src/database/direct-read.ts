import type { Core } from '@strapi/strapi';

type Row = Record<string, unknown>;
type Binding = string | number | null;
type Client = {
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(c: SqliteConnection): Promise<unknown>;
  /** knex's tarn pool: its idle connections, and whether anyone waits for one. */
  pool?: { free?: { resource: SqliteConnection }[]; numPendingAcquires?(): number };
};
type SqliteConnection = { prepare(sql: string): { all(...values: Binding[]): unknown[] } };

/**
 * Runs a fixed read statement and gives back its rows, the cheapest way each database allows.
 *
 * On SQLite, outside a transaction, the statement runs on the pool's connection as the
 * connection's cached prepared statement (src/database/statement-cache.ts), without knex's
 * runner: a status read's statements cost about 25 µs each this way against 60 µs through
 * knex's builder and several times that through the query engine (README "Benchmarks").
 * Inside a transaction (SQLite has one connection, held by it) and on PostgreSQL it goes
 * through knex's `raw` on the transaction or the pool, as every other raw statement does.
 *
 * The SQL must be a constant text with `?` placeholders; values are bound, never spliced.
 */
export async function readRows<T = Row>(strapi: Core.Strapi, sql: string, bindings: Binding[] = []): Promise<T[]> {
  if (strapi.db.inTransaction() || strapi.db.dialect.client !== 'sqlite') return rowsOf<T>(await rawStatement(strapi, sql, bindings));
  const client = (strapi.db.connection as unknown as { client: Client }).client;
  // SQLite's one connection, when it is idle and nobody waits for it: the statement runs to its
  // end before any other code can take it (better-sqlite3 is synchronous), so borrowing it costs
  // nothing — the pool's acquire (a pending operation with its timeout, and several promises)
  // cost a third of a short read. Otherwise (a transaction holds it) wait for it like anyone.
  const free = client.pool?.free;
  if (free?.length && !client.pool!.numPendingAcquires?.()) return free[free.length - 1].resource.prepare(sql).all(...bindings) as T[];
  const conn = await client.acquireConnection();
  try {
    return conn.prepare(sql).all(...bindings) as T[];
  } finally {
    await client.releaseConnection(conn);
  }
}

/** Runs one statement through knex, in the open transaction if there is one (SQLite has one connection). */
export function rawStatement(strapi: Core.Strapi, sql: string, bindings: readonly unknown[] = []): Promise<unknown> {
  const values = bindings as Binding[];
  return strapi.db.inTransaction()
    ? strapi.db.transaction(({ trx }) => trx.raw(sql, values))
    : (strapi.db.connection.raw(sql, values) as unknown as Promise<unknown>);
}

/** The rows of a raw result on either database. */
export const rowsOf = <T = Row>(result: unknown): T[] =>
  Array.isArray(result) ? result : ((result as { rows?: T[] } | null)?.rows ?? []);

/** A datetime column as the query engine gives it (ISO text): SQLite holds milliseconds, PostgreSQL a Date. */
export function isoOf(value: unknown): string | null {
  if (value == null) return null;
  const d = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A JSON column as the query engine gives it: SQLite holds text, PostgreSQL parsed JSON. */
export function jsonOf<T = unknown>(value: unknown): T | null {
  if (value == null) return null;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}
