import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { UID } from '../constants';
import { currentCaller } from '../jurisdiction/current';
import { hasPersonalData, maskRecord } from '../personal-data/fields';

type Config = { uid: string; handlerFields: string[] };

/**
 * Route middleware for responses that may carry ID and phone numbers: the people handling
 * a record (its handler relations name them) see them in clear, everyone else sees them
 * masked; every read of them, clear or masked, goes into the audit log.
 */
export default (config: Config, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: any, next: () => Promise<void>) => {
    await next();
    const data = ctx.body?.data;
    const records: any[] = (Array.isArray(data) ? data : data ? [data] : []).filter(
      (r: any) => r?.documentId && hasPersonalData(r),
    );
    if (!records.length) return;
    const caller = await currentCaller(strapi, ctx);
    if (!caller) return;
    const handled = await strapi.db.query(config.uid as StrapiUID.Schema).findMany({
      where: {
        documentId: { $in: records.map((r) => r.documentId) },
        $or: config.handlerFields.map((f) => ({ [f]: { id: caller.id } })),
      },
      select: ['documentId'],
    });
    const clear = new Set(handled.map((h: any) => h.documentId));
    for (const r of records) if (!clear.has(r.documentId)) maskRecord(r);
    await strapi.service(UID.auditEntry).record(
      records.map((r) => ({
        action: 'read-personal',
        targetUid: config.uid,
        targetDocumentId: r.documentId,
        detail: { masked: !clear.has(r.documentId), route: `${ctx.method} ${ctx.path}` },
      })),
    );
  };
