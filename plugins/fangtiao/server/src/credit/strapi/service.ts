import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import path from 'path';
import { UID } from '../../constants';
import { PRIVATE_FILE_PREFIX } from '../../documents/strapi/service';
import { formatDate } from '../../documents/format';
import { findInScope, throwIfInvalid, type FieldError } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { shanghaiDate, toDate, type DateInput } from '@fangtiao/kernel/pure';
import { hashOf } from '@fangtiao/kernel';
import { csvFile } from '@fangtiao/kernel/pure';
import { CHANNEL_LABELS, SCOPE_COLUMNS, VISIT_LEVEL_NAMES } from '@fangtiao/kernel/pure';
import { DEFAULT_GROUNDS } from '../grounds';
import {
  CREDIT_STATES,
  REPAIR_APPLICANTS,
  REPAIR_OUTCOMES,
  type CreditChannel,
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
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';
import { pageOf, paginationMeta } from '../../pagination';
import { openDeadlines, decisionDueSoon } from '../deadlines';
import { queryLogCandidatesBefore, queryLogPurgeable, type QueryAction } from '../query-log';
import { creditNotifier } from './notify';

const FLAG = CREDIT_UID.flag as any;
const MOVE = CREDIT_UID.move as any;
const QUERY_LOG = CREDIT_UID.queryLog as any;
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
  objectionDecisionDocument: DOC_FIELDS(),
  repairDecisionDocument: DOC_FIELDS(),
  objectionAttachments: { fields: ['name', 'mime', 'size'] },
  repairAttachments: { fields: ['name', 'mime', 'size'] },
  repairReceivedBy: PERSON(),
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
/** How an objection or a repair application came in (see `lodgeObjection`). */
export type ChannelOptions = { channel: CreditChannel; caller?: Caller; person?: { idNumber: string }; files?: Upload[] };
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
  // A repaired record that the regulation keeps annotated is reported with its annotation (art. 32).
  { header: '记录状态', key: 'state', value: (f) => stateLabel(f) },
  { header: '修复标注', key: 'repairAnnotation', value: (f) => (f.state === 'repaired' && f.repairOutcome === 'annotate' ? `已于${shanghaiDate(f.repairedAt)}信用修复` : '') },
];

/** The state as every list and export says it: a repair says how (deleted, annotated). */
export function stateLabel(f: { state?: string; repairOutcome?: string | null }): string {
  const base = (CREDIT_STATES as Record<string, string>)[f.state ?? ''] ?? f.state ?? '';
  if ((f.state === 'repaired' || f.state === 'removed') && f.repairOutcome && f.repairOutcome in REPAIR_OUTCOMES) {
    return `${base}（信用修复：${(REPAIR_OUTCOMES as Record<string, string>)[f.repairOutcome]}）`;
  }
  return base;
}

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

  /** One flag as the desk shows it: its open deadlines with who must act, and the moves the caller may make. Logged. */
  async get(documentId: string, caller: Caller, log = true) {
    const flag = strip(await this.load(documentId));
    const calendar = await this.calendar();
    const now = new Date();
    const due = (issued: DateInput) => this.deliveryDue(calendar, issued);
    const overdue = overdueDeliveries(flag as DeliveryFacts, now, due);
    if (log) await this.logQuery([documentId], 'view', caller);
    return {
      ...flag,
      stateLabel: stateLabel(flag),
      deadlines: openDeadlines(flag, now, due),
      deliveryOverdue: overdue.length > 0,
      deliveryWarnings: overdue,
      available: this.movesFor(flag, caller, now, overdue),
    };
  },

  /**
   * The query log (查询记录): one entry per flag per view, list, history read, export or download,
   * with who and when. Written with the query engine (no document-service middleware), kept 10 years.
   */
  async logQuery(flagDocumentIds: string[], action: QueryAction, caller: Caller | null, detail: Input | null = null, at = new Date()) {
    const ids = [...new Set(flagDocumentIds.filter(Boolean))];
    for (let i = 0; i < ids.length; i += 500) {
      await strapi.db.query(QUERY_LOG).createMany({
        data: ids.slice(i, i + 500).map((flagDocumentId) => ({
          flagDocumentId, action, userId: caller?.id ?? null, username: caller?.username ?? null, role: caller?.role ?? null, at, detail,
        })),
      });
    }
  },

  /** The query log of one flag inside the jurisdiction, newest first. */
  async queries(documentId: string, query: Input = {}) {
    await this.load(documentId, {});
    const page = pageOf(query);
    const where = { flagDocumentId: documentId };
    const [results, total] = await Promise.all([
      strapi.db.query(QUERY_LOG).findMany({ where, select: ['action', 'userId', 'username', 'role', 'at', 'detail'], orderBy: [{ at: 'desc' }, { id: 'desc' }], offset: page.start, limit: page.limit }),
      strapi.db.query(QUERY_LOG).count({ where }),
    ]);
    return { results, pagination: paginationMeta(page, total) };
  },

  /**
   * The cleanup of the query log: deletes entries whose 10 years have ended at `now`, and never
   * a younger one (each candidate is checked by the retention rule). Returns the count.
   */
  async purgeQueryLog(now: Date = new Date()): Promise<number> {
    let purged = 0;
    for (;;) {
      const rows: any[] = await strapi.db.query(QUERY_LOG).findMany({
        where: { at: { $lt: queryLogCandidatesBefore(now) } },
        select: ['id', 'at'],
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        limit: 1000,
      });
      const ids = rows.filter((r) => queryLogPurgeable(r.at, now)).map((r) => r.id);
      if (ids.length) {
        const { count } = await strapi.db.query(QUERY_LOG).deleteMany({ where: { id: { $in: ids } } });
        purged += count;
      }
      // Oldest first: once one is still kept, so is everything after it.
      if (rows.length < 1000 || ids.length < rows.length) return purged;
    }
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

  async list(query: Input, caller: Caller | null = null) {
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
    await this.logQuery(results.map((r: any) => r.documentId), 'list', caller, { filters: query.state || query.petition || query.ground ? { state: query.state, petition: query.petition, ground: query.ground } : null });
    return { results: results.map((r: any) => ({ ...strip(r), stateLabel: stateLabel(r) })), pagination: paginationMeta(page, total) };
  },

  async history(documentId: string, caller: Caller | null = null) {
    await this.load(documentId, {});
    await this.logQuery([documentId], 'history', caller);
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
    const flag = await strapi.db.transaction(async () => {
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
      return this.load(flag.documentId);
    });
    try {
      const full: any = await strapi.db.query(FLAG).findOne({ where: { id: flag.id }, populate: { proposedBy: { select: ['id'] }, ground: { select: ['name'] } } });
      await creditNotifier(strapi).proposed(full);
    } catch (e: any) {
      strapi.log.warn(`[credit] notification of proposal ${flag.documentId} failed: ${e?.message ?? e}`);
    }
    return strip(flag);
  },

  async recordMove(flag: string, action: string, from: string | null, to: string, reason: string | null, input: Input | null, caller: Caller | null, at = new Date(), role?: string) {
    return strapi.documents(MOVE).create({
      data: { flag, action, fromState: from, toState: to, reason, input, actor: caller?.id ?? null, actorRole: role ?? caller?.role ?? 'system', at } as any,
    });
  },

  /**
   * The person's objection (异议). `channel` 'in-person': received at an office in scope by the
   * caller (a clerk or reviewer), with the person's signed objection as `files` (required).
   * `channel` 'online': from the petitioner channel (/p/), which has identified the person; pass
   * `person.idNumber` (must be the flagged person's), no caller. Input: { text, objector? }.
   */
  async lodgeObjection(documentId: string, input: Input, opts: ChannelOptions) {
    return this.moveVia(documentId, 'lodge_objection', input, opts);
  },

  /**
   * The person's application for repair (信用修复), as `lodgeObjection`: in person (recorded by
   * whoever receives it; the signed application attached unless a clerk applies on the office's
   * own initiative) or online. Input: { applicant: person | lawyer | clerk, applicantName?, application }.
   */
  async applyForRepair(documentId: string, input: Input, opts: ChannelOptions) {
    return this.moveVia(documentId, 'apply_repair', input, opts);
  },

  async moveVia(documentId: string, action: 'lodge_objection' | 'apply_repair', input: Input, opts: ChannelOptions) {
    if (opts.channel === 'online') {
      if (!opts.person?.idNumber) throw forbidden('网上提出须先核验当事人本人身份');
      const online: Caller = { id: 0, username: `当事人（网上）`, role: 'person', jurisdiction: null };
      return this.move(documentId, action, input, online, opts.files ?? [], { channel: 'online', person: opts.person });
    }
    if (!opts.caller) throw forbidden('现场提出须由接待人员登记');
    return this.move(documentId, action, input, opts.caller, opts.files ?? [], { channel: 'in-person' });
  },

  /** One move of the due process, in one transaction: plan, side effects, flag, history; then who is told. */
  async move(documentId: string, action: string, input: Input, caller: Caller, files: Upload[] = [], via: { channel?: CreditChannel; person?: { idNumber: string } } = {}) {
    if (caller.role === 'person' && via.channel !== 'online') throw forbidden('当事人只能通过网上渠道提出');
    const moved = await strapi.db.transaction(async () => {
      const loaded = await this.load(documentId, { proposedBy: { fields: ['id'] } });
      // Take the row before reading its state, so two reviewers cannot both decide.
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db.query(FLAG).findOne({ where: { id: loaded.id }, populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] } } });
      if (via.channel === 'online' && hashOf('id-number', String(via.person?.idNumber ?? '').trim().toUpperCase()) !== flag.idNumberHash) {
        // Someone else's flag is not theirs to see.
        throw new errors.NotFoundError('失信记录不存在');
      }
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
      if (actorField && caller.role !== 'person') data[actorField] = caller.id;
      if (plan.action === 'lodge_objection' || plan.action === 'apply_repair') {
        const online = via.channel === 'online';
        if (input.attachments !== undefined) {
          throwIfInvalid([{ path: ['attachments'], message: '附件请以 multipart 文件上传（字段 files.attachments）' }]);
        }
        // The person's own signed writing is the record of their voice: received in person, nothing is lodged without it.
        // A clerk applying for repair on the office's own initiative signs nothing of the person's.
        const ownInitiative = plan.action === 'apply_repair' && input.applicant === 'clerk';
        if (ownInitiative && caller.role !== 'clerk') {
          throwIfInvalid([{ path: ['applicant'], message: online ? '网上申请的申请人应为当事人本人或代理律师' : '依职权申请信用修复须由信访干部提出' }]);
        }
        if (!online && !ownInitiative && !files.length) {
          throwIfInvalid([{ path: ['attachments'], message: plan.action === 'lodge_objection' ? '请附当事人（或其代理律师）签名的书面异议扫描件' : '请附当事人（或其代理律师）签名的信用修复申请书扫描件' }]);
        }
        const stored = files.length ? await this.storeAttachments(documentId, files, plan.action === 'lodge_objection' ? 'objection' : 'repair') : [];
        if (plan.action === 'lodge_objection') {
          data.objectionAttachments = stored;
          data.objectionChannel = online ? 'online' : 'in-person';
        } else {
          data.repairAttachments = stored;
          data.repairChannel = online ? 'online' : 'in-person';
          data.repairReceivedBy = online ? null : caller.id;
        }
      }
      if (plan.action === 'notify') {
        const notice: any = await this.issueNotice(documentId, settings, caller, now);
        data.noticeDocument = notice.documentId;
      }
      // The decision in writing (异议处理决定书, 信用修复决定书), issued with the decision itself.
      if (plan.action === 'decide_objection' || plan.action === 'decide_repair') {
        const kind = plan.action === 'decide_objection' ? 'credit-objection-decision' : 'credit-repair-decision';
        const doc: any = await this.issueDecision(documentId, kind, { ...flag, ...data }, caller, now);
        data[plan.action === 'decide_objection' ? 'objectionDecisionDocument' : 'repairDecisionDocument'] = doc.documentId;
      }
      await strapi.documents(FLAG).update({ documentId, data: data as any });
      const reason = (input.reasons ?? input.reason ?? input.text ?? input.application ?? input.note ?? null) as string | null;
      const recorded = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'state' && !k.endsWith('By')));
      await this.recordMove(documentId, plan.action, plan.from, plan.to, reason, recorded, caller.role === 'person' ? null : caller, now, caller.role === 'person' ? 'person' : undefined);
      return { plan, flag: await this.load(documentId) };
    });
    await this.notifyMove(moved.plan.action, moved.flag);
    return strip(moved.flag);
  },

  /** Who is told after a move (outside the move's transaction: a notification never undoes a move). */
  async notifyMove(action: CreditAction, flag: any) {
    const tell = creditNotifier(strapi);
    const full: any = await strapi.db.query(FLAG).findOne({
      where: { id: flag.id },
      populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] }, objectionDecidedBy: { select: ['id'] }, repairDecidedBy: { select: ['id'] }, ground: { select: ['name'] } },
    });
    try {
      const calendar = await this.calendar();
      switch (action) {
        case 'approve':
        case 'reject':
          return await tell.reviewed(full);
        case 'notify':
          return await tell.forPerson(full, 'notice', this.deliveryDue(calendar, full.notifiedAt));
        case 'lodge_objection':
          return await tell.objectionLodged(full);
        case 'decide_objection':
          return await tell.forPerson(full, 'objection-decision', this.deliveryDue(calendar, full.objectionDecidedAt));
        case 'apply_repair':
          return await tell.repairApplied(full);
        case 'decide_repair':
          return await tell.forPerson(full, 'repair-decision', this.deliveryDue(calendar, full.repairDecidedAt));
        default:
          return null;
      }
    } catch (e: any) {
      strapi.log.warn(`[credit] notification after ${action} on ${flag.documentId} failed: ${e?.message ?? e}`);
      return null;
    }
  },

  /**
   * Reminds the eligible deciders of every objection whose decision falls due within 2 working
   * days, once per objection. For the scheduled job; `now` injected. Returns how many were reminded.
   */
  async remindObjectionDecisions(now: Date = new Date()): Promise<number> {
    const calendar = await this.calendar();
    const open: any[] = await strapi.db.query(FLAG).findMany({
      where: { state: 'objected', objectionReviewDueAt: { $gte: now } },
      populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] }, ground: { select: ['name'] } },
      limit: 1000,
    });
    let reminded = 0;
    for (const f of open) {
      // An extension moves the due date: the reminder is due again for the new date.
      if (f.objectionDueRemindedAt && new Date(f.objectionDueRemindedAt) >= new Date(f.objectionReviewExtendedAt ?? 0)) continue;
      if (!decisionDueSoon(f.objectionReviewDueAt, now, calendar)) continue;
      await creditNotifier(strapi).decisionDueSoon(f);
      await strapi.db.query(FLAG).update({ where: { id: f.id }, data: { objectionDueRemindedAt: now } });
      reminded += 1;
    }
    return reminded;
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
      return this.get(documentId, caller, false);
    });
  },

  /**
   * Electronic delivery (电子送达) when the person opens the notice or a decision on their own
   * page (/p/): recorded by the system with the time of opening as its confirmation. Nothing
   * when it is not awaiting delivery (opened again, or delivered on paper first). One transaction.
   */
  async deliverOnline(documentId: string, of: 'notice' | 'objection-decision' | 'repair-decision', confirmation: string): Promise<boolean> {
    return strapi.db.transaction(async () => {
      const loaded: any = await strapi.db.query(FLAG).findOne({ where: { documentId }, select: ['id'] });
      if (!loaded) return false;
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db.query(FLAG).findOne({ where: { id: loaded.id } });
      const now = new Date();
      const plan = planDelivery({ of, method: 'electronic', deliveredAt: now.toISOString(), confirmation }, flag, now);
      if (!plan.ok) return false;
      const entry = { ...plan.entry, deliveredBy: { id: null, username: '当事人网上查阅' } };
      const data: Input = { deliveries: [...(Array.isArray(flag.deliveries) ? flag.deliveries : []), entry], [plan.deliveredField]: plan.entry.deliveredAt };
      if (of === 'notice') data.objectionDeadline = objectionDeadline(plan.entry.deliveredAt, this.settings()).toISOString();
      await strapi.documents(FLAG).update({ documentId, data: data as any });
      await this.recordMove(documentId, 'deliver', flag.state, flag.state, null, { ...entry, objectionDeadline: data.objectionDeadline ?? undefined }, { id: null, username: 'public', role: 'person', jurisdiction: null } as any, now);
      return true;
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
  async readAttachment(documentId: string, fileId: string, field: 'objectionAttachments' | 'deliveryReceipts' | 'repairAttachments' = 'objectionAttachments') {
    const flag = await this.load(documentId, { [field]: true });
    const file = (flag[field] ?? []).find((f: any) => String(f.id) === String(fileId) || f.documentId === fileId);
    if (!file) throw new errors.NotFoundError('附件不存在');
    const bytes = await fs.readFile(path.join(strapi.dirs.static.public, file.url));
    return { bytes, mime: file.mime as string, name: (file.caption as string) || file.name, file };
  },

  /**
   * Issues a decision PDF (异议处理决定书, 信用修复决定书) through the document service: who
   * decided, the decision, the reasons, the date (Asia/Shanghai), the remedies. `f` is the flag
   * row with the decision's fields already merged in.
   */
  async issueDecision(documentId: string, kind: 'credit-objection-decision' | 'credit-repair-decision', f: Input, caller: Caller, decidedAt: Date) {
    const flag: any = await strapi.documents(FLAG).findOne({
      documentId,
      populate: {
        ground: { fields: ['name'] },
        organisation: { fields: ['name'] },
        petition: { fields: ['referenceNo', 'subject'], populate: { caseType: { fields: ['code'], populate: { documentTemplates: true } } } },
      } as any,
    });
    const decider: any = await strapi.db.query('plugin::users-permissions.user' as any).findOne({ where: { id: caller.id }, select: ['username', 'fullName'], populate: { organisation: { select: ['name'] } } });
    const p = flag.petition ?? {};
    // The credit notice's template settings (issuer, seal, extra clauses) serve its decisions too.
    const t = (p.caseType?.documentTemplates ?? []).find((x: any) => x.kind === 'credit-notice') ?? {};
    const issuer = t.organisationName || flag.organisation?.name;
    const common = {
      person: { name: flag.personName, idNumber: flag.idNumber },
      matter: p.subject ?? '',
      caseReference: p.referenceNo ?? undefined,
      ground: flag.ground?.name ?? '',
      decidedBy: decider?.fullName || decider?.username || caller.username,
      decidedByUnit: decider?.organisation?.name ?? undefined,
      reasons: String(kind === 'credit-objection-decision' ? f.objectionReasons : f.repairReasons),
      issuer,
      decidedAt: shanghaiDate(decidedAt),
    };
    const channel = (c: unknown) => (c === 'online' ? '通过网上渠道' : '当面');
    const input =
      kind === 'credit-objection-decision'
        ? {
            ...common,
            decisionNumber: `${p.referenceNo ?? ''}-信${flag.id}-异`,
            objection: { lodgedAt: shanghaiDate(f.objectionLodgedAt), by: f.objectionBy ?? undefined, channel: channel(f.objectionChannel), text: String(f.objectionText ?? '') },
            decision: f.objectionDecision,
          }
        : {
            ...common,
            decisionNumber: `${p.referenceNo ?? ''}-信${flag.id}-修`,
            application: {
              appliedAt: shanghaiDate(f.repairAppliedAt),
              applicant: `${(REPAIR_APPLICANTS as Record<string, string>)[f.repairApplicant] ?? '申请人'}${f.repairApplicantName ? f.repairApplicantName : ''}`,
              channel: channel(f.repairChannel),
              text: String(f.repairApplication ?? ''),
            },
            decision: f.repairDecision,
            outcome: f.repairOutcome ?? undefined,
          };
    return getService(strapi, 'document').issue({
      kind,
      input,
      subjectKey: `credit-flag:${documentId}`,
      petition: p.documentId,
      organisation: flag.organisation?.documentId,
      userId: caller.id,
      issuedAt: decidedAt,
      options: {
        organisationName: issuer,
        sealText: t.sealText || undefined,
        extraClauses: String(t.extraClauses ?? '').split('\n').map((c: string) => c.trim()).filter(Boolean),
      },
    });
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
  async exportActive(format: 'csv' | 'json', caller: Caller | null = null) {
    const now = new Date();
    const rows: any[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await strapi.documents(FLAG).findMany({
        // Active, or repaired and kept annotated (art. 32), while retention lasts; a deleted one is gone.
        filters: { expiresAt: { $gt: now }, $or: [{ state: 'active' }, { state: 'repaired', repairOutcome: 'annotate' }] },
        fields: ['personName', 'idNumber', 'activeFrom', 'expiresAt', 'state', 'repairOutcome', 'repairedAt'] as any,
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
    await this.logQuery(rows.map((r) => r.documentId), 'export', caller, { format });
    const records = rows.map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, c.value(r)])));
    const stamp = shanghaiDate(now);
    if (format === 'json') return { format, count: rows.length, exportedAt: now.toISOString(), records, filename: `失信记录-${stamp}.json` };
    const body = csvFile([EXPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => EXPORT_COLUMNS.map((c) => c.value(r)))]);
    return { format, count: rows.length, exportedAt: now.toISOString(), body, filename: `失信记录-${stamp}.csv` };
  },

  /** Tells a clerk that grounds MAY exist on a case. It never creates a flag. */
  async hints(petitionDocumentId: string) {
    const p: any = await findInScope(strapi, UID.petition, petitionDocumentId, { fields: ['outcome'] }, '信访事项不存在');
    const latest = (kind: string) =>
      strapi.db.query(DOC).findOne({ where: { subjectKey: `petition:${petitionDocumentId}`, kind }, orderBy: { version: 'desc' }, select: ['documentId', 'issuedAt'] });
    const [agreement, pledge, visits, grounds, checks] = await Promise.all([
      latest('mediation-agreement'),
      latest('no-further-petition-pledge'),
      strapi.db.query(VISIT).findMany({ where: { petition: { documentId: petitionDocumentId } }, select: ['documentId', 'visitedAt', 'level', 'isLeapfrog', 'isRepeat'] }),
      strapi.db.query(GROUND).findMany({ where: { active: true }, select: ['documentId', 'code', 'name'] }),
      // The mediator's performance follow-ups (履行回访, performance module).
      getService(strapi, 'performance').recorded(petitionDocumentId),
    ]);
    const byCode = new Map(grounds.map((g: any) => [g.code, g]));
    const hints = creditHints({ agreement, pledge, terms: p.outcome?.terms ?? [], visits, checks, now: new Date() })
      .filter((h) => byCode.has(h.groundCode))
      .map((h) => ({ ...h, ground: byCode.get(h.groundCode)!.documentId, groundName: byCode.get(h.groundCode)!.name }));
    return { notice: HINT_NOTICE, hints };
  },
});
