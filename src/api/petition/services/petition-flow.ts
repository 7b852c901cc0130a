import type { Core } from '@strapi/strapi';
import { UID } from '../../../constants';
import { findInScope } from '../../../jurisdiction/find-in-scope';
import { lockRow } from '../../../database/row-lock';
import type { Caller } from '../../../jurisdiction/current';
import { userInScope } from '../../../jurisdiction/users';
import { planMove, movesFrom } from '../../../case-flow/flow';
import { planExtension, reReviewRequestDue, reviewRequestDue } from '../../../case-flow/deadlines';
import { conflict, refuse as refuseWith } from '../../../errors';
import type { Refusal } from '../../../case-flow/refusal';
import { throwIfInvalid } from '../../../validation';
import { FORM_STAGE_LABELS, stageOfState, validateFormData } from '../../../case-types/form-schema';
import { derive } from './petition';
import { partiesWithoutConsent } from '../controllers/validation/parties';

/** Timestamps and deadlines a move may set that live on the petition row. */
const PETITION_FIELDS = new Set([
  'acceptedAt',
  'conclusionDueAt',
  'concludedAt',
  'reviewRequestedAt',
  'reviewAnswerDueAt',
  'reviewedAt',
  'reReviewRequestedAt',
  'reReviewAnswerDueAt',
  'reReviewedAt',
  'closedAt',
]);

type Input = Record<string, any>;

/** A refused move answers with each field at fault under `input`. */
function refuse(plan: Refusal): never {
  return refuseWith(plan, (f) => ['input', f]);
}

/**
 * The one way a petition changes state (流转). The rules are pure (case-flow/flow.ts);
 * this loads the facts, resolves the people and units a move names, and writes the
 * petition, the move record and the audit entry in one transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The petition, row-locked first when inside a write transaction (src/database/row-lock.ts). */
  async load(documentId: string) {
    await lockRow(strapi, UID.petition, documentId);
    return findInScope(
      strapi,
      UID.petition,
      documentId,
      {
        populate: {
          parties: true,
          mediator: { fields: ['id'] },
          assignedClerk: { fields: ['id'] },
          caseType: { fields: ['deadlines'] },
          organisation: { fields: ['name', 'code'] },
        },
      },
      '信访事项不存在',
    );
  },

  /**
   * A move into a later stage needs the case type's fields required from that stage
   * (e.g. the contract date from mediation): 400 naming each empty field.
   */
  async checkFormAt(p: any, to: string) {
    const stage = stageOfState(to);
    if (!p.caseType?.documentId || stage === stageOfState(p.state)) return;
    const v = await strapi.service(UID.caseType).schemaVersion(p.caseType.documentId, p.caseTypeVersion ?? undefined);
    const { errors: formErrors } = validateFormData(v.formSchema ?? { fields: [] }, p.formData ?? {}, { stage });
    const staged = new Set((v.formSchema?.fields ?? []).filter((f: any) => f.requiredFrom).map((f: any) => f.key));
    const empty = formErrors.filter((e) => staged.has(e.field));
    throwIfInvalid(
      empty.map((e) => ({ path: ['formData', e.field], message: e.message })),
      `进入${FORM_STAGE_LABELS[stage]}阶段前须填写表单必填项`,
    );
  },

  async movesFor(documentId: string, caller: Caller) {
    const p = await this.load(documentId);
    return movesFrom(p.state, caller.role ?? '', { isAssignedMediator: p.mediator?.id === caller.id }).map((m) => ({
      action: m.action,
      label: m.label,
      fields: m.fields,
      targets: m.toChoice ? m.toChoice.options : [m.to],
    }));
  },

  /** Resolves the references a move names to records inside the caller's jurisdiction. */
  async resolveRefs(action: string, input: Input, caller: Caller) {
    const j = caller.jurisdiction;
    const data: Input = {};
    const problems: { path: string[]; message: string }[] = [];
    if (action === 'divert') {
      const committee = await strapi.documents(UID.committee).findOne({ documentId: String(input.committee) });
      if (!committee) problems.push({ path: ['input', 'committee'], message: '调解委员会不存在或不在管辖范围内' });
      const mediator = await userInScope(strapi, j, input.mediator, 'mediator');
      if (!mediator) problems.push({ path: ['input', 'mediator'], message: '调解员不存在或不在管辖范围内' });
      Object.assign(data, { committee: committee?.documentId, mediator: mediator?.id });
    }
    if (action === 'assign_unit') {
      const unit = await strapi.documents(UID.organisation).findOne({ documentId: String(input.unit) });
      if (!unit) problems.push({ path: ['input', 'unit'], message: '责任单位不存在或不在管辖范围内' });
      data.organisation = unit?.documentId;
    }
    if (action === 'escalate_leader') {
      const leader = await userInScope(strapi, j, input.leader, 'leader');
      if (!leader) problems.push({ path: ['input', 'leader'], message: '包案领导不存在或不在管辖范围内' });
      data.leader = leader?.id;
    }
    throwIfInvalid(problems);
    return data;
  },

  async transition(documentId: string, action: string, input: Input, caller: Caller) {
    const updated = await this.commitMove(documentId, action, input, caller);
    // After the commit: the notice never rolls back the move, and its failure never fails it.
    if (action === 'divert') await this.tellMediator(updated, caller);
    return updated;
  },

  /** The diverted case's mediator hears of it (inbox, and e-mail as preferred); not when diverting to oneself. */
  async tellMediator(p: any, caller: Caller) {
    const row: any = await strapi.db.query(UID.petition).findOne({
      where: { id: p.id },
      select: ['documentId', 'referenceNo', 'subject'],
      populate: { mediator: { select: ['id'] }, committee: { select: ['name'] } },
    });
    const mediator = row?.mediator?.id;
    if (!mediator || mediator === caller.id) return;
    await strapi
      .plugin('fangtiao')
      .service('notification')
      .notify([mediator], {
        kind: 'case-assigned',
        title: `新分流调解案件：${row.referenceNo ?? ''}`,
        body: `${row.subject ?? ''}${row.committee?.name ? `（${row.committee.name}）` : ''}，请及时联系当事人开展调解。`,
        link: `/desk/#/case/${row.documentId}`,
      });
  },

  async commitMove(documentId: string, action: string, input: Input, caller: Caller) {
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      const now = new Date();
      const plan = planMove({
        state: p.state,
        action: action as any,
        role: caller.role as any,
        isAssignedMediator: !!p.mediator && p.mediator.id === caller.id,
        input,
        facts: {
          returnVisitRecorded: !!p.returnVisit,
          concludedAt: p.concludedAt,
          reviewedAt: p.reviewedAt,
          extensionDays: p.extensionDays,
        },
        now,
        settings: p.caseType?.deadlines ?? undefined,
      });
      if (!plan.ok) refuse(plan);
      if (action === 'divert') {
        // People's mediation is voluntary (人民调解法 arts. 3, 17): every party's consent first.
        const missing = partiesWithoutConsent(p.parties ?? []);
        if (missing.length)
          throw conflict(`以下当事人尚未表示自愿调解，不能分流调解：${missing.map((x) => x.name).join('、')}`, {
            parties: missing.map((x) => x.name),
          });
      }

      await this.checkFormAt(p, plan.to);
      const data: Input = { state: plan.to, ...(await this.resolveRefs(action, input, caller)) };
      // A petition filed online has no clerk yet: the clerk who decides on its acceptance takes it.
      if ((action === 'accept' || action === 'not_accept') && !p.assignedClerk && caller.role === 'clerk') data.assignedClerk = caller.id;
      for (const [k, v] of Object.entries(plan.set)) if (PETITION_FIELDS.has(k)) data[k] = v;
      if (action === 'mediation_success' || action === 'mediation_failure') {
        const { agreedTerms, terms, facts, disputes, responsibilities, reason, next, channel } = input;
        data.outcome =
          action === 'mediation_success'
            ? { result: 'success', agreedTerms, terms: terms ?? [], facts, disputes, responsibilities, at: now }
            : { result: 'failure', reason, next, channel: channel ?? null, at: now };
      }
      const merged = { ...p, ...data, organisation: p.organisation };
      Object.assign(data, derive(merged, now));
      const updated = await strapi.documents(UID.petition).update({ documentId, data: data as any });
      // After the agreement: one follow-up per agreed term (履行回访); at conclusion: the mediator's subsidy (以案定补).
      if (action === 'mediation_success')
        await strapi
          .plugin('fangtiao')
          .service('performance')
          .plan(documentId, data.outcome.terms ?? [], now);
      if (plan.to === 'concluded') await strapi.plugin('fangtiao').service('subsidy').onConcluded(documentId, now);

      const stored = Object.fromEntries(Object.entries(plan.set).filter(([k]) => !PETITION_FIELDS.has(k)));
      await strapi.documents('api::petition-move.petition-move' as any).create({
        data: {
          petition: documentId,
          action,
          fromState: plan.from,
          toState: plan.to,
          reason: input.reason ?? input.conclusion ?? input.opinion ?? input.agreedTerms ?? null,
          input: { ...stored, ...(data.outcome ? { outcome: data.outcome } : {}) },
          actor: caller.id,
          actorRole: caller.role,
          at: now,
        } as any,
      });
      return updated;
    });
  },

  /**
   * The person's own request for review (复查) or re-review (复核) from their page (/p/): the
   * same plan as the desk's move — state and window rules alike — recorded as made by the
   * person online (no user; `actorRole: 'petitioner'`, `input.channel: 'online'`). The caller
   * has already checked the case is the person's.
   */
  /**
   * Which review request the person may make on their page now, if the case is at that stage:
   * the action, its deadline (stored on the petition) and — when refused — the flow's reason.
   */
  personRequestOption(
    p: any,
  ): { action: 'request_review' | 'request_re_review'; label: string; dueAt: string | null; open: boolean; reason: string | null } | null {
    const action = p.state === 'concluded' ? 'request_review' : p.state === 'reviewed' ? 'request_re_review' : null;
    if (!action) return null;
    const plan = planMove({
      state: p.state,
      action,
      role: 'petitioner',
      input: {},
      now: new Date(),
      facts: { returnVisitRecorded: !!p.returnVisit, concludedAt: p.concludedAt, reviewedAt: p.reviewedAt, extensionDays: p.extensionDays },
      settings: p.caseType?.deadlines ?? undefined,
    });
    const start = action === 'request_review' ? p.concludedAt : p.reviewedAt;
    const settings = p.caseType?.deadlines ?? undefined;
    const dueAt = start
      ? (action === 'request_review' ? reviewRequestDue(start, settings) : reReviewRequestDue(start, settings)).toISOString()
      : null;
    return {
      action,
      label: action === 'request_review' ? '申请复查' : '申请复核',
      dueAt,
      open: plan.ok,
      reason: plan.ok ? null : plan.reason,
    };
  },

  async requestByPerson(petitionId: number, action: 'request_review' | 'request_re_review', who: string) {
    return strapi.db.transaction(async () => {
      const p: any = await strapi.db.query(UID.petition).findOne({
        where: { id: petitionId },
        populate: { parties: true, caseType: { select: ['deadlines'] }, organisation: { select: ['name', 'code'] } },
      });
      const now = new Date();
      const plan = planMove({
        state: p.state,
        action,
        role: 'petitioner',
        input: {},
        facts: {
          returnVisitRecorded: !!p.returnVisit,
          concludedAt: p.concludedAt,
          reviewedAt: p.reviewedAt,
          extensionDays: p.extensionDays,
        },
        now,
        settings: p.caseType?.deadlines ?? undefined,
      });
      if (!plan.ok) refuseWith(plan, (f) => [f]);
      const data: Input = { state: plan.to };
      for (const [k, v] of Object.entries(plan.set)) if (PETITION_FIELDS.has(k)) data[k] = v;
      Object.assign(data, derive({ ...p, ...data }, now));
      const updated = await strapi.documents(UID.petition).update({ documentId: p.documentId, data: data as any });
      await strapi.documents('api::petition-move.petition-move' as any).create({
        data: {
          petition: p.documentId,
          action,
          fromState: plan.from,
          toState: plan.to,
          reason: null,
          input: { channel: 'online', by: who },
          actor: null,
          actorRole: 'petitioner',
          at: now,
        } as any,
      });
      return { petition: updated, from: plan.from, to: plan.to, label: plan.label };
    });
  },

  /** One extension of the conclusion deadline (≤ 30 days by default), approved by a leader. */
  async extend(documentId: string, days: number, reason: string, caller: Caller) {
    if (!reason || !String(reason).trim()) throwIfInvalid([{ path: ['reason'], message: '延期理由必填' }]);
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      const plan: any = planExtension({
        days,
        alreadyExtended: (p.extensionDays ?? 0) > 0,
        approverRole: caller.role ?? '',
        state: p.state,
        acceptedAt: p.acceptedAt,
        settings: p.caseType?.deadlines ?? undefined,
      } as any);
      if (!plan.ok) refuse({ ...plan, field: plan.field ?? 'days' });
      const data: Input = { extensionDays: plan.extensionDays, conclusionDueAt: plan.conclusionDueAt };
      Object.assign(data, derive({ ...p, ...data }, new Date()));
      const updated = await strapi.documents(UID.petition).update({ documentId, data: data as any });
      await strapi.documents('api::petition-move.petition-move' as any).create({
        data: {
          petition: documentId,
          action: 'extend',
          fromState: p.state,
          toState: p.state,
          reason,
          input: { days: plan.extensionDays, conclusionDueAt: plan.conclusionDueAt },
          actor: caller.id,
          actorRole: caller.role,
          at: new Date(),
        } as any,
      });
      return updated;
    });
  },
});
