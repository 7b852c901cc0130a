/** Module audit/: the audit document middleware (the service is api/audit-entry). Imports: Strapi and constants. */
import type { Core } from '@strapi/strapi';
import type { DocumentContext, DocumentMiddleware } from '../kernel/document-middleware';
import { errors } from '@strapi/utils';
import { UID } from '../constants';

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);
const audited = (uid: string) => uid.startsWith('api::') || uid.startsWith('plugin::fangtiao.') || uid === UID.user;

/** Every create, update and delete of our models goes into the audit log; the log itself is write-protected. */
export const auditMiddleware =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (documentContext, next) => {
    const context = documentContext as DocumentContext;
    if (!WRITES.has(context.action)) return next();
    if (context.uid === UID.auditEntry) {
      throw new errors.ForbiddenError('审计日志只能追加，不能修改或删除');
    }
    if (!audited(context.uid)) return next();
    const result = await next();
    // A write returns the document written (a delete, its documentId's entries).
    const documentId = (result as { documentId?: string } | null)?.documentId ?? context.params?.documentId ?? null;
    const fields = context.params?.data ? Object.keys(context.params.data).filter((k) => !k.endsWith('Code')) : undefined;
    await strapi.service(UID.auditEntry).record({
      action: context.action,
      targetUid: context.uid,
      targetDocumentId: documentId,
      detail: fields ? { fields } : undefined,
    });
    return result;
  };
