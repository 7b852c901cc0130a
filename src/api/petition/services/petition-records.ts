import type { Core } from '@strapi/strapi';
import { UID } from '../../../constants';
import { findInScope } from '../../../jurisdiction/find-in-scope';
import { lockRow } from '../../../database/row-lock';
import type { Caller } from '../../../jurisdiction/current';
import { stageOfState, validateFormData } from '../../../case-types/form-schema';
import { getMove } from '../../../case-flow/flow';
import { conflict, forbidden } from '../../../errors';
import { throwIfInvalid, type FieldError } from '../../../validation';
import { derive } from './petition';
import { VISIT_KIND_LABELS, VISIT_LEVELS, VISIT_PURPOSES, visitMeaning } from '../../../case-flow/visits';
import { lastAgreedDay } from '../../../case-flow/written-date';
import { shanghaiDate, shanghaiDayNumber } from '../../../case-flow/deadlines';

export { VISIT_LEVELS };
const CHANNELS = ['letter', 'visit', 'online', 'phone', 'hotline'];
const CONCLUDED = ['concluded', 'review_requested', 'reviewed', 're_review_requested', 'final', 'closed'];
const RETURN_VISIT_RESULTS = ['satisfied', 'basically_satisfied', 'not_satisfied'];
const SESSION_UID = 'api::mediation-session.mediation-session';
const MOVE_UID = 'api::petition-move.petition-move';

type Input = Record<string, any>;

const ATTACHMENT_UID = 'plugin::fangtiao.attachment';

/**
 * A form's attachment field holds the documentIds of files uploaded to that field of this
 * case (POST /api/attachments, owner kind form-field): any other id is refused, naming the field.
 */
export function attachmentIdsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : value == null ? [] : [value]).map(String);
}

const validDate = (v: unknown) => v === undefined || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));

async function foreignAttachmentsIn(strapi: Core.Strapi, schema: any, data: Input, petitionDocumentId: string): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  for (const f of (schema?.fields ?? []).filter((x: any) => x?.type === 'attachment' && data[x.key] != null)) {
    const ids = attachmentIdsOf(data[f.key]);
    const found = await strapi.db
      .query(ATTACHMENT_UID as any)
      .count({ where: { documentId: { $in: ids }, ownerKind: 'form-field', ownerDocumentId: petitionDocumentId, field: f.key } });
    if (found !== new Set(ids).size) problems.push({ path: ['formData', f.key], message: `${f.label ?? f.key}含有不属于本字段的附件` });
  }
  return problems;
}

/**
 * What is recorded on a petition besides its moves: visits (来访), mediation sessions,
 * the return visit (回访) and the case type's form data. Each write is one transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The petition, row-locked first when inside a write transaction (src/database/row-lock.ts). */
  async load(documentId: string, populate: Input = {}) {
    await lockRow(strapi, UID.petition, documentId);
    return findInScope(
      strapi,
      UID.petition,
      documentId,
      { populate: { parties: true, mediator: { fields: ['id'] }, organisation: { fields: ['name', 'code', 'level'] }, ...populate } },
      '信访事项不存在',
    );
  },

  /**
   * A visit; on a concluded matter it makes the petition a repeat petition and a backlog case —
   * unless it is about performing the agreement (`purpose: 'performance'`): before the agreed
   * deadline a performance follow-up (履行督促), after it a record of non-performance; neither
   * repeats the petition nor makes it backlog or 越级 (case-flow/visits.ts).
   */
  async recordVisit(documentId: string, input: Input, caller: Caller) {
    const problems: FieldError[] = [];
    if (!CHANNELS.includes(input.channel)) problems.push({ path: ['channel'], message: '来访渠道必选' });
    if (!VISIT_LEVELS.includes(input.level)) problems.push({ path: ['level'], message: '到访层级必选（村、乡镇、县、市、省、国家）' });
    if (input.headcount !== undefined && !(Number.isInteger(input.headcount) && input.headcount >= 1)) {
      problems.push({ path: ['headcount'], message: '人数应为正整数' });
    }
    if (!validDate(input.visitedAt)) problems.push({ path: ['visitedAt'], message: '来访时间格式不正确' });
    if (input.purpose !== undefined && !Object.prototype.hasOwnProperty.call(VISIT_PURPOSES, input.purpose)) {
      problems.push({ path: ['purpose'], message: '来访事由应为信访诉求（petition）或协议履行（performance）' });
    }
    throwIfInvalid(problems);
    const recorded = await strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      const visitedAt = input.visitedAt ? new Date(input.visitedAt) : new Date();
      const purpose = input.purpose ?? 'petition';
      const terms = (p.outcome?.terms ?? []) as { byWhen?: string }[];
      if (purpose === 'performance' && !terms.length) throw conflict('本案没有调解协议约定的履行事项，不能登记为协议履行来访');
      // Dates written without a year are in the year the agreement was reached.
      const agreedYear = Number(shanghaiDate(p.concludedAt ?? p.updatedAt ?? visitedAt).slice(0, 4));
      const due = lastAgreedDay(terms, agreedYear);
      const meaning = visitMeaning({
        visitLevel: input.level,
        responsibleLevel: p.organisation?.level ?? 'county',
        purpose,
        concluded: CONCLUDED.includes(p.state),
        performanceDueDay: due ? shanghaiDayNumber(`${due}T00:00:00+08:00`) : null,
        visitDay: shanghaiDayNumber(visitedAt),
      });
      const isRepeat = meaning.isRepeat;
      const visit = await strapi.documents(UID.visit).create({
        data: {
          petition: documentId,
          visitedAt,
          channel: input.channel,
          level: input.level,
          headcount: input.headcount ?? 1,
          note: input.note ?? null,
          isRepeat,
          isLeapfrog: meaning.isLeapfrog,
          purpose,
          isNonPerformance: meaning.isNonPerformance,
          recordedBy: caller.id,
        } as any,
      });
      // A performance follow-up is not a visit on the petition: the count (five clarities) stays.
      const data: Input = purpose === 'performance' ? {} : { visitCount: (p.visitCount ?? 0) + 1 };
      if (meaning.makesBacklog) Object.assign(data, { isRepeat: true, isBacklog: true });
      // The case's first repeat visit, kept on the case: the measures' backlog onset reads it
      // instead of finding it among the visits of the whole scope (README "Province scale").
      if (isRepeat && (!p.firstRepeatAt || visitedAt < new Date(p.firstRepeatAt))) data.firstRepeatAt = visitedAt;
      Object.assign(data, derive({ ...p, ...data }));
      if (meaning.makesBacklog) data.isBacklog = true;
      await strapi.documents(UID.petition).update({ documentId, data: data as any });
      return { ...visit, kind: meaning.kind, kindLabel: VISIT_KIND_LABELS[meaning.kind] };
    });
    // Early warnings on visit counts are raised right away (plugin warnings/, set-based on this one case).
    await strapi.plugin('fangtiao').service('warning').afterVisit(documentId);
    return recorded;
  },

  /** A mediation session, recorded by the mediator assigned to the case while it is in mediation. */
  async recordSession(documentId: string, input: Input, caller: Caller) {
    const problems: FieldError[] = [];
    if (!input.participants || !String(input.participants).trim()) problems.push({ path: ['participants'], message: '参加人员必填' });
    if (!input.summary || !String(input.summary).trim()) problems.push({ path: ['summary'], message: '调解情况必填' });
    if (!validDate(input.heldAt)) problems.push({ path: ['heldAt'], message: '调解时间格式不正确' });
    throwIfInvalid(problems);
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      if (p.mediator?.id !== caller.id) throw forbidden('只有承办本案的调解员可以记录调解');
      if (p.state !== 'in_mediation') throw conflict('案件不在调解中，不能记录调解');
      return strapi.documents(SESSION_UID as any).create({
        data: {
          petition: documentId,
          heldAt: input.heldAt ?? new Date(),
          place: input.place ?? null,
          participants: input.participants,
          summary: input.summary,
          mediator: caller.id,
        } as any,
      });
    });
  },

  /** The return visit (回访) after conclusion: satisfied, basically satisfied or not satisfied. */
  async recordReturnVisit(documentId: string, input: Input, caller: Caller) {
    if (!RETURN_VISIT_RESULTS.includes(input.result)) {
      throwIfInvalid([{ path: ['result'], message: '回访结果必选（满意、基本满意、不满意）' }]);
    }
    return strapi.db.transaction(async () => {
      const p = await this.load(documentId);
      if (!CONCLUDED.includes(p.state) || p.state === 'closed') throw conflict('案件办结后、结案前才能回访');
      if (p.returnVisit) throw conflict('本案已回访');
      const returnVisit = { result: input.result, comment: input.comment ?? '', at: new Date(), by: caller.id };
      return strapi.documents(UID.petition).update({ documentId, data: { returnVisit } as any });
    });
  },

  /** The case type's form, with the schema version the petition was filled with. */
  async form(documentId: string) {
    const p = await this.load(documentId, { caseType: { fields: ['name', 'code'] } });
    if (!p.caseType) return { caseType: null, version: null, schema: { fields: [] }, data: p.formData ?? {} };
    const v = await strapi.service(UID.caseType).schemaVersion(p.caseType.documentId, p.caseTypeVersion ?? undefined);
    return { caseType: p.caseType, version: v.version, schema: v.formSchema, data: p.formData ?? {} };
  },

  /** Saves form data, validated on the server against the petition's own schema version. */
  async updateForm(documentId: string, input: Input, caller: Caller) {
    const f = await this.form(documentId);
    if (!f.caseType) throw conflict('本案未设置案件类型，没有表单');
    const p = await this.load(documentId);
    if (caller.role === 'mediator' && p.mediator?.id !== caller.id) throw forbidden('只有承办本案的调解员可以填写表单');
    // Fields required from the case's present stage stay required (a saved form cannot empty them).
    const { errors: formErrors, clean } = validateFormData(f.schema, input, { stage: stageOfState(p.state) });
    throwIfInvalid(
      formErrors.map((e) => ({ path: ['formData', e.field], message: e.message })),
      '表单数据有误',
    );
    throwIfInvalid(await foreignAttachmentsIn(strapi, f.schema, clean, documentId), '表单数据有误');
    return strapi.documents(UID.petition).update({ documentId, data: { formData: clean } as any });
  },

  /** Everything that happened to the petition, oldest first. */
  async timeline(documentId: string) {
    const p = await this.load(documentId);
    const where = { petition: { documentId } };
    const [moves, visits, sessions] = await Promise.all([
      strapi.db
        .query(MOVE_UID as any)
        .findMany({ where, orderBy: { at: 'asc' }, populate: { actor: { select: ['username', 'fullName'] } } }),
      strapi.db.query(UID.visit).findMany({ where, orderBy: { visitedAt: 'asc' } }),
      strapi.db
        .query(SESSION_UID as any)
        .findMany({ where, orderBy: { heldAt: 'asc' }, populate: { mediator: { select: ['username', 'fullName'] } } }),
    ]);
    const who = (u: any) => (u ? { username: u.username, fullName: u.fullName } : null);
    const items = [
      { kind: 'registered', at: p.registeredAt, label: '登记', detail: { referenceNo: p.referenceNo } },
      ...moves.map((m: any) => ({
        kind: 'move',
        at: m.at,
        label: getMove(m.action)?.label ?? (m.action === 'extend' ? '延期' : m.action),
        detail: { action: m.action, from: m.fromState, to: m.toState, reason: m.reason, by: who(m.actor), role: m.actorRole },
      })),
      ...visits.map((v: any) => ({
        kind: 'visit',
        at: v.visitedAt,
        label: v.purpose === 'performance' ? VISIT_KIND_LABELS[v.isNonPerformance ? 'non-performance' : 'performance-follow-up'] : '来访',
        detail: {
          channel: v.channel,
          level: v.level,
          headcount: v.headcount,
          note: v.note,
          isRepeat: v.isRepeat,
          isLeapfrog: v.isLeapfrog,
          purpose: v.purpose ?? 'petition',
          isNonPerformance: !!v.isNonPerformance,
        },
      })),
      ...sessions.map((s: any) => ({
        kind: 'session',
        at: s.heldAt,
        label: '调解',
        detail: { place: s.place, participants: s.participants, summary: s.summary, by: who(s.mediator) },
      })),
    ];
    if (p.returnVisit) items.push({ kind: 'return-visit', at: p.returnVisit.at, label: '回访', detail: p.returnVisit });
    return items.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  },
});
