import { getService } from '../../utils/get-service';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { conflict, idsWithComponentHash, throwIfInvalid } from '@fangtiao/kernel';
import { formatDate, formatDateTime } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { canAnswerReturnVisit, checkReturnVisit, plainStatus } from '../rules';
import type { PublicSession } from './auth-service';
import { deliveriesOf, recordDelivery } from './deliveries';
import { notifyHandlers } from './staff-notify';
import { isFiledWithEmail, petitionsOfEmail } from './emails';
import { CASE_COLUMNS, PARTY_COLUMNS, caseByNumber, caseTypeDeadlines, documentsOf, flagHashes, flagsOf } from './status-reads';

/** What the person may open: documents addressed to them, never internal ones (warnings, handovers, records). */
const PERSONAL_KINDS = [
  'mediation-agreement',
  'no-further-petition-pledge',
  'credit-notice',
  'credit-objection-decision',
  'credit-repair-decision',
  'hearing-notice',
];
/** A credit writing, by document kind → what the flag's delivery record calls it. */
const CREDIT_DELIVERABLE: Record<string, 'notice' | 'objection-decision' | 'repair-decision'> = {
  'credit-notice': 'notice',
  'credit-objection-decision': 'objection-decision',
  'credit-repair-decision': 'repair-decision',
};

const CREDIT_LABELS: Record<string, string> = {
  notified: '拟纳入失信记录，已告知',
  objected: '异议审查中',
  dismissed: '异议未成立',
  withdrawn: '已撤销',
  active: '已纳入失信记录',
  repaired: '已信用修复',
  expired: '已到期',
  removed: '已移除',
};
/** A flag as the person reads it: what, its state, and by when they may object. */
const creditView = (f: any) => ({
  id: f.documentId,
  ground: f.ground?.name ?? '',
  state: f.state,
  stateLabel: CREDIT_LABELS[f.state] ?? f.state,
  objectionDeadline: f.objectionDeadline ? formatDate(f.objectionDeadline) : null,
  canObject:
    f.state === 'notified' && !!f.noticeDeliveredAt && !!f.objectionDeadline && new Date(f.objectionDeadline).getTime() > Date.now(),
  canApplyForRepair: f.state === 'active',
});

const flow = (strapi: Core.Strapi) => strapi.service('api::petition.petition-flow');
/** The review request the person may make now (复查 / 复核), with its deadline as a Beijing date and the reason when closed. */
const reviewView = (o: any) =>
  o
    ? {
        action: o.action === 'request_review' ? ('review' as const) : ('re-review' as const),
        label: o.label,
        due: o.dueAt ? formatDate(o.dueAt) : null,
        open: o.open,
        reason: o.reason,
      }
    : null;

const notFound = () => new errors.NotFoundError('未找到该信访事项');

/**
 * The person's own cases, read for them: their cases only (a party with the logged-in phone,
 * or the one case of a number + query code), in plain language, with the documents issued to
 * them. Reads go through the query engine with explicit conditions — a public request has no
 * jurisdiction, so nothing here may list by anything but the session's binding.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The petition a reference number names, for the number + query code check (null when none). */
  async petitionIdOf(referenceNo: string): Promise<number | null> {
    const p = referenceNo ? await strapi.db.query(UID.petition).findOne({ where: { referenceNo }, select: ['id'] }) : null;
    return p ? Number(p.id) : null;
  },

  async caseIds(session: PublicSession): Promise<number[]> {
    if (session.petitionId) return [session.petitionId];
    // An e-mail session: the petitions filed online with that contact address.
    if (session.emailHash) return petitionsOfEmail(strapi, session.emailHash);
    if (!session.phoneHash) return [];
    return idsWithComponentHash(strapi, UID.petition, 'parties', 'phoneHash', [session.phoneHash]);
  },

  async list(session: PublicSession) {
    const ids = await this.caseIds(session);
    if (!ids.length) return [];
    const rows = await strapi.db.query(UID.petition).findMany({
      where: { id: { $in: ids } },
      select: ['id', 'referenceNo', 'subject', 'state', 'registeredAt', 'dueAt', 'concludedAt', 'returnVisit'],
      populate: { organisation: { select: ['name'] } },
      orderBy: { registeredAt: 'desc' },
      limit: 100,
    });
    return rows.map((p) => plainStatus({ ...p, organisation: p.organisation?.name }));
  },

  /**
   * One of the person's cases by its number, with its parties (for whose documents are whose);
   * 404 otherwise. The number finds the case (a unique index); the session's binding then decides
   * in memory — a party with the session's phone hash, the one case of a number + query code —
   * or by one primary-key probe for an e-mail session. Cheaper than listing the session's cases
   * first, and the same cases pass. Read by constant SQL (status-reads.ts), the page's hot path;
   * with the parties' ID numbers in clear (an objection or a repair carries the person's own)
   * through the query engine, which decrypts them.
   */
  async load(session: PublicSession, referenceNo: string, opts: { idNumbers?: boolean } = {}) {
    const p = opts.idNumbers
      ? await strapi.db.query(UID.petition).findOne({
          where: { referenceNo: String(referenceNo) },
          select: CASE_COLUMNS,
          populate: { organisation: { select: ['name'] }, parties: { select: [...PARTY_COLUMNS, 'idNumber'] } },
        })
      : await caseByNumber(strapi, String(referenceNo));
    if (!p || !(await this.isTheirs(session, p))) throw notFound();
    return p;
  },

  async isTheirs(session: PublicSession, p: { id: number; parties?: any[] }): Promise<boolean> {
    if (session.petitionId) return Number(p.id) === session.petitionId;
    if (session.emailHash) return isFiledWithEmail(strapi, p.id, session.emailHash);
    if (session.phoneHash) return (p.parties ?? []).some((x) => x.phoneHash === session.phoneHash);
    return false;
  },

  /** The review windows run on the case type's deadlines: read only when a review can be asked for. */
  async reviewOption(p: any) {
    if (!['concluded', 'reviewed'].includes(p.state)) return null;
    const deadlines = await caseTypeDeadlines(strapi, p.id);
    return reviewView(flow(strapi).personRequestOption({ ...p, caseType: deadlines == null ? null : { deadlines } }));
  },

  /** The person's parties on the case: by phone, or the petitioners for a number + query code (or e-mail) session. */
  mine(session: PublicSession, p: any): any[] {
    const parties: any[] = p.parties ?? [];
    return session.phoneHash ? parties.filter((x) => x.phoneHash === session.phoneHash) : parties.filter((x) => x.role === 'petitioner');
  },

  async status(session: PublicSession, referenceNo: string) {
    const p = await this.load(session, referenceNo);
    // Independent reads, side by side (one connection on SQLite; several on PostgreSQL).
    const [docs, flags, infoRequests, review] = await Promise.all([
      this.documents(session, p),
      this.flags(session, p),
      getService(strapi, 'public-info-request').forPerson(p.id),
      this.reviewOption(p),
    ]);
    // Deliveries only matter for documents there are.
    const at = docs.length ? await deliveriesOf(strapi, p.id) : new Map<string, number>();
    return {
      ...plainStatus({ ...p, organisation: p.organisation?.name }),
      credit: flags.map((f) => creditView(f)),
      infoRequests,
      review,
      documents: docs.map((d) => ({
        id: d.documentId,
        title: d.title,
        version: d.version,
        issuedAt: formatDateTime(d.issuedAt),
        deliveredAt: at.has(d.documentId) ? formatDateTime(at.get(d.documentId)!) : null,
      })),
    };
  },

  /** The documents of the case addressed to this person (a credit notice only to the person flagged). */
  async documents(session: PublicSession, p: any) {
    const me = this.mine(session, p);
    const idHashes = new Set(me.map((x) => x.idNumberHash).filter(Boolean));
    const names = new Set(me.map((x) => x.name));
    const docs = await documentsOf(strapi, p.id, PERSONAL_KINDS);
    const flags = await flagHashes(
      strapi,
      docs.filter((d) => CREDIT_DELIVERABLE[d.kind]).map((d) => d.subjectKey.replace(/^credit-flag:/, '')),
    );
    const flagged = new Set(flags.filter((f) => idHashes.has(f.idNumberHash)).map((f) => `credit-flag:${f.documentId}`));
    return docs.filter((d) => {
      if (CREDIT_DELIVERABLE[d.kind]) return flagged.has(d.subjectKey);
      if (d.kind === 'hearing-notice') return !!d.addressee && names.has(d.addressee);
      return true;
    });
  },

  /** The credit flags on the case that name this person (by their ID number's hash), past the proposal stage. */
  async flags(session: PublicSession, p: any) {
    const idHashes = this.mine(session, p)
      .map((x) => x.idNumberHash)
      .filter(Boolean);
    return flagsOf(strapi, p.id, idHashes);
  },

  /**
   * The person's objection (异议) or repair application (信用修复) online, through the credit
   * service's own channel for it (`lodgeObjection` / `applyForRepair` with channel 'online' and
   * the person's ID number as stored on their party, which the service checks against the flag).
   */
  async creditRequest(session: PublicSession, referenceNo: string, flagId: string, kind: 'objection' | 'repair', input: any) {
    const p = await this.load(session, referenceNo, { idNumbers: true });
    const flag = (await this.flags(session, p)).find((f) => f.documentId === flagId);
    if (!flag) throw new errors.NotFoundError('失信记录不存在');
    const text = String((kind === 'objection' ? input?.text : input?.application) ?? '').trim();
    if (!text)
      throwIfInvalid([
        {
          path: [kind === 'objection' ? 'text' : 'application'],
          message: kind === 'objection' ? '请写明异议的事实和理由' : '请写明申请信用修复的理由（如已履行协议）',
        },
      ]);
    const person = this.mine(session, p).find((x) => x.idNumberHash === flag.idNumberHash);
    const credit = getService(strapi, 'credit');
    const online = { channel: 'online' as const, person: { idNumber: person.idNumber } };
    if (kind === 'objection') await credit.lodgeObjection(flag.documentId, { text, objector: 'person' }, online);
    else await credit.applyForRepair(flag.documentId, { application: text, applicant: 'person' }, online);
    return { petition: p, flag };
  },

  /**
   * The PDF of one of the person's documents. The first opening is its electronic delivery
   * (送达): a delivery row with the time, and for a credit notice the flag's own delivery record,
   * from which the objection window runs.
   */
  async open(session: PublicSession, referenceNo: string, documentId: string) {
    const p = await this.load(session, referenceNo);
    const doc = (await this.documents(session, p)).find((d) => d.documentId === documentId);
    if (!doc) throw new errors.NotFoundError('文书不存在');
    const documents = getService(strapi, 'document');
    const keys = await strapi.db.query(UID.generatedDocument).findOne({ where: { id: doc.id }, select: ['fileKey'] });
    const bytes: Buffer = await documents.fileBytes(keys);
    const now = Date.now();
    const firstOpening = await recordDelivery(strapi, {
      documentId: doc.documentId,
      petitionId: p.id,
      at: now,
      recipientHash: session.phoneHash ?? session.emailHash,
    });
    let creditDelivered = false;
    if (CREDIT_DELIVERABLE[doc.kind]) {
      const confirmation = `当事人于${formatDateTime(now)}在网上查询页面打开${doc.title}（${session.phoneHash ? '手机验证码登录' : session.emailHash ? '电子邮箱验证码登录' : '编号和查询码查询'}）`;
      creditDelivered = await getService(strapi, 'credit').deliverOnline(
        doc.subjectKey.replace(/^credit-flag:/, ''),
        CREDIT_DELIVERABLE[doc.kind],
        confirmation,
      );
    }
    const { name, ascii } = documents.fileName(doc, p.referenceNo);
    return { bytes, name, ascii, doc, firstOpening, creditDelivered, petition: p };
  },

  /**
   * The person's request for review (复查) or re-review (复核): the case flow's own move, made
   * by the person online — the same state and window rules as at the desk (409 with the reason).
   */
  async requestReview(session: PublicSession, referenceNo: string, kind: 'review' | 're-review') {
    const p = await this.load(session, referenceNo);
    const r = await flow(strapi).requestByPerson(p.id, kind === 'review' ? 'request_review' : 'request_re_review', session.label);
    // After the move has committed: the case's clerk and mediator hear of it in their inbox.
    await notifyHandlers(strapi, p.id, kind === 'review' ? 'review-request' : 're-review-request');
    return r;
  },

  /** The return-visit questionnaire (回访): resolved?, satisfied?, a comment — once, after conclusion. */
  async answerReturnVisit(session: PublicSession, referenceNo: string, input: any) {
    const checked = checkReturnVisit(input);
    if (!checked.ok) throwIfInvalid(checked.errors);
    return strapi.db.transaction(async () => {
      const p = await this.load(session, referenceNo);
      if (!canAnswerReturnVisit(p)) throw conflict(p.returnVisit ? '本案已回访，感谢您的评价' : '案件办结后才能评价');
      const v = (checked as any).value;
      const returnVisit = { result: v.result, resolved: v.resolved, comment: v.comment, at: new Date(), by: null, channel: 'online' };
      await strapi.documents(UID.petition).update({ documentId: p.documentId, data: { returnVisit } as any });
      return { petition: p, returnVisit };
    });
  },
});
