import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../../utils/get-service';
import { COOKIE } from '../../public/strapi/controller';
import { dropUploads } from './service';
import { uploadsOf } from './controller';
import type { PublicAttachment, PublicAttachments } from '../../../../shared/contracts/attachments';
import type { Ctx } from '../../utils/context';

/** What the person sees of their own material: no storage keys, no staff names. */
const mine = (r: any): PublicAttachment => ({ documentId: r.documentId, name: r.name, mime: r.mime, size: r.size, createdAt: r.createdAt });

/**
 * The petitioner's page (/p/): the person adds evidence to their own case — at online
 * submission (right after it) and later as "补充材料" — with the desk's limits, a per-case
 * cap and a per-phone/IP rate limit. Another person's case is a 404.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sessionOf = async (ctx: Ctx) => {
    const s = await getService(strapi, 'public-auth').session(ctx.cookies.get(COOKIE));
    if (!s) throw new errors.UnauthorizedError('请先登录（手机验证码或编号加查询码）');
    ctx.state.publicActor = s.label;
    return s;
  };

  return {
    async upload(ctx: Ctx<PublicAttachments.Request>) {
      const uploads = uploadsOf(ctx);
      try {
        const s = await sessionOf(ctx);
        const p = await getService(strapi, 'public-status').load(s, ctx.params.ref);
        await getService(strapi, 'attachment').publicThrottle(s.phoneHash ?? `case-${p.id}`, ctx.request.ip);
        const r = await getService(strapi, 'attachment').upload('petition', p.documentId, null, uploads, { publicActor: s.label });
        await strapi.service('api::audit-entry.audit-entry').record(
          {
            action: 'public-attachment-added',
            targetUid: 'api::petition.petition',
            targetDocumentId: p.documentId,
            detail: { referenceNo: p.referenceNo, files: r.rows.length },
          },
          { name: s.label, ip: ctx.request.ip ?? null },
        );
        // The case's clerk and mediator hear of new material in their inbox.
        await getService(strapi, 'public-notify').notifyHandlers(p.id, 'material', { detail: `${r.rows.length} 个文件` });
        ctx.status = 201;
        ctx.body = { data: r.rows.map(mine) } satisfies PublicAttachments.Response;
      } finally {
        await dropUploads(uploads); // also when the session or the case is refused
      }
    },

    async list(ctx: Ctx<PublicAttachments.Request>) {
      const s = await sessionOf(ctx);
      const p = await getService(strapi, 'public-status').load(s, ctx.params.ref);
      const rows = await strapi.db
        .query('plugin::fangtiao.attachment')
        .findMany({ where: { petition: p.id, source: 'public' }, orderBy: { id: 'asc' } });
      ctx.body = { data: rows.map(mine) } satisfies PublicAttachments.Response;
    },
  };
};
