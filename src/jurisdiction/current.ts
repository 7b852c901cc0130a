import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
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
 * (one indexed query) and kept on ctx.state.
 */
export async function currentCaller(strapi: Core.Strapi, ctx = requestCtx(strapi)): Promise<Caller | null> {
  if (!isEndUserRequest(ctx)) return null;
  if (ctx.state.caller) return ctx.state.caller as Caller;
  const user = await strapi.db.query(UID.user).findOne({
    where: { id: ctx.state.user.id },
    select: ['id', 'username'],
    populate: {
      role: { select: ['type'] },
      organisation: { select: ['id', 'documentId', 'level', 'code'] },
    },
  });
  const org = user?.organisation;
  const caller: Caller = {
    id: ctx.state.user.id,
    username: user?.username ?? ctx.state.user.username,
    role: user?.role?.type ?? null,
    jurisdiction: org
      ? { level: org.level as Level, code: org.code, organisationId: org.id, organisationDocumentId: org.documentId }
      : null,
  };
  ctx.state.caller = caller;
  return caller;
}
