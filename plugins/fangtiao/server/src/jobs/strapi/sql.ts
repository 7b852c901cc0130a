import type { Core } from '@strapi/strapi';
import { caseSql } from '@fangtiao/kernel';

/**
 * Names and dialect bits for the set-based statements (scan, backlog marking): table,
 * column and link-table names come from Strapi's metadata, never guessed. They run over the
 * whole city (cron jobs), so through the kernel's gateway with no scope: refused inside an
 * end user's request unless the code says why (asSystem).
 */
export function sqlHelpers(strapi: Core.Strapi) {
  const gateway = caseSql(strapi, null, 'set-based job statements');
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
    run: <T = any>(sql: string, bindings: unknown[] = []): Promise<T> => gateway.run<T>(sql, bindings),
    rows: (result: any): any[] => (Array.isArray(result) ? result : (result?.rows ?? [])),
  };
}
export type SqlHelpers = ReturnType<typeof sqlHelpers>;
