import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import path from 'path';
import { throwIfInvalid, conflict, forbidden, refuse, hashOf, type Caller } from '@fangtiao/kernel';
import type { DateInput } from '@fangtiao/kernel/pure';
import { DEFAULT_GROUNDS } from '../grounds';
import {
  CREDIT_STATES,
  creditMovesFrom,
  precondition,
  planCreditMove,
  planProposal,
  resolveCreditSettings,
  objectionDeadline,
  type CreditChannel,
  type CreditSettings,
} from '../rules';
import { deliveryDueAt, awaitingDeliveries, deliveryFields, overdueDeliveries, planDelivery, type DeliveryFacts } from '../delivery';
import type { Calendar } from '../../hearings/calendar';
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';
import { pageOf, paginationMeta } from '../../pagination';
import { openDeadlines } from '../deadlines';
import { creditNotifier } from './notify';
import {
  ACTOR_FIELD,
  CLOSED_STATES,
  factsOf,
  FLAG,
  FLAG_POPULATE,
  GROUND,
  MOVE,
  PERSON,
  QUERY_LOG,
  type ChannelOptions,
  type Input,
  type Upload,
} from './common';
import { logQuery, purgeQueryLog } from './query-log';
import { issueDecision, issueNotice, storeAttachments } from './documents';
import { hints, resolveProposal } from './proposal';
import { expireDue, exportActive, stateLabel } from './platform';
import { notifyMove, remindObjectionDecisions } from './after-move';

export { EXPORT_COLUMNS, stateLabel } from './platform';
export type { ChannelOptions } from './common';

/** A part's function `(strapi, ...args)` as a method of the service. */
const withStrapi =
  <A extends unknown[], R>(strapi: Core.Strapi, fn: (strapi: Core.Strapi, ...args: A) => R) =>
  (...args: A): R =>
    fn(strapi, ...args);

/**
 * Credit flags (失信记录) with due process. The rules are pure (../rules.ts); this loads the
 * facts, checks every reference inside the caller's jurisdiction, and writes the flag and
 * its move in one transaction per move. The audit log records each write (document
 * middleware); exports are logged here. The software never proposes a flag by itself.
 * Parts by concern, reached through this one service: common.ts (UIDs, populate specs),
 * query-log.ts, documents.ts (notice, decisions, attachments), proposal.ts (references, hints),
 * platform.ts (export, expiry), after-move.ts (who is told).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  settings(): CreditSettings {
    return resolveCreditSettings(strapi.config.get('plugin::fangtiao.credit') as Partial<CreditSettings> | undefined);
  },

  /** Seeds the two default grounds once (by code); what administrators changed is kept. */
  async seedGrounds() {
    for (const g of DEFAULT_GROUNDS) {
      const exists = await strapi.db.query(GROUND).findOne({ where: { code: g.code }, select: ['id'] });
      if (!exists) await strapi.documents(GROUND).create({ data: { ...g, active: true } });
    }
  },

  async grounds() {
    return strapi.documents(GROUND).findMany({
      filters: { active: true },
      fields: ['code', 'name', 'legalBasis', 'basisKind'],
      sort: ['id:asc'],
    });
  },

  /** The flag inside the caller's jurisdiction, or 404. */
  async load(documentId: string, populate: Input = FLAG_POPULATE()) {
    const flag: any = await strapi.documents(FLAG).findOne({ documentId, populate });
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

  logQuery: withStrapi(strapi, logQuery),

  /** The query log of one flag inside the jurisdiction, newest first. */
  async queries(documentId: string, query: Input = {}) {
    await this.load(documentId, {});
    const page = pageOf(query);
    const where = { flagDocumentId: documentId };
    const [results, total] = await Promise.all([
      strapi.db
        .query(QUERY_LOG)
        .findMany({
          where,
          select: ['action', 'userId', 'username', 'role', 'at', 'detail'],
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          offset: page.start,
          limit: page.limit,
        }),
      strapi.db.query(QUERY_LOG).count({ where }),
    ]);
    return { results, pagination: paginationMeta(page, total) };
  },

  purgeQueryLog: withStrapi(strapi, purgeQueryLog),

  /** The office's work calendar (public holidays and adjusted working days), shared with hearings. */
  async calendar(): Promise<Calendar> {
    return getService(strapi, 'hearing-planning').calendar();
  },

  /** End of the last working day allowed for delivery after issue. */
  deliveryDue: deliveryDueAt,

  /** The facts the move rules read from a flag. */
  factsOf,

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
    const moves = creditMovesFrom(flag.state, caller.role ?? '', { isProposer: flag.proposedBy?.id === caller.id, isApprover }).map(
      (m) => ({
        action: m.action,
        label: m.label,
        fields: m.fields,
        blocked: withLate(m.action, precondition(m.action, facts, now)),
      }),
    );
    // Recording a delivery is offered like a move while something issued awaits it.
    const awaiting = awaitingDeliveries(flag);
    const deliver =
      awaiting.length && ['clerk', 'reviewer'].includes(caller.role ?? '')
        ? [{ action: 'deliver', label: '登记送达', fields: deliveryFields(awaiting), blocked: null }]
        : [];
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
        populate: (({ ground, petition, organisation, proposedBy, reviewedBy }) => ({
          ground,
          petition,
          organisation,
          proposedBy,
          reviewedBy,
        }))(FLAG_POPULATE()),
        sort: ['proposedAt:desc', 'id:desc'],
        start: page.start,
        limit: page.limit,
      }),
      strapi.documents(FLAG).count({ filters }),
    ]);
    await this.logQuery(
      results.map((r) => r.documentId),
      'list',
      caller,
      {
        filters:
          query.state || query.petition || query.ground ? { state: query.state, petition: query.petition, ground: query.ground } : null,
      },
    );
    return { results: results.map((r: any) => ({ ...strip(r), stateLabel: stateLabel(r) })), pagination: paginationMeta(page, total) };
  },

  async history(documentId: string, caller: Caller | null = null) {
    await this.load(documentId, {});
    await this.logQuery([documentId], 'history', caller);
    const moves = await strapi.documents(MOVE).findMany({
      filters: { flag: { documentId } },
      fields: ['action', 'fromState', 'toState', 'reason', 'input', 'actorRole', 'at'],
      populate: { actor: PERSON() },
      sort: ['at:asc', 'id:asc'],
    });
    return moves.map((m) =>
      strip({ ...m, fromLabel: (CREDIT_STATES as any)[m.fromState] ?? null, toLabel: (CREDIT_STATES as any)[m.toState] }),
    );
  },

  resolveProposal: withStrapi(strapi, resolveProposal),

  /** A clerk proposes a flag with its facts, basis and evidence (提请). */
  async propose(input: Input, caller: Caller) {
    const plan = planProposal({ role: caller.role ?? '', input, now: new Date() });
    if (!plan.ok) refuse(plan);
    const set = plan.set;
    const flag = await strapi.db.transaction(async () => {
      const { ground, petition } = await this.resolveProposal(set);
      const open = await strapi.db.query(FLAG).findOne({
        where: {
          petition: { documentId: petition.documentId },
          ground: { id: ground.id },
          idNumberHash: hashOf('id-number', set.idNumber),
          state: { $notIn: CLOSED_STATES },
        },
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
        },
      });
      await this.recordMove(
        flag.documentId,
        'propose',
        null,
        'proposed',
        set.facts,
        { ground: ground.code, basisDocument: set.basisDocument, evidence: set.evidence },
        caller,
      );
      return this.load(flag.documentId);
    });
    try {
      const full = await strapi.db
        .query(FLAG)
        .findOne({ where: { id: flag.id }, populate: { proposedBy: { select: ['id'] }, ground: { select: ['name'] } } });
      await creditNotifier(strapi).proposed(full);
    } catch (e: any) {
      strapi.log.warn(`[credit] notification of proposal ${flag.documentId} failed: ${e?.message ?? e}`);
    }
    return strip(flag);
  },

  async recordMove(
    flag: string,
    action: string,
    from: string | null,
    to: string,
    reason: string | null,
    input: Input | null,
    caller: Caller | null,
    at = new Date(),
    role?: string,
  ) {
    return strapi.documents(MOVE).create({
      data: {
        flag,
        action,
        fromState: from,
        toState: to,
        reason,
        input,
        actor: caller?.id ?? null,
        actorRole: role ?? caller?.role ?? 'system',
        at,
      },
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
  async move(
    documentId: string,
    action: string,
    input: Input,
    caller: Caller,
    files: Upload[] = [],
    via: { channel?: CreditChannel; person?: { idNumber: string } } = {},
  ) {
    if (caller.role === 'person' && via.channel !== 'online') throw forbidden('当事人只能通过网上渠道提出');
    const moved = await strapi.db.transaction(async () => {
      const loaded = await this.load(documentId, { proposedBy: { fields: ['id'] } });
      // Take the row before reading its state, so two reviewers cannot both decide.
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db
        .query(FLAG)
        .findOne({ where: { id: loaded.id }, populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] } } });
      if (
        via.channel === 'online' &&
        hashOf(
          'id-number',
          String(via.person?.idNumber ?? '')
            .trim()
            .toUpperCase(),
        ) !== flag.idNumberHash
      ) {
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
          throwIfInvalid([
            { path: ['applicant'], message: online ? '网上申请的申请人应为当事人本人或代理律师' : '依职权申请信用修复须由信访干部提出' },
          ]);
        }
        if (!online && !ownInitiative && !files.length) {
          throwIfInvalid([
            {
              path: ['attachments'],
              message:
                plan.action === 'lodge_objection'
                  ? '请附当事人（或其代理律师）签名的书面异议扫描件'
                  : '请附当事人（或其代理律师）签名的信用修复申请书扫描件',
            },
          ]);
        }
        const stored = files.length
          ? await this.storeAttachments(documentId, files, plan.action === 'lodge_objection' ? 'objection' : 'repair')
          : [];
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
        const notice = await this.issueNotice(documentId, settings, caller, now);
        data.noticeDocument = notice.documentId;
      }
      // The decision in writing (异议处理决定书, 信用修复决定书), issued with the decision itself.
      if (plan.action === 'decide_objection' || plan.action === 'decide_repair') {
        const kind = plan.action === 'decide_objection' ? 'credit-objection-decision' : 'credit-repair-decision';
        const doc = await this.issueDecision(documentId, kind, { ...flag, ...data }, caller, now);
        data[plan.action === 'decide_objection' ? 'objectionDecisionDocument' : 'repairDecisionDocument'] = doc.documentId;
      }
      await strapi.documents(FLAG).update({ documentId, data });
      const reason = (input.reasons ?? input.reason ?? input.text ?? input.application ?? input.note ?? null) as string | null;
      const recorded = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'state' && !k.endsWith('By')));
      await this.recordMove(
        documentId,
        plan.action,
        plan.from,
        plan.to,
        reason,
        recorded,
        caller.role === 'person' ? null : caller,
        now,
        caller.role === 'person' ? 'person' : undefined,
      );
      return { plan, flag: await this.load(documentId) };
    });
    await this.notifyMove(moved.plan.action, moved.flag);
    return strip(moved.flag);
  },

  notifyMove: withStrapi(strapi, notifyMove),
  remindObjectionDecisions: withStrapi(strapi, remindObjectionDecisions),

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
      const flag: any = await strapi.db
        .query(FLAG)
        .findOne({ where: { id: loaded.id }, populate: { deliveryReceipts: { select: ['id'] } } });
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
      await strapi.documents(FLAG).update({ documentId, data });
      await this.recordMove(
        documentId,
        'deliver',
        flag.state,
        flag.state,
        null,
        { ...entry, objectionDeadline: data.objectionDeadline ?? undefined },
        caller,
        now,
      );
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
      const loaded = await strapi.db.query(FLAG).findOne({ where: { documentId }, select: ['id'] });
      if (!loaded) return false;
      await strapi.db.query(FLAG).updateMany({ where: { id: loaded.id }, data: { updatedAt: new Date() } });
      const flag: any = await strapi.db.query(FLAG).findOne({ where: { id: loaded.id } });
      const now = new Date();
      const plan = planDelivery({ of, method: 'electronic', deliveredAt: now.toISOString(), confirmation }, flag, now);
      if (!plan.ok) return false;
      const entry = { ...plan.entry, deliveredBy: { id: null, username: '当事人网上查阅' } };
      const data: Input = {
        deliveries: [...(Array.isArray(flag.deliveries) ? flag.deliveries : []), entry],
        [plan.deliveredField]: plan.entry.deliveredAt,
      };
      if (of === 'notice') data.objectionDeadline = objectionDeadline(plan.entry.deliveredAt, this.settings()).toISOString();
      await strapi.documents(FLAG).update({ documentId, data });
      await this.recordMove(
        documentId,
        'deliver',
        flag.state,
        flag.state,
        null,
        { ...entry, objectionDeadline: data.objectionDeadline ?? undefined },
        { id: null, username: 'public', role: 'person', jurisdiction: null } as any,
        now,
      );
      return true;
    });
  },

  storeAttachments: withStrapi(strapi, storeAttachments),

  /** An objection attachment of a flag inside the jurisdiction. */
  async readAttachment(
    documentId: string,
    fileId: string,
    field: 'objectionAttachments' | 'deliveryReceipts' | 'repairAttachments' = 'objectionAttachments',
  ) {
    const flag = await this.load(documentId, { [field]: true });
    const file = (flag[field] ?? []).find((f: any) => String(f.id) === String(fileId) || f.documentId === fileId);
    if (!file) throw new errors.NotFoundError('附件不存在');
    const bytes = await fs.readFile(path.join(strapi.dirs.static.public, file.url));
    return { bytes, mime: file.mime as string, name: (file.caption as string) || file.name, file };
  },

  issueDecision: withStrapi(strapi, issueDecision),

  issueNotice: withStrapi(strapi, issueNotice),

  expireDue: withStrapi(strapi, expireDue),

  exportActive: withStrapi(strapi, exportActive),

  hints: withStrapi(strapi, hints),
});
