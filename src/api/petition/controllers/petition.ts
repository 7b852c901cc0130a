import { factories, type Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { contentTypes, errors } from '@strapi/utils';
import { currentCaller } from '../../../jurisdiction/current';
import { petitions, petitionFlow, petitionRecords, petitionExport, petitionSearch } from '../../../services';
import { parseSearch } from '../../../search/query';
import { throwIfInvalid } from '../../../validation';
import { withDeadline } from './deadline-view';
import { PETITION_HANDLER_FIELDS as HANDLER_FIELDS, UID } from '../../../constants';
import { discloseForm } from '../../../personal-data/disclosure';
import { filesByField, registerWithFiles } from '../services/petition-intake-files';
import { plainListRead } from '../services/petition-list';
import type { MoveOption, TimelineItem } from '../../../contracts/petitions';

/** What a list row shows unless the caller asks for other fields: no long texts or form data. */
const LIST_FIELDS: readonly string[] = [
  'referenceNo',
  'channel',
  'subject',
  'state',
  'registeredAt',
  'acceptedAt',
  'concludedAt',
  'dueAt',
  'acceptanceDueAt',
  'conclusionDueAt',
  'reviewRequestedAt',
  'reviewAnswerDueAt',
  'reReviewRequestedAt',
  'reReviewAnswerDueAt',
  'extensionDays',
  'isBacklog',
  'isRepeat',
  'isDifficult',
  'visitCount',
  'fiveClarityScore',
  'fiveClarityMissing',
  'caseTypeVersion',
  'updatedAt',
];

/** Attribute types whose values the content API's output sanitizer never changes. */
const SCALAR = new Set([
  'string',
  'text',
  'enumeration',
  'integer',
  'biginteger',
  'decimal',
  'float',
  'boolean',
  'date',
  'datetime',
  'time',
  'json',
  'uid',
  'email',
]);

/**
 * Whether LIST_FIELDS are all plain scalars that the content API may show. Strapi's output
 * sanitizer removes passwords, private attributes and relations, media, components or
 * dynamic zones the caller may not read; a page of LIST_FIELDS read without populate holds
 * none of these (only them, id and documentId), so sanitizing it changes nothing and costs
 * a tenth of the request. Checked once against the schema, so a private field added to
 * LIST_FIELDS brings the sanitizer back rather than leaking.
 */
let listFieldsPlain: boolean | undefined;
const listFieldsArePlain = (strapi: Core.Strapi): boolean =>
  (listFieldsPlain ??= LIST_FIELDS.every((f) => {
    const model = strapi.getModel('api::petition.petition');
    const attr = (model.attributes as Record<string, { type: string } | undefined>)[f];
    return !!attr && SCALAR.has(attr.type) && !contentTypes.isPrivateAttribute(model, f);
  }));

const listAttributes = (strapi: Core.Strapi) =>
  strapi.getModel(UID.petition).attributes as Record<string, { type: string; enum?: string[] }>;
const restLimits = (strapi: Core.Strapi) => ({
  defaultLimit: Number(strapi.config.get('api.rest.defaultLimit', 25)),
  maxLimit: Number(strapi.config.get('api.rest.maxLimit')) || -1,
});

const dataOf = (ctx: Context) => {
  const data = ctx.request.body?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new errors.ValidationError('请求体缺少 data 对象');
  return data;
};

/** A registration's data: the JSON body's `data`, or a multipart request's `data` part (JSON text). */
function registrationData(ctx: Context) {
  const text = ctx.is('multipart') ? ctx.request.body?.data : undefined;
  if (typeof text !== 'string') return dataOf(ctx);
  try {
    ctx.request.body = { data: JSON.parse(text) };
  } catch {
    throw new errors.ValidationError('data 不是有效的 JSON', {
      errors: [{ path: ['data'], message: 'data 不是有效的 JSON', name: 'ValidationError' }],
    });
  }
  return dataOf(ctx);
}

/** Thin: read the request, call one service method, shape the response. */
export default factories.createCoreController('api::petition.petition', ({ strapi }) => {
  const caller = async (ctx: any) => (await currentCaller(strapi, ctx))!;
  return {
    async find(ctx) {
      // `mine=true`: the cases the caller handles (assigned clerk, mediator or leader).
      const mine = ctx.query.mine === 'true';
      if ('mine' in ctx.query) ctx.query = Object.fromEntries(Object.entries(ctx.query).filter(([k]) => k !== 'mine'));
      const read =
        !mine && process.env.FANGTIAO_PLAIN_LIST !== 'off' && listFieldsArePlain(strapi)
          ? plainListRead(ctx.query, listAttributes(strapi), LIST_FIELDS, restLimits(strapi))
          : null;
      if (read) {
        const { results, pagination } = await petitions(strapi).findPlain(read, LIST_FIELDS);
        return this.transformResponse!(results.map(withDeadline), { pagination });
      }
      const query: Record<string, any> = await this.sanitizeQuery!(ctx);
      // A copy: the document service adds documentId to the array it is given.
      if (!ctx.query.fields) query.fields = [...LIST_FIELDS];
      if (mine) {
        const me = (await caller(ctx)).id;
        const handling = { $or: HANDLER_FIELDS.map((f) => ({ [f]: { id: me } })) };
        query.filters = query.filters ? { $and: [query.filters, handling] } : handling;
      }
      const { results, pagination } = await petitions(strapi).find(query);
      // Only our own plain list fields may skip the output sanitizer (see listFieldsArePlain).
      const plain = !ctx.query.fields && !ctx.query.populate && !query.populate && listFieldsArePlain(strapi);
      const data = plain ? results : await this.sanitizeOutput!(results, ctx);
      return this.transformResponse!((data as any[]).map(withDeadline), { pagination });
    },

    async findOne(ctx) {
      const query = await this.sanitizeQuery!(ctx);
      const doc = await petitions(strapi).findOne(ctx.params.id, query);
      if (!doc) throw new errors.NotFoundError('信访事项不存在');
      const view = withDeadline(await this.sanitizeOutput!(doc, ctx));
      view.handlers = await petitions(strapi).handlers(ctx.params.id);
      return this.transformResponse!(view);
    },

    async create(ctx) {
      // JSON, or multipart with `data` (JSON text) and the 附件 fields' files as `files.<field key>`.
      // The person's query code for the petitioner's page (/p/) comes with it, shown once.
      const { petition: doc, queryCode } = await registerWithFiles(
        strapi,
        registrationData(ctx),
        filesByField(ctx.request.files),
        await caller(ctx),
      );
      ctx.status = 201;
      const body: any = await this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
      return { ...body, meta: { ...(body.meta ?? {}), queryCode } };
    },

    async update(ctx) {
      const doc = await petitions(strapi).editDetails(ctx.params.id, dataOf(ctx));
      return this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
    },

    async recordConsent(ctx) {
      const doc = await petitions(strapi).recordConsent(ctx.params.id, dataOf(ctx));
      return this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
    },

    async transition(ctx) {
      const { action, input } = ctx.request.body ?? {};
      if (typeof action !== 'string')
        throw new errors.ValidationError('缺少 action', { errors: [{ path: ['action'], message: '缺少 action' }] });
      const doc = await petitionFlow(strapi).transition(ctx.params.id, action, input ?? {}, await caller(ctx));
      return this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
    },

    async moves(ctx) {
      return { data: await petitionFlow(strapi).movesFor(ctx.params.id, await caller(ctx)) } satisfies { data: MoveOption[] };
    },

    async extend(ctx) {
      const { days, reason } = dataOf(ctx);
      const doc = await petitionFlow(strapi).extend(ctx.params.id, Number(days), reason, await caller(ctx));
      return this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
    },

    async createVisit(ctx) {
      const visit = await petitionRecords(strapi).recordVisit(ctx.params.id, dataOf(ctx), await caller(ctx));
      ctx.status = 201;
      return { data: visit };
    },

    async createSession(ctx) {
      const session = await petitionRecords(strapi).recordSession(ctx.params.id, dataOf(ctx), await caller(ctx));
      ctx.status = 201;
      return { data: session };
    },

    async recordReturnVisit(ctx) {
      const doc = await petitionRecords(strapi).recordReturnVisit(ctx.params.id, dataOf(ctx), await caller(ctx));
      return this.transformResponse!(withDeadline(await this.sanitizeOutput!(doc, ctx)));
    },

    async getForm(ctx) {
      const form = await petitionRecords(strapi).form(ctx.params.id);
      await discloseForm(strapi, ctx, await caller(ctx), ctx.params.id, form);
      return { data: form };
    },

    async updateForm(ctx) {
      await petitionRecords(strapi).updateForm(ctx.params.id, dataOf(ctx), await caller(ctx));
      const form = await petitionRecords(strapi).form(ctx.params.id);
      await discloseForm(strapi, ctx, await caller(ctx), ctx.params.id, form);
      return { data: form };
    },

    async timeline(ctx) {
      const data = await petitionRecords(strapi).timeline(ctx.params.id);
      await strapi.service(UID.auditEntry).record({ action: 'read-timeline', targetUid: UID.petition, targetDocumentId: ctx.params.id });
      return { data } satisfies { data: TimelineItem[] };
    },

    /** GET /petitions/search?q=&by=&state=&organisation=&caseType=&from=&to=&limit= — one list, each row with what it matched. */
    async search(ctx) {
      const states = (strapi.getModel(UID.petition).attributes as any).state.enum as string[];
      const { params, problems } = parseSearch(ctx.query, states);
      throwIfInvalid(problems, '查找条件有误');
      const { hits, more } = await petitionSearch(strapi).search(params!);
      if (params!.by === 'id' || params!.by === 'phone') {
        // A look-up by number is a read of personal data even when it finds nothing.
        await strapi.service(UID.auditEntry).record({
          action: 'search-personal',
          targetUid: UID.petition,
          detail: {
            by: params!.by === 'id' ? 'idNumber' : 'phone',
            found: hits.map((h) => h.record.documentId),
            route: `${ctx.method} ${ctx.path}`,
          },
        });
      }
      // The service reads named, non-private fields only (see petition-search FIELDS and POPULATE): nothing for the sanitizer to remove.
      return { data: hits.map((h) => ({ ...h.record, matched: h.matched })), meta: { by: params!.by, more } };
    },

    async export(ctx) {
      const query = await this.sanitizeQuery!(ctx);
      const format = ctx.query.format === 'csv' ? 'csv' : 'xlsx';
      const file = await petitionExport(strapi).export(query, format);
      ctx.set('Content-Type', file.contentType);
      // An ASCII fallback name, and the Chinese one for clients that read RFC 5987.
      ctx.set('Content-Disposition', `attachment; filename="petitions.${format}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      ctx.body = file.body;
    },
  };
});
