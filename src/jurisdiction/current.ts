import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { cachedCallerRow } from '../access/user-cache';
import type { Jurisdiction, Level } from './scope';

type Ctx = { state: Record<string, any>; request?: { ip?: string } };

/** The koa context of the request being served, if any (none in cron jobs and bootstrap). */
export function requestCtx(strapi: Core.Strapi): Ctx | undefined {
  return strapi.requestContext.get() as Ctx | undefined;
}

/** Whether the request is made by an end user through the content API (the scoped case). */
export function isEndUserRequest(ctx: Ctx | undefined): ctx is Ctx {
  return ctx?.state?.auth?.strategy?.name === 'users-permissions' && !!ctx.state.user;
}

export type Caller = {
  id: number;
  username: string;
  role: string | null;
  jurisdiction: Jurisdiction | null;
};

/**
 * The calling end user with its role code and jurisdiction, loaded once per request
 * (one indexed query, kept per instance for a few seconds by src/access/user-cache) and
 * kept on ctx.state.
 */
export async function currentCaller(strapi: Core.Strapi, ctx = requestCtx(strapi)): Promise<Caller | null> {
  if (!isEndUserRequest(ctx)) return null;
  if (ctx.state.caller) return ctx.state.caller as Caller;
  const userId: number = ctx.state.user.id;
  const row = await cachedCallerRow(strapi, userId, () => callerRow(strapi, userId));
  const caller: Caller = {
    id: ctx.state.user.id,
    username: row?.username ?? ctx.state.user.username,
    role: row?.role ?? null,
    jurisdiction: row?.org_id
      ? { level: row.org_level as Level, code: row.org_code, organisationId: row.org_id, organisationDocumentId: row.org_document_id }
      : null,
  };
  ctx.state.caller = caller;
  return caller;
}

/**
 * The user with its role code and organisation in one query (this runs on every request;
 * the query engine would take three). Table and column names come from Strapi's metadata.
 */
async function callerRow(strapi: Core.Strapi, userId: number): Promise<any> {
  // Inside a transaction (SQLite has one connection) the query must join it.
  if (strapi.db.inTransaction()) return strapi.db.transaction(({ trx }) => callerQuery(trx, userId, strapi));
  return callerQuery(strapi.db.connection, userId, strapi);
}

function callerQuery(knex: any, userId: number, strapi: Core.Strapi) {
  const meta = strapi.db.metadata;
  const user = meta.get(UID.user);
  const link = (attr: string) => (user.attributes as any)[attr].joinTable;
  const role = link('role');
  const org = link('organisation');
  const roles = meta.get(UID.role).tableName;
  const orgs = meta.get(UID.organisation).tableName;
  const orgCols = meta.get(UID.organisation).attributes as any;
  // Schema-qualified on PostgreSQL when a schema is configured, as Strapi's own queries are.
  const schema = strapi.db.getSchemaName();
  const t = (name: string, alias: string) => `${schema ? `${schema}.` : ''}${name} as ${alias}`;
  return knex
    .select({
      username: 'u.username',
      role: 'r.type',
      org_id: 'o.id',
      org_document_id: 'o.document_id',
      org_level: `o.${orgCols.level.columnName}`,
      org_code: `o.${orgCols.code.columnName}`,
    })
    .from(t(user.tableName, 'u'))
    .leftJoin(t(role.name, 'ur'), `ur.${role.joinColumn.name}`, 'u.id')
    .leftJoin(t(roles, 'r'), 'r.id', `ur.${role.inverseJoinColumn.name}`)
    .leftJoin(t(org.name, 'uo'), `uo.${org.joinColumn.name}`, 'u.id')
    .leftJoin(t(orgs, 'o'), 'o.id', `uo.${org.inverseJoinColumn.name}`)
    .where('u.id', userId)
    .first();
}
