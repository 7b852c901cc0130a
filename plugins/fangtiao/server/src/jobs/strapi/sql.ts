import type { Core } from '@strapi/strapi';
import { caseSql } from '@fangtiao/kernel';
import { dbNames } from '../../utils/db-names';

/**
 * Names and dialect bits for the set-based statements (scan, backlog marking): table,
 * column and link-table names come from Strapi's metadata, never guessed. They run over the
 * whole city (cron jobs), so through the kernel's gateway with no scope: refused inside an
 * end user's request unless the code says why (asSystem).
 */
export function sqlHelpers(strapi: Core.Strapi) {
  const gateway = caseSql(strapi, null, 'set-based job statements');
  const sqlite = strapi.db.dialect.client === 'sqlite';
  const table = (uid: string) => dbNames(strapi, uid).table;
  const col = (uid: string, attr: string) => {
    const column = dbNames(strapi, uid).column(attr);
    if (!column) throw new Error(`no column for ${uid}.${attr}`);
    return column;
  };
  /** The join table of a relation: { name, from (this side's column), to (target's column) }. */
  const link = (uid: string, attr: string) => {
    const jt = dbNames(strapi, uid).joinTable(attr);
    if (!jt) throw new Error(`no join table for ${uid}.${attr}`);
    return { name: jt.name, from: jt.joinColumn.name, to: jt.inverseJoinColumn.name };
  };
  const hasLink = (uid: string, attr: string) => strapi.db.metadata.has(uid) && !!dbNames(strapi, uid).joinTable(attr);
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
