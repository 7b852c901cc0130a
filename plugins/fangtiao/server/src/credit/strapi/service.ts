import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import path from 'path';
import { conflict, forbidden, refuse, hashOf, type Caller } from '@fangtiao/kernel';
import type { DateInput } from '@fangtiao/kernel/pure';
import { DEFAULT_GROUNDS } from '../grounds';
import {
  CREDIT_STATES,
  creditMovesFrom,
  precondition,
  planCreditMove,
  planProposal,
  resolveCreditSettings,
  type CreditSettings,
} from '../rules';
import { deliveryDueAt, awaitingDeliveries, deliveryFields, overdueDeliveries, planDelivery, type DeliveryFacts } from '../delivery';
import type { Calendar } from '../../hearings/calendar';
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';
import { openDeadlines } from '../deadlines';
import { creditNotifier } from './notify';
import { ACTOR_FIELD, CLOSED_STATES, factsOf, FLAG, GROUND, type ChannelOptions, type Input, type Upload } from './common';
import { logQuery, purgeQueryLog } from './query-log';
import { issueDecision, issueNotice, storeAttachments } from './documents';
import { hints, resolveProposal } from './proposal';
import { expireDue, exportActive, stateLabel } from './platform';
import { notifyMove, remindObjectionDecisions } from './after-move';
import { flagHistory, flagQueries, listFlags, loadFlag } from './reads';
import {
  channelFields,
  checkOnlinePerson,
  issuedWriting,
  lockFlag,
  moveReason,
  recordDelivery,
  recordMove,
  type MoveVia,
} from './move-steps';

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
  load: withStrapi(strapi, loadFlag),

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

  queries: withStrapi(strapi, flagQueries),

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

  list: withStrapi(strapi, listFlags),

  history: withStrapi(strapi, flagHistory),

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

  recordMove: withStrapi(strapi, recordMove),

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
  async move(documentId: string, action: string, input: Input, caller: Caller, files: Upload[] = [], via: MoveVia = {}) {
    if (caller.role === 'person' && via.channel !== 'online') throw forbidden('当事人只能通过网上渠道提出');
    const moved = await strapi.db.transaction(async () => {
      const loaded = await this.load(documentId, { proposedBy: { fields: ['id'] } });
      const flag = await lockFlag(strapi, loaded.id, { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] } });
      checkOnlinePerson(flag, via);
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
        Object.assign(data, await channelFields(strapi, documentId, plan, input, caller, files, via));
      }
      Object.assign(data, await issuedWriting(strapi, documentId, plan, { ...flag, ...data }, settings, caller, now));
      await strapi.documents(FLAG).update({ documentId, data });
      const recorded = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'state' && !k.endsWith('By')));
      const person = caller.role === 'person';
      await this.recordMove(
        documentId,
        plan.action,
        plan.from,
        plan.to,
        moveReason(input),
        recorded,
        person ? null : caller,
        now,
        person ? 'person' : undefined,
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
      const flag = await lockFlag(strapi, loaded.id, { deliveryReceipts: { select: ['id'] } });
      const now = new Date();
      const plan = planDelivery(input, flag, now);
      if (!plan.ok) refuse(plan);
      const receipts: number[] = (flag.deliveryReceipts ?? []).map((f: any) => f.id);
      const receipt = files.length ? (await this.storeAttachments(documentId, files.slice(0, 1), 'receipt'))[0] : null;
      const deliveredBy = { id: caller.id, username: caller.username };
      await recordDelivery(strapi, flag, plan, { deliveredBy, receipt, receipts }, this.settings(), caller, now);
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
      const flag = await lockFlag(strapi, loaded.id);
      const now = new Date();
      const plan = planDelivery({ of, method: 'electronic', deliveredAt: now.toISOString(), confirmation }, flag, now);
      if (!plan.ok) return false;
      const system = { id: null, username: 'public', role: 'person', jurisdiction: null } as any;
      await recordDelivery(strapi, flag, plan, { deliveredBy: { id: null, username: '当事人网上查阅' } }, this.settings(), system, now);
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
