import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentCaller } from './current';
import { systemReason } from './query-scope';
import { scopeColumnOf, type Level } from './scope';
import { rawStatement, readRows, rowsOf } from '../database/direct-read';

/**
 * Raw SQL on case data: the one gateway. Set-based statements (the measures' aggregates, the
 * warning scan, backlog marking) are too big for the query engine, so they bypass its
 * lifecycle hook (query-scope.ts); they take their knex and their scope predicate from here
 * instead. Before the first statement runs, the gateway checks the scope against the caller:
 * inside an end user's request the scope must be given and lie within the caller's
 * jurisdiction (a county leader may ask for one of its townships, never a neighbour);
 * everything (`null`) is for cron jobs, bootstrap and the admin panel, or for code that says
 * why with `asSystem`. `test/unit/kernel-boundary.test.ts` fails if a module outside the
 * kernel runs raw SQL on a case-data table by itself.
 */
export type SqlScope = { level: Level; code: string } | null;

export function caseSql(strapi: Core.Strapi, scope: SqlScope, purpose: string) {
  let checked: Promise<void> | null = null;
  const meta = (uid: string) => strapi.db.metadata.get(uid as any) as any;

  async function check() {
    if (systemReason()) return;
    const caller = await currentCaller(strapi);
    if (!caller) return;
    const j = caller.jurisdiction;
    if (!j) throw new errors.ForbiddenError('用户未关联组织机构');
    if (!scope) throw new errors.ForbiddenError(`${purpose}: 需限定管辖范围`);
    if (scope.level === j.level && scope.code === j.code) return;
    // The asked-for unit must be one of the caller's own (its scope column at the caller's level).
    const org = await strapi.db.query('api::organisation.organisation').findOne({
      where: { code: scope.code, level: scope.level, [scopeColumnOf(j.level)]: j.code },
      select: ['id'],
    });
    if (!org) throw new errors.NotFoundError('机构不存在或不在管辖范围内');
  }

  return {
    purpose,
    postgres: strapi.db.dialect.client === 'postgres',
    /** `alias.<scope column> = ?` for the scope (its binding pushed), `TRUE` for everything. */
    where(alias: string, uid: string, bindings: unknown[]): string {
      if (!scope) return 'TRUE';
      bindings.push(scope.code);
      return `${alias}."${meta(uid).attributes[scopeColumnOf(scope.level)].columnName}" = ?`;
    },
    /** Runs one statement, in the open transaction if there is one (SQLite has one connection). */
    async run<T = any>(sql: string, bindings: unknown[] = []): Promise<T> {
      await (checked ??= check());
      return rawStatement(strapi, sql, bindings) as Promise<T>;
    },
    /** Runs one read statement of constant text and gives its rows (src/database/direct-read.ts: prepared on SQLite). */
    async read<T = Record<string, unknown>>(sql: string, bindings: (string | number | null)[] = []): Promise<T[]> {
      await (checked ??= check());
      return readRows<T>(strapi, sql, bindings);
    },
    /** The rows of a raw result on either database. */
    rows: rowsOf,
  };
}
export type CaseSql = ReturnType<typeof caseSql>;
