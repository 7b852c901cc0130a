import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import path from 'path';
import { UID } from '../../constants';
import { PRIVATE_FILE_PREFIX } from '../../documents/strapi/service';
import { formatDate } from '../../documents/format';
import { throwIfInvalid, type FieldError } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { shanghaiDate, toDate, type DateInput } from '@fangtiao/kernel/pure';
import { hashOf } from '@fangtiao/kernel';
import { csvFile } from '@fangtiao/kernel/pure';
import { CHANNEL_LABELS, SCOPE_COLUMNS, VISIT_LEVEL_NAMES } from '@fangtiao/kernel/pure';
import { DEFAULT_GROUNDS } from '../grounds';
import {
  CREDIT_STATES,
  proposalRefusal,
  HINT_NOTICE,
  creditHints,
  creditMovesFrom,
  precondition,
  type CreditFacts,
  planCreditMove,
  planProposal,
  resolveCreditSettings,
  type CreditAction,
  type CreditSettings,
  type EvidenceRef,
} from '../rules';
import { CREDIT_UID } from './schema';
import { DELIVERY_WORKING_DAYS, awaitingDeliveries, deliveryFields, overdueDeliveries, planDelivery, type DeliveryFacts } from '../delivery';
import { objectionDeadline } from '../rules';
import type { Calendar } from '../../hearings/calendar';
import { conflict, forbidden, refuse } from '@fangtiao/kernel';
import { pageOf, paginationMeta } from '../../pagination';
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';

const FLAG = CREDIT_UID.flag as any;
const MOVE = CREDIT_UID.move as any;
const GROUND = CREDIT_UID.ground as any;
const DOC = UID.generatedDocument as any;
const VISIT = 'api::visit.visit' as any;


/** A Shanghai calendar date as printed on documents: 2026年3月2日. */
const printed = (d: Date | string) => formatDate(shanghaiDate(d));

// Populate specs are built fresh for every query (Strapi may annotate what it is given).
const PERSON = () => ({ fields: ['username', 'fullName'] });
const DOC_FIELDS = () => ({ fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] });

/** What a flag answers with: its references named, its people by name only. */
const FLAG_POPULATE = () => ({
  ground: { fields: ['code', 'name', 'legalBasis', 'basisKind'] },
  petition: { fields: ['referenceNo', 'subject'] },
  organisation: { fields: ['name', 'code'] },
  basisDocument: DOC_FIELDS(),
  noticeDocument: DOC_FIELDS(),
  objectionAttachments: { fields: ['name', 'mime', 'size'] },
  deliveryReceipts: { fields: ['name', 'mime', 'size'] },
  proposedBy: PERSON(),
  reviewedBy: PERSON(),
  objectionLodgedBy: PERSON(),
  objectionReviewExtendedBy: PERSON(),
  objectionDecidedBy: PERSON(),
  activatedBy: PERSON(),
  repairDecidedBy: PERSON(),
});

/** Who made the move, by the field that names them. */
const ACTOR_FIELD: Partial<Record<CreditAction, string>> = {
  approve: 'reviewedBy',
  reject: 'reviewedBy',
  lodge_objection: 'objectionLodgedBy',
  extend_objection_review: 'objectionReviewExtendedBy',
  decide_objection: 'objectionDecidedBy',
  activate: 'activatedBy',
  decide_repair: 'repairDecidedBy',
};

/** Terminal states: a new proposal on the same person, case and ground is possible again. */
const CLOSED_STATES = ['rejected', 'withdrawn', 'repaired', 'expired', 'removed'];

type Input = Record<string, any>;
type Upload = { filepath: string; originalFilename?: string; mimetype?: string; size: number };

/** The fields the public credit platform needs, and nothing else. */
export const EXPORT_COLUMNS: { header: string; key: string; value: (f: any) => string }[] = [
  { header: '记录编号', key: 'flagId', value: (f) => f.documentId },
  { header: '姓名', key: 'name', value: (f) => f.personName },
  { header: '公民身份号码', key: 'idNumber', value: (f) => f.idNumber },
  { header: '失信情形', key: 'ground', value: (f) => f.ground?.name ?? '' },
  { header: '认定依据', key: 'legalBasis', value: (f) => f.ground?.legalBasis ?? '' },
  { header: '生效日期', key: 'activeFrom', value: (f) => (f.activeFrom ? shanghaiDate(f.activeFrom) : '') },
  { header: '到期日期', key: 'expiresAt', value: (f) => (f.expiresAt ? shanghaiDate(f.expiresAt) : '') },
  { header: '认定单位', key: 'organisation', value: (f) => f.organisation?.name ?? '' },
  { header: '认定单位代码', key: 'organisationCode', value: (f) => f.organisation?.code ?? '' },
];

/**
 * Credit flags (失信记录) with due process. The rules are pure (../rules.ts); this loads the
 * facts, checks every reference inside the caller's jurisdiction, and writes the flag and
 * its move in one transaction per move. The audit log records each write (document
 * middleware); exports are logged here. The software never proposes a flag by itself.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  settings(): CreditSettings {
    return resolveCreditSettings(strapi.config.get('plugin::fangtiao.credit') as Partial<CreditSettings> | undefined);
  },

  /** Seeds the two default grounds once (by code); what administrators changed is kept. */
  async seedGrounds() {
    for (const g of DEFAULT_GROUNDS) {
      const exists = await strapi.db.query(GROUND).findOne({ where: { code: g.code }, select: ['id'] });
      if (!exists) await strapi.documents(GROUND).create({ data: { ...g, active: true } as any });
    }
  },

  async grounds() {
    return strapi.documents(GROUND).findMany({
      filters: { active: true },
      fields: ['code', 'name', 'legalBasis', 'basisKind'] as any,
      sort: ['id:asc'],
    });
  },

  /** The flag inside the caller's jurisdiction, or 404. */
  async load(documentId: string, populate: Input = FLAG_POPULATE()) {
    const flag: any = await strapi.documents(FLAG).findOne({ documentId, populate: populate as any });
    if (!flag) throw new errors.NotFoundError('失信记录不存在');
    return flag;
  },

  async get(documentId: string, caller: Caller) {
    const flag = strip(await this.load(documentId));
    const calendar = await this.calendar();
    const now = new Date();
    const overdue = overdueDeliveries(flag as DeliveryFacts, now, (issued) => this.deliveryDue(calendar, issued));
    return { ...flag, deliveryOverdue: overdue.length > 0, deliveryWarnings: overdue, available: this.movesFor(flag, caller, now, overdue) };
  },

  /** The office's work calendar (public holidays and adjusted working days), shared with hearings. */
  async calendar(): Promise<Calendar> {
    return getService(strapi, 'hearing-planning').calendar();
  },

  /** End of the last working day allowed for delivery after issue. */
  deliveryDue(calendar: Calendar, issuedAt: DateInput): Date {
    return new Date(calendar.earliestAfterNotice(toDate(issuedAt).getTime(), DELIVERY_WORKING_DAYS) + 86_400_000 - 1);
  },

  /** The facts the move rules read from a flag. */
  factsOf(flag: any): CreditFacts {
    return {
      noticeDeliveredAt: flag.noticeDeliveredAt,
      objectionDecidedAt: flag.objectionDecidedAt,
      objectionDecisionDeliveredAt: flag.objectionDecisionDeliveredAt,
      objectionDeadline: flag.objectionDeadline,
      objectionReviewDueAt: flag.objectionReviewDueAt,
      objectionLodgedAt: flag.objectionLodgedAt,
      objectionReviewExtended: !!flag.objectionReviewExtendedAt,
      repairPending: !!flag.repairAppliedAt && !flag.repairDecidedAt,
      expiresAt: flag.expiresAt,
    };
  },

  /**
   * What the caller may do next, for the UI (the proposer is offered no review moves); a move
   * the state allows but the time or a pending application does not carries `blocked` (why).
   */
  movesFor(flag: any, caller: Caller, now = new Date(), overdue: { reason: string }[] = []) {
    const facts = this.factsOf(flag);
    // An overdue delivery is said where the desk shows why activation waits.
    const late = overdue.map((o) => o.reason).join('；');
    const withLate = (action: string, why: string | null) => (action === 'activate' && why && late ? `${why}；${late}` : why);
    const isApprover = flag.state !== 'proposed' && flag.reviewedBy?.id === caller.id;
    const moves = creditMovesFrom(flag.state, caller.role ?? '', { isProposer: flag.proposedBy?.id === caller.id, isApprover }).map((m) => ({
      action: m.action,
      label: m.label,
      fields: m.fields,
      blocked: withLate(m.action, precondition(m.action, facts, now)),
    }));
    // Recording a delivery is offered like a move while something issued awaits it.
    const awaiting = awaitingDeliveries(flag);
    const deliver = awaiting.length && ['clerk', 'reviewer'].includes(caller.role ?? '') ? [{ action: 'deliver', label: '登记送达', fields: deliveryFields(awaiting), blocked: null }] : [];
    return [...moves, ...deliver];
  },

  async list(query: Input) {
    const filters: Input = {};
    if (query.state) filters.state = { $in: String(query.state).split(',') };
    if (query.petition) filters.petition = { documentId: String(query.petition) };
    if (query.ground) filters.ground = { code: String(query.ground) };
    const page = pageOf(query);
    const [results, total] = await Promise.all([
      strapi.documents(FLAG).findMany({
        filters,
        populate: (({ ground, petition, organisation, proposedBy, reviewedBy }) => ({ ground, petition, organisation, proposedBy, reviewedBy }))(FLAG_POPULATE()) as any,
        sort: ['proposedAt:desc', 'id:desc'],
        start: page.start,
        limit: page.limit,
      }),
      strapi.documents(FLAG).count({ filters }),
    ]);
    return { results: results.map(strip), pagination: paginationMeta(page, total) };
  },

  async history(documentId: string) {
    await this.load(documentId, {});
    const moves = await strapi.documents(MOVE).findMany({
      filters: { flag: { documentId } },
      fields: ['action', 'fromState', 'toState', 'reason', 'input', 'actorRole', 'at'] as any,
      populate: { actor: PERSON() } as any,
      sort: ['at:asc', 'id:asc'],
    });
    return moves.map((m: any) => strip({ ...m, fromLabel: (CREDIT_STATES as any)[m.fromState] ?? null, toLabel: (CREDIT_STATES as any)[m.toState] }));
  },

  /** Checks that every reference of a proposal exists inside the jurisdiction and fits. */
  async resolveProposal(set: Input) {
    const problems: FieldError[] = [];
    const ground: any = await strapi.db.query(GROUND).findOne({
      where: { $or: [{ code: set.ground }, { documentId: set.ground }], active: true },
      select: ['id', 'documentId', 'code', 'name', 'basisKind'],
    });
    if (!ground) problems.push({ path: ['ground'], message: '失信情形不存在或已停用' });
    const petition: any = await strapi.documents(UID.petition).findOne({
      documentId: set.petition,
      populate: { parties: true, organisation: { fields: ['name', 'code'] } } as any,
    });
    if (!petition) {
      problems.push({ path: ['petition'], message: '信访事项不存在或不在管辖范围内' });
      throwIfInvalid(problems);
    }
    // signedAt is set by an attached signed scan (documents module) or a recorded signature.
    const basis: any = await strapi.documents(DOC).findOne({ documentId: set.basisDocument, populate: { petition: { fields: ['documentId'] } } as any });
    if (!basis || basis.petition?.documentId !== petition.documentId) {
      problems.push({ path: ['basisDocument'], message: '所依据的文书不存在，或不属于本信访事项' });
    } else if (ground && basis.kind !== ground.basisKind) {
      problems.push({ path: ['basisDocument'], message: `该失信情形须以${ground.basisKind === 'mediation-agreement' ? '人民调解协议书' : '息访承诺书'}为依据` });
    }
    const ids = (type: EvidenceRef['type']) => (set.evidence as EvidenceRef[]).filter((e) => e.type === type).map((e) => e.id);
    const found = new Set<string>();
    const docIds = ids('document');
    if (docIds.length) {
      const docs = await strapi.documents(DOC).findMany({ filters: { documentId: { $in: docIds }, petition: { documentId: petition.documentId } }, fields: ['documentId'] as any });
      for (const d of docs) found.add(`document:${d.documentId}`);
    }
    const visitIds = ids('visit');
    if (visitIds.length) {
      const visits = await strapi.documents(VISIT).findMany({ filters: { documentId: { $in: visitIds }, petition: { documentId: petition.documentId } }, fields: ['documentId'] as any });
      for (const v of visits) found.add(`visit:${v.documentId}`);
    }
    (set.evidence as EvidenceRef[]).forEach((e, i) => {
      if (!found.has(`${e.type}:${e.id}`)) problems.push({ path: ['evidence', String(i)], message: '证据不存在，或不属于本信访事项' });
    });
    // The person must be a party to the case, with the ID number the case records (compared by value: it decrypts on read).
    const named = (petition.parties ?? []).filter((p: any) => String(p.name ?? '').trim() === set.personName);
    const party = named.find((p: any) => String(p.idNumber ?? '').toUpperCase() === set.idNumber) ?? named[0];
    if (!party) problems.push({ path: ['personName'], message: '当事人须为本信访事项的当事人' });
    else if (party.idNumber && String(party.idNumber).toUpperCase() !== set.idNumber) {
      problems.push({ path: ['idNumber'], message: '与案件登记的该当事人身份证号码不一致' });
    }
    throwIfInvalid(problems);
    const refusal = proposalRefusal(party, basis);
    if (refusal) throw conflict(refusal);
    return { ground, petition, basis };
  },

  /** A clerk proposes a flag with its facts, basis and evidence (提请). */
  async propose(input: Input, caller: Caller) {
    const plan = planProposal({ role: caller.role ?? '', input, now: new Date() });
    if (!plan.ok) refuse(plan);
    const set = plan.set;
    return strapi.db.transaction(async () => {
      const { ground, petition } = await this.resolveProposal(set);
      const open = await strapi.db.query(FLAG).findOne({
        where: { petition: { documentId: petition.documentId }, ground: { id: ground.id }, idNumberHash: hashOf('id-number', set.idNumber), state: { $notIn: CLOSED_STATES } },
        select: ['documentId', 'state'],
      });
      if (open) throw conflict(`该当事人在本案中已有同一情形的失信记录（${(CREDIT_STATES as any)[open.state]}），不能重复提请`);
      const flag: any = await strapi.documents(FLAG).create({
        data: {
          ...set,
          ground: ground.documentId,
          petition: petition.documentId,
          organisation: petition.organisation?.documentId ?? null,
          proposedBy: caller.id,
        } as any,
      });
      await this.recordMove(flag.documentId, 'propose', null, 'proposed', set.facts, { ground: ground.code, basisDocument: set.basisDocument, evidence: set.evidence }, caller);
      return strip(await this.load(flag.documentId));
    });
  },

  async recordMove(flag: string, action: string, from: string | null, to: string, reason: string | null, input: Input | null, caller: Caller | null, at = new Date()) {
    return strapi.documents(MOVE).create({
      data: { flag, action, fromState: from, toState: to, reason, input, actor: caller?.id ?? null, actorRole: caller?.role ?? 'system', at } as any,
    });
  },

  /** One move of the due process, in one transaction: plan, side effects, flag, history. */
  async move(documentId: string, action: string, input: Input, caller: Caller, files: Upload[] = []) {
    return strapi.db.transaction(async () => {
      const loaded = await this.load(documentId, { proposedBy: { fields: ['id'] } });
      // Take the row before reading its state, so two reviewers cannot both decide.
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db.query(FLAG).findOne({ where: { id: loaded.id }, populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] } } });
      const now = new Date();
      const settings = this.settings();
      const plan = planCreditMove({
        state: flag.state,
        action,
        role: caller.role ?? '',
        actorId: caller.id,
        proposerId: flag.proposedBy?.id ?? null,
        approverId: flag.reviewedBy?.id ?? null,
        input,
        facts: this.factsOf(flag),
        now,
        settings,
        calendar: await this.calendar(),
      });
      if (!plan.ok) refuse(plan);

      const data: Input = { state: plan.to, ...plan.set };
      const actorField = ACTOR_FIELD[plan.action];
      if (actorField) data[actorField] = caller.id;
      if (plan.action === 'lodge_objection') {
        if (input.attachments !== undefined) {
          throwIfInvalid([{ path: ['attachments'], message: '附件请以 multipart 文件上传（字段 files.attachments）' }]);
        }
        // The person's own signed objection is the record of their voice: without it nothing is lodged.
        if (!files.length) throwIfInvalid([{ path: ['attachments'], message: '请附当事人（或其代理律师）签名的书面异议扫描件' }]);
        data.objectionAttachments = await this.storeAttachments(documentId, files);
      }
      if (plan.action === 'notify') {
        const notice: any = await this.issueNotice(documentId, settings, caller, now);
        data.noticeDocument = notice.documentId;
      }
      await strapi.documents(FLAG).update({ documentId, data: data as any });
      const reason = (input.reasons ?? input.reason ?? input.text ?? input.application ?? input.note ?? null) as string | null;
      const recorded = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'state' && !k.endsWith('By')));
      await this.recordMove(documentId, plan.action, plan.from, plan.to, reason, recorded, caller, now);
      return strip(await this.load(documentId));
    });
  },

  /**
   * Records the delivery (送达) of the notice or a decision: method and its proof, date, who
   * delivered, the receipt scan (optional, multipart `files.receipt`). The notice's delivery
   * opens the objection window. One transaction: flag, history.
   */
  async deliver(documentId: string, input: Input, caller: Caller, files: Upload[] = []) {
    if (!['clerk', 'reviewer'].includes(caller.role ?? '')) throw forbidden('只有信访干部或信用审核员可以登记送达');
    return strapi.db.transaction(async () => {
      const loaded = await this.load(documentId, {});
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db.query(FLAG).findOne({ where: { id: loaded.id }, populate: { deliveryReceipts: { select: ['id'] } } });
      const now = new Date();
      const plan = planDelivery(input, flag, now);
      if (!plan.ok) refuse(plan);
      const receipts: number[] = (flag.deliveryReceipts ?? []).map((f: any) => f.id);
      const receipt = files.length ? (await this.storeAttachments(documentId, files.slice(0, 1), 'receipt'))[0] : null;
      const entry = { ...plan.entry, deliveredBy: { id: caller.id, username: caller.username }, receipt };
      const data: Input = {
        deliveries: [...(Array.isArray(flag.deliveries) ? flag.deliveries : []), entry],
        [plan.deliveredField]: plan.entry.deliveredAt,
      };
      if (receipt) data.deliveryReceipts = [...receipts, receipt];
      if (plan.entry.of === 'notice') data.objectionDeadline = objectionDeadline(plan.entry.deliveredAt, this.settings()).toISOString();
      await strapi.documents(FLAG).update({ documentId, data: data as any });
      await this.recordMove(documentId, 'deliver', flag.state, flag.state, null, { ...entry, objectionDeadline: data.objectionDeadline ?? undefined }, caller, now);
      return this.get(documentId, caller);
    });
  },

  /** Objection attachments go to the media library under the private prefix (never under /uploads). */
  async storeAttachments(documentId: string, files: Upload[], what = 'objection') {
    const ids: number[] = [];
    for (const [i, f] of files.entries()) {
      const ext = path.extname(f.originalFilename ?? '') || '.pdf';
      const name = `${PRIVATE_FILE_PREFIX}-${what}-${documentId}-${Date.now()}-${i + 1}${ext}`;
      const [file] = await strapi.plugin('upload').service('upload').upload({
        data: { fileInfo: { name, caption: f.originalFilename ?? name } },
        files: { ...f, originalFilename: name },
      });
      ids.push(file.id);
    }
    return ids;
  },

  /** An objection attachment of a flag inside the jurisdiction. */
  async readAttachment(documentId: string, fileId: string, field: 'objectionAttachments' | 'deliveryReceipts' = 'objectionAttachments') {
    const flag = await this.load(documentId, { [field]: true });
    const file = (flag[field] ?? []).find((f: any) => String(f.id) === String(fileId) || f.documentId === fileId);
    if (!file) throw new errors.NotFoundError('附件不存在');
    const bytes = await fs.readFile(path.join(strapi.dirs.static.public, file.url));
    return { bytes, mime: file.mime as string, name: (file.caption as string) || file.name, file };
  },

  /** Issues the notice PDF (拟纳入失信记录告知书) through the document service. */
  async issueNotice(documentId: string, settings: CreditSettings, caller: Caller, issuedAt: Date) {
    const flag: any = await strapi.documents(FLAG).findOne({
      documentId,
      populate: {
        ground: { fields: ['name', 'legalBasis'] },
        organisation: { fields: ['name'] },
        basisDocument: DOC_FIELDS(),
        petition: { fields: ['referenceNo', 'subject'], populate: { caseType: { fields: ['code'], populate: { documentTemplates: true } } } },
      } as any,
    });
    const evidence: string[] = [];
    for (const e of (flag.evidence ?? []) as EvidenceRef[]) {
      if (e.type === 'document') {
        const d: any = await strapi.db.query(DOC).findOne({ where: { documentId: e.id }, select: ['title', 'version', 'verificationCode', 'issuedAt'] });
        if (d) evidence.push(`${d.title}（第${d.version}版，${printed(d.issuedAt)}出具，核验码${d.verificationCode}）`);
      } else {
        const v: any = await strapi.db.query(VISIT).findOne({ where: { documentId: e.id }, select: ['visitedAt', 'channel', 'level', 'headcount'] });
        if (v) evidence.push(`${printed(v.visitedAt)}${(CHANNEL_LABELS as Record<string, string>)[v.channel] ?? ''}记录：到达${(VISIT_LEVEL_NAMES as Record<string, string>)[v.level] ?? v.level}，${v.headcount ?? 1}人`);
      }
    }
    const b = flag.basisDocument;
    const p = flag.petition ?? {};
    const t = (p.caseType?.documentTemplates ?? []).find((x: any) => x.kind === 'credit-notice') ?? {};
    const issuer = t.organisationName || flag.organisation?.name;
    return getService(strapi, 'document').issue({
      kind: 'credit-notice',
      input: {
        noticeNumber: `${p.referenceNo ?? ''}-信${flag.id}`,
        person: { name: flag.personName, idNumber: flag.idNumber },
        matter: p.subject ?? '',
        caseReference: p.referenceNo ?? undefined,
        ground: flag.ground?.name ?? '',
        legalBasis: flag.ground?.legalBasis ?? '',
        facts: flag.facts,
        basis: b ? `${b.title}（第${b.version}版，${printed(b.issuedAt)}出具，核验码${b.verificationCode}）` : '',
        evidence,
        objectionDays: settings.objectionDays,
        retentionYears: settings.retentionYears,
        issuer,
        issuedAt: shanghaiDate(issuedAt),
      },
      subjectKey: `credit-flag:${documentId}`,
      petition: p.documentId,
      organisation: flag.organisation?.documentId,
      userId: caller.id,
      issuedAt,
      options: {
        organisationName: issuer,
        sealText: t.sealText || undefined,
        extraClauses: String(t.extraClauses ?? '').split('\n').map((c: string) => c.trim()).filter(Boolean),
      },
    });
  },

  /**
   * The scheduled job's expiry: every active flag whose retention ended before `now`
   * becomes expired in one statement; each gets its move and an audit entry. Returns the count.
   */
  async expireDue(now: Date = new Date()): Promise<number> {
    return strapi.db.transaction(async () => {
      const due: any[] = await strapi.db.query(FLAG).findMany({
        where: { state: 'active', expiresAt: { $lt: now } },
        select: ['id', 'documentId', ...SCOPE_COLUMNS],
      });
      if (!due.length) return 0;
      const ids = due.map((f) => f.id);
      const { count } = await strapi.db.query(FLAG).updateMany({
        where: { id: { $in: ids }, state: 'active' },
        data: { state: 'expired', expiredAt: now },
      });
      for (const f of due) {
        await strapi.db.query(MOVE).create({
          data: {
            flag: f.id, action: 'expire', fromState: 'active', toState: 'expired', reason: '保存期满', input: { expiredAt: now.toISOString() },
            actorRole: 'system', at: now, ...Object.fromEntries(SCOPE_COLUMNS.map((k) => [k, f[k]])),
          },
        });
      }
      await strapi.service(UID.auditEntry).record(
        due.map((f) => ({ action: 'update', targetUid: CREDIT_UID.flag, targetDocumentId: f.documentId, detail: { fields: ['state', 'expiredAt'], move: 'expire', by: 'expireDue' } })),
      );
      return count as number;
    });
  },

  /**
   * Active flags (retention not ended) in the caller's jurisdiction, with just the fields
   * the public credit platform needs — full ID numbers, since they are its input. Logged.
   */
  async exportActive(format: 'csv' | 'json') {
    const now = new Date();
    const rows: any[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await strapi.documents(FLAG).findMany({
        filters: { state: 'active', expiresAt: { $gt: now } },
        fields: ['personName', 'idNumber', 'activeFrom', 'expiresAt', 'state'] as any,
        populate: { ground: { fields: ['name', 'legalBasis'] }, organisation: { fields: ['name', 'code'] } } as any,
        sort: ['activeFrom:asc', 'id:asc'],
        start,
        limit: 1000,
      });
      rows.push(...page);
      if (page.length < 1000) break;
    }
    await strapi.service(UID.auditEntry).record({
      action: 'export-credit-flags',
      targetUid: CREDIT_UID.flag,
      detail: { format, count: rows.length, flags: rows.map((r) => r.documentId) },
    });
    const records = rows.map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, c.value(r)])));
    const stamp = shanghaiDate(now);
    if (format === 'json') return { format, count: rows.length, exportedAt: now.toISOString(), records, filename: `失信记录-${stamp}.json` };
    const body = csvFile([EXPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => EXPORT_COLUMNS.map((c) => c.value(r)))]);
    return { format, count: rows.length, exportedAt: now.toISOString(), body, filename: `失信记录-${stamp}.csv` };
  },

  /** Tells a clerk that grounds MAY exist on a case. It never creates a flag. */
  async hints(petitionDocumentId: string) {
    const p: any = await strapi.documents(UID.petition).findOne({ documentId: petitionDocumentId, fields: ['outcome'] as any });
    if (!p) throw new errors.NotFoundError('信访事项不存在');
    const latest = (kind: string) =>
      strapi.db.query(DOC).findOne({ where: { subjectKey: `petition:${petitionDocumentId}`, kind }, orderBy: { version: 'desc' }, select: ['documentId', 'issuedAt'] });
    const [agreement, pledge, visits, grounds] = await Promise.all([
      latest('mediation-agreement'),
      latest('no-further-petition-pledge'),
      strapi.db.query(VISIT).findMany({ where: { petition: { documentId: petitionDocumentId } }, select: ['documentId', 'visitedAt', 'level', 'isLeapfrog', 'isRepeat'] }),
      strapi.db.query(GROUND).findMany({ where: { active: true }, select: ['documentId', 'code', 'name'] }),
    ]);
    const byCode = new Map(grounds.map((g: any) => [g.code, g]));
    const hints = creditHints({ agreement, pledge, terms: p.outcome?.terms ?? [], visits, now: new Date() })
      .filter((h) => byCode.has(h.groundCode))
      .map((h) => ({ ...h, ground: byCode.get(h.groundCode)!.documentId, groundName: byCode.get(h.groundCode)!.name }));
    return { notice: HINT_NOTICE, hints };
  },
});
