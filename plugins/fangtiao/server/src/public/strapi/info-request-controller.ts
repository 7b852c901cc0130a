import type { Core } from '@strapi/strapi';
import { currentCaller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type { AskInfoRequest, ListInfoRequests } from '../../../../shared/contracts/public';
import type { Ctx } from '../../utils/context';

const svc = (strapi: Core.Strapi) => getService(strapi, 'public-info-request');
const audit = (strapi: Core.Strapi, action: string, petitionDocumentId: string, detail: Record<string, unknown>) =>
  strapi
    .service('api::audit-entry.audit-entry')
    .record({ action, targetUid: 'api::petition.petition', targetDocumentId: petitionDocumentId, detail });

/** The desk's side of requests for more information: ask, list, read the reply's file (all in jurisdiction, audited). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx<ListInfoRequests.Request>) {
    ctx.body = { data: await svc(strapi).listForStaff(ctx.params.id) } satisfies ListInfoRequests.Response;
  },

  async ask(ctx: Ctx<AskInfoRequest.Request>) {
    const caller: any = await currentCaller(strapi, ctx);
    const user: any = ctx.state.user ?? {};
    const r = await svc(strapi).ask(ctx.params.id, ctx.request.body?.data ?? ctx.request.body ?? {}, {
      ...caller,
      fullName: user.fullName ?? null,
    });
    await audit(strapi, 'info-request-sent', r.petition.documentId, {
      referenceNo: r.petition.referenceNo,
      requestId: r.request.id,
      replyBy: r.request.replyBy,
      smsSent: r.smsSent,
    });
    ctx.status = 201;
    ctx.body = { data: r.request, meta: { smsSent: r.smsSent } } satisfies AskInfoRequest.Response;
  },

  async file(ctx: Ctx) {
    const f = await svc(strapi).staffFile(ctx.params.id, ctx.params.request);
    await audit(strapi, 'info-reply-file-downloaded', f.petition.documentId, { referenceNo: f.petition.referenceNo, requestId: f.row.id });
    ctx.set('Content-Type', f.row.file_mime);
    ctx.set(
      'Content-Disposition',
      `attachment; filename="reply-${f.row.id}${f.row.file_key.slice(f.row.file_key.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(f.row.file_name)}`,
    );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.bytes;
  },
});
