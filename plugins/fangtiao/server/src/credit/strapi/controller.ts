import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import type { CreditAction, ExportFlags, MoveFlag } from '../../../../shared/contracts/credit';
import { getService } from '../../utils/get-service';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy

/** The request's `data`: a JSON object, or (multipart) its JSON text. */
function dataOf(ctx: Ctx): Record<string, any> {
  let data = ctx.request.body?.data ?? {};
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      throw new errors.ValidationError('data 不是有效的 JSON', { errors: [{ path: ['data'], message: 'data 不是有效的 JSON' }] });
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new errors.ValidationError('请求体 data 应为对象');
  return data;
}

const filesOf = (ctx: Ctx, field: string) => {
  const f = ctx.request.files?.[field] ?? ctx.request.files?.[`files.${field}`];
  return f ? (Array.isArray(f) ? f : [f]) : [];
};

/** Thin controllers over the credit service. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = (action: CreditAction) => async (ctx: Ctx<MoveFlag.Request>) => {
    const { params } = ctx;
    ctx.body = { data: await getService(strapi, 'credit').move(params.id, action, dataOf(ctx), caller(ctx)) };
  };
  /** The person's objection or repair application, received in person by the caller (with the signed writing). */
  const inPerson = (method: 'lodgeObjection' | 'applyForRepair') => async (ctx: Ctx) => {
    ctx.body = {
      data: await getService(strapi, 'credit')[method](ctx.params.id, dataOf(ctx), {
        channel: 'in-person',
        caller: caller(ctx),
        files: filesOf(ctx, 'attachments'),
      }),
    };
  };
  const download = (field: 'objectionAttachments' | 'deliveryReceipts' | 'repairAttachments', action: string) => async (ctx: Ctx) => {
    const f = await getService(strapi, 'credit').readAttachment(ctx.params.id, ctx.params.fileId, field);
    await getService(strapi, 'credit').logQuery([ctx.params.id], 'download', caller(ctx), { file: f.file.id, what: field });
    await strapi.service('api::audit-entry.audit-entry').record({
      action,
      targetUid: 'plugin::fangtiao.credit-flag',
      targetDocumentId: ctx.params.id,
      detail: { file: f.file.id },
    });
    ctx.set('Content-Type', f.mime);
    ctx.set('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.bytes;
  };
  return {
    async find(ctx: Ctx) {
      const { results, pagination } = await getService(strapi, 'credit').list(ctx.query ?? {}, caller(ctx));
      ctx.body = { data: results, meta: { pagination } };
    },

    async findOne(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'credit').get(ctx.params.id, caller(ctx)) };
    },

    async history(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'credit').history(ctx.params.id, caller(ctx)) };
    },

    /** The flag's query log (查询记录): who viewed or exported it, when. */
    async queries(ctx: Ctx) {
      const { results, pagination } = await getService(strapi, 'credit').queries(ctx.params.id, ctx.query ?? {});
      ctx.body = { data: results, meta: { pagination } };
    },

    async propose(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'credit').propose(dataOf(ctx), caller(ctx)) };
    },

    approve: step('approve'),
    reject: step('reject'),
    notify: step('notify'),
    lodgeObjection: inPerson('lodgeObjection'),
    decideObjection: step('decide_objection'),
    extendObjectionReview: step('extend_objection_review'),
    activate: step('activate'),
    applyRepair: inPerson('applyForRepair'),
    decideRepair: step('decide_repair'),
    expire: step('expire'),
    remove: step('remove'),

    async deliver(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'credit').deliver(ctx.params.id, dataOf(ctx), caller(ctx), filesOf(ctx, 'receipt')) };
    },

    deliveryReceipt: download('deliveryReceipts', 'download-delivery-receipt'),
    objectionAttachment: download('objectionAttachments', 'download-objection-attachment'),
    repairAttachment: download('repairAttachments', 'download-repair-attachment'),

    async grounds(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'credit').grounds() };
    },

    async hints(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'credit').hints(ctx.params.id) };
    },

    /** For the public credit platform: active flags only, full ID numbers; every export is logged. */
    async export(ctx: Ctx<ExportFlags.Request>) {
      const { query } = ctx;
      const format = query.format === 'json' ? 'json' : 'csv';
      const out = await getService(strapi, 'credit').exportActive(format, caller(ctx));
      ctx.set('Cache-Control', 'private, no-store');
      ctx.set('Content-Disposition', `attachment; filename="credit-flags.${format}"; filename*=UTF-8''${encodeURIComponent(out.filename)}`);
      if (format === 'json') {
        const body: ExportFlags.Response = { data: out.records!, meta: { count: out.count, exportedAt: out.exportedAt } };
        ctx.body = body;
        return;
      }
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.body = out.body;
    },
  };
};
