import type { Core } from '@strapi/strapi';

/**
 * Names and dialect bits for the set-based statements (scan, backlog marking): table,
 * column and link-table names come from Strapi's metadata, never guessed.
 */
export function sqlHelpers(strapi: Core.Strapi) {
  const sqlite = strapi.db.dialect.client === 'sqlite';
  const meta = (uid: string) => strapi.db.metadata.get(uid as any);
  const table = (uid: string) => meta(uid).tableName;
  const col = (uid: string, attr: string) => {
    const a = (meta(uid).attributes as any)[attr];
    if (!a?.columnName) throw new Error(`no column for ${uid}.${attr}`);
    return a.columnName as string;
  };
  /** The join table of a relation: { name, from (this side's column), to (target's column) }. */
  const link = (uid: string, attr: string) => {
    const jt = (meta(uid).attributes as any)[attr]?.joinTable;
    if (!jt) throw new Error(`no join table for ${uid}.${attr}`);
    return { name: jt.name as string, from: jt.joinColumn.name as string, to: jt.inverseJoinColumn.name as string };
  };
  const hasLink = (uid: string, attr: string) => !!strapi.db.metadata.has(uid as any) && !!(meta(uid).attributes as any)[attr]?.joinTable;
  return {
    sqlite,
    table,
    col,
    link,
    hasLink,
    /** A bound datetime: SQLite keeps epoch milliseconds. */
    dt: (d: Date) => (sqlite ? d.getTime() : d),
    bool: (b: boolean) => (sqlite ? (b ? 1 : 0) : b),
    /** A fresh 24-character document id, per row. */
    docId: sqlite ? 'lower(hex(randomblob(12)))' : 'substr(md5(random()::text || clock_timestamp()::text), 1, 24)',
    /** A datetime column as epoch-millisecond text (for trigger keys). */
    msText: (c: string) => (sqlite ? `CAST(${c} AS TEXT)` : `CAST(CAST(EXTRACT(EPOCH FROM ${c}) * 1000 AS BIGINT) AS TEXT)`),
    /** The knex to use now: the open transaction's, if any (SQLite has one connection). */
    run: <T = any>(sql: string, bindings: unknown[] = []): Promise<T> =>
      strapi.db.inTransaction()
        ? (strapi.db.transaction(({ trx }) => trx.raw(sql, bindings as any)) as Promise<T>)
        : (strapi.db.connection.raw(sql, bindings as any) as unknown as Promise<T>),
    rows: (result: any): any[] => (Array.isArray(result) ? result : (result?.rows ?? [])),
  };
}
export type SqlHelpers = ReturnType<typeof sqlHelpers>;
