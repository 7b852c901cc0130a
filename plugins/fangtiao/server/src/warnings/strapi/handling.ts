/**
 * What officials do with warnings (content API): the list, one warning, its moves (acknowledge →
 * act → close) and its notice PDF (信访预警单); and the rules as configured. Part of the
 * warning service (service.ts), which raises and escalates them.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { refuse, type Caller } from '@fangtiao/kernel';
import { shanghaiDate } from '@fangtiao/kernel/pure';
import { COLOUR_OWNERSHIP, WARNING_STATES, planWarningMove } from '../rules';
import { WARNING_UID } from './schema';
import { pageOf, paginationMeta } from '../../pagination';
import { stripping } from '../../utils/records';
import { getService } from '../../utils/get-service';

const W = WARNING_UID.warning;
const RULE = WARNING_UID.rule;
const PERSON = () => ({ fields: ['username', 'fullName'] });
const strip = stripping(['triggerKey', 'petitionRef', 'unitRef', 'batch', 'escalationBatch']);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(query: Record<string, any>, caller: Caller) {
    const filters: Record<string, any> = {};
    if (query.state) filters.state = { $in: String(query.state).split(',') };
    if (query.colour) filters.colour = { $in: String(query.colour).split(',') };
    if (query.petition) filters.petition = { documentId: String(query.petition) };
    if (query.mine === 'true') filters.recipients = { id: caller.id };
    const page = pageOf(query);
    const [results, total] = await Promise.all([
      strapi.documents(W).findMany({
        filters,
        populate: { petition: { fields: ['referenceNo', 'subject'] }, rule: { fields: ['code', 'name'] }, recipients: PERSON() },
        sort: ['raisedAt:desc', 'id:desc'],
        start: page.start,
        limit: page.limit,
      }),
      strapi.documents(W).count({ filters }),
    ]);
    return { results: results.map(strip), pagination: paginationMeta(page, total) };
  },

  async load(documentId: string) {
    const w = await strapi.documents(W).findOne({
      documentId,
      populate: {
        petition: { fields: ['referenceNo', 'subject', 'state'], populate: { organisation: { fields: ['name', 'code', 'level'] } } },
        rule: { fields: ['code', 'name', 'issuer', 'responseHours'] },
        recipients: {
          fields: ['username', 'fullName'],
          populate: { organisation: { fields: ['name', 'level'] }, role: { fields: ['type'] } },
        },
        acknowledgedBy: PERSON(),
        actedBy: PERSON(),
        closedBy: PERSON(),
        noticeDocument: { fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] },
      },
    });
    if (!w) throw new errors.NotFoundError('预警单不存在');
    return w;
  },

  async get(documentId: string) {
    const w = strip(await this.load(documentId));
    return { ...w, stateLabel: (WARNING_STATES as any)[w.state], colourName: (COLOUR_OWNERSHIP as any)[w.colour]?.name };
  },

  /** acknowledge → act (with a note) → close; only recipients who are clerks or leaders. */
  async move(documentId: string, action: string, input: Record<string, any>, caller: Caller) {
    return strapi.db.transaction(async () => {
      const w = await this.load(documentId);
      const isRecipient = (w.recipients ?? []).some((u: any) => u.id === caller.id);
      const plan = planWarningMove({ state: w.state, action, role: caller.role ?? '', isRecipient, note: input.note });
      // A 400 is always about the note.
      if (!plan.ok) refuse({ ...plan, field: 'note', fields: undefined });
      const now = new Date();
      const set: Record<string, any> = { state: plan.to };
      if (action === 'acknowledge') Object.assign(set, { acknowledgedAt: now, acknowledgedBy: caller.id });
      if (action === 'act') Object.assign(set, { actedAt: now, actedBy: caller.id, actionNote: String(input.note).trim() });
      if (action === 'close') Object.assign(set, { closedAt: now, closedBy: caller.id });
      await strapi.documents(W).update({ documentId, data: set });
      return this.get(documentId);
    });
  },

  /** Issues the warning notice PDF (信访预警单) for a warning. */
  async issueNotice(documentId: string, caller: Caller) {
    const w = await this.load(documentId);
    const p = w.petition ?? {};
    const rule = w.rule ?? {};
    const now = new Date();
    const who = (w.recipients ?? []).map((u: any) => `${u.organisation?.name ?? ''}${u.fullName || u.username}`);
    const doc = await getService(strapi, 'document').issue({
      kind: 'warning-notice',
      input: {
        noticeNumber: `${p.referenceNo ?? ''}-警${w.id}`,
        colour: w.colour,
        caseReference: p.referenceNo ?? '',
        caseSubject: p.subject ?? '',
        reasons: [w.reason || rule.name || '预警'],
        addressees: who.length ? who : [p.organisation?.name ?? ''],
        actions: (who.length ? who : [p.organisation?.name ?? '']).map((x: string) => ({
          who: x,
          action: '签收预警单，研究化解措施并反馈处置情况',
          deadline: shanghaiDate(w.dueAt),
        })),
        feedbackBy: shanghaiDate(w.dueAt),
        issuer: rule.issuer || p.organisation?.name,
        issuedAt: shanghaiDate(now),
      },
      subjectKey: `warning:${documentId}`,
      petition: p.documentId,
      organisation: p.organisation?.documentId,
      userId: caller.id,
      issuedAt: now,
      options: { organisationName: rule.issuer || p.organisation?.name },
    });
    await strapi.documents(W).update({ documentId, data: { noticeDocument: doc.documentId } as any });
    return doc;
  },

  async rules() {
    return strapi.db.query(RULE).findMany({ orderBy: { id: 'asc' } });
  },
});
