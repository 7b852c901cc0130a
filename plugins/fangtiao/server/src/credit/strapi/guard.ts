import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { requestCtx } from '@fangtiao/kernel';
import { CREDIT_UID } from './schema';

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);
const PROCESS = new Set<string>([CREDIT_UID.flag, CREDIT_UID.move]);

/**
 * Nothing about a credit flag is ever deleted, and a flag changes only through its moves
 * (the credit service): the document service refuses every delete of flags, their history
 * and their grounds (a ground is deactivated instead), and every admin-panel write to a
 * flag or its history — an administrator cannot skip the due process.
 */
export const creditGuardMiddleware =
  (strapi: Core.Strapi) => async (context: { uid: string; action: string }, next: () => Promise<unknown>) => {
    if (!WRITES.has(context.action)) return next();
    // The query log is written by the credit service alone (query engine) and kept 10 years: no edits, no deletes.
    if (context.uid === CREDIT_UID.queryLog) throw new errors.ForbiddenError('查询记录不能修改或删除（保存10年）');
    if (context.action === 'delete' && (PROCESS.has(context.uid) || context.uid === CREDIT_UID.ground)) {
      throw new errors.ForbiddenError(
        context.uid === CREDIT_UID.ground ? '失信情形不能删除，请改为停用' : '失信记录不能删除，只能按程序流转（撤销、修复、期满后移除）',
      );
    }
    if (PROCESS.has(context.uid)) {
      const ctx = requestCtx(strapi);
      if ((context.action !== 'create' && context.action !== 'update') || ctx?.state?.auth?.strategy?.name === 'admin') {
        throw new errors.ForbiddenError('失信记录只能通过提请、审核、告知、异议、修复等程序变更');
      }
    }
    return next();
  };
