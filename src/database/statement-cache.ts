/**
 * A per-connection cache of prepared SQLite statements. knex's better-sqlite3 client prepares
 * every query afresh (`connection.prepare(sql)`), and compiling the SQL was about a tenth of the
 * server's CPU time under load: a request runs the same few dozen statements each time. Cached
 * statements stay valid across schema changes (SQLite re-prepares them itself), and knex runs
 * them with `all`/`run`, which finish before the next query starts, so one statement is never
 * in use twice. Least recently used statements leave once `limit` are held (lists with `IN (?, …)`
 * of varying length make many distinct strings).
 */
type Preparer = { prepare: (sql: string) => unknown };

export function cacheStatements<T extends Preparer>(conn: T, limit = 500): T {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: the Map's order is the recency order
    } else {
      statement = prepare(sql);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, statement);
    return statement;
  };
  return conn;
}
