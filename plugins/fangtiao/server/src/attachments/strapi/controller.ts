import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentCaller } from '@fangtiao/kernel';
import { contentDisposition } from '../../documents/file-names';
import { getService } from '../../utils/get-service';
import { ownerKindOf } from '../rules';
import { ATTACHMENT_UID, dropUploads, type Upload } from './service';
import type {
  AttachmentVersions,
  ListForCase,
  ListForOwner,
  MarkAttachment,
  ReplaceAttachment,
  Upload as UploadAttachments,
  WithdrawAttachment,
} from '../../../../shared/contracts/attachments';
import type { Ctx } from '../../utils/context';

/** The files of a multipart request, whatever the field is called (`files`, `file`, repeated or not). */
export function uploadsOf(ctx: Ctx): Upload[] {
  const all = ctx.request.files ? Object.values(ctx.request.files) : [];
  return all.flatMap((f) => (Array.isArray(f) ? f : [f])).filter(Boolean);
}

const body = (ctx: Ctx) => (ctx.request.body && typeof ctx.request.body === 'object' ? ctx.request.body : {});
/** `{ data: {...} }`, as the rest of the API takes it. */
const dataOf = (ctx: Ctx) => {
  const data = (body(ctx) as { data?: unknown }).data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
};

/** Thin controllers over the attachment service; downloads are audited (the files carry personal data). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'attachment');
  const audit = (action: string, targetDocumentId: string, detail?: Record<string, unknown>) =>
    strapi.service('api::audit-entry.audit-entry').record({ action, targetUid: ATTACHMENT_UID, targetDocumentId, detail });

  const send = async (ctx: Ctx, which: 'file' | 'thumbnail') => {
    const f = await service().read(ctx.params.id, which);
    if (which === 'file') await audit('download-attachment', f.row.documentId, { name: f.row.name, sha256: f.row.sha256 });
    ctx.set('Content-Type', f.mime);
    // Inline, so the desk can preview a PDF in a frame; nosniff, so a browser never runs itthing else.
    ctx.set(
      'Content-Disposition',
      contentDisposition(f.name, `attachment-${f.row.documentId}${f.name.slice(f.name.lastIndexOf('.'))}`).replace(
        /^attachment/,
        ctx.query.inline ? 'inline' : 'attachment',
      ),
    );
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.bytes;
  };

  return {
    /** POST /attachments (multipart): ownerKind, owner, field (form fields), files. */
    async upload(ctx: Ctx) {
      const uploads = uploadsOf(ctx);
      const input = body(ctx);
      const kind = ownerKindOf(input.ownerKind);
      if (!kind) {
        await dropUploads(uploads);
        throw new errors.ValidationError('附件所属类型有误', {
          errors: [{ path: ['ownerKind'], message: '附件所属类型有误', name: 'ValidationError' }],
        });
      }
      const caller = (await currentCaller(strapi))!;
      const r = await service().upload(kind, input.owner, input.field, uploads, { caller });
      ctx.status = 201;
      ctx.body = { data: r.rows } satisfies UploadAttachments.Response;
    },

    /** GET /attachments?ownerKind=&owner=&field= */
    async list(ctx: Ctx<ListForOwner.Request>) {
      const kind = ownerKindOf(ctx.query.ownerKind);
      if (!kind)
        throw new errors.ValidationError('附件所属类型有误', {
          errors: [{ path: ['ownerKind'], message: '附件所属类型有误', name: 'ValidationError' }],
        });
      ctx.body = { data: await service().listForOwner(kind, ctx.query.owner, ctx.query.field) } satisfies ListForOwner.Response;
    },

    /** GET /petitions/:id/attachments — the case's attachments and what they can be attached to. */
    async forCase(ctx: Ctx<ListForCase.Request>) {
      const rows = await service().listForCase(ctx.params.id);
      ctx.body = {
        data: rows.map(({ path, thumbnailPath, ...r }) => r),
        meta: { owners: await service().ownersOfCase(ctx.params.id) },
      } satisfies ListForCase.Response;
    },

    /** POST /attachments/:id/withdraw { data: { reason } } — 撤回, kept on the record. */
    async withdraw(ctx: Ctx<WithdrawAttachment.Request>) {
      ctx.body = {
        data: await getService(strapi, 'attachment-change').withdraw(ctx.params.id, dataOf(ctx).reason, (await currentCaller(strapi))!),
      } satisfies WithdrawAttachment.Response;
    },

    /** POST /attachments/:id/replace (multipart, one file) — the next version. */
    async replace(ctx: Ctx<ReplaceAttachment.Request>) {
      const uploads = uploadsOf(ctx);
      ctx.status = 201;
      ctx.body = {
        data: await getService(strapi, 'attachment-change').replace(ctx.params.id, uploads, (await currentCaller(strapi))!),
      } satisfies ReplaceAttachment.Response;
    },

    /** POST /attachments/:id/mark { data: { note } } — 标注. */
    async mark(ctx: Ctx<MarkAttachment.Request>) {
      ctx.body = {
        data: await getService(strapi, 'attachment-change').mark(ctx.params.id, dataOf(ctx).note, (await currentCaller(strapi))!),
      } satisfies MarkAttachment.Response;
    },

    /** GET /attachments/:id/versions */
    async versions(ctx: Ctx<AttachmentVersions.Request>) {
      ctx.body = { data: await getService(strapi, 'attachment-change').versions(ctx.params.id) } satisfies AttachmentVersions.Response;
    },

    download: (ctx: Ctx) => send(ctx, 'file'),
    thumbnail: (ctx: Ctx) => send(ctx, 'thumbnail'),
  };
};
