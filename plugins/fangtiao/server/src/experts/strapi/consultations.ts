import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { conflict, forbidden, throwIfInvalid } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { REQUESTER_ROLES, checkRequest } from '../rules';
import { json } from '../../json';
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';
import { BOOKING, CONSULT, PROFILE, PUBLIC_EXPERT, notFound, type Input } from './common';

/** Consultations (专家咨询): a request on a case, what the requester and the booked expert see. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Suggestions for a consultation (see ./matching.ts). */
  matching: () => getService(strapi, 'expert-matching'),

  /** A mediator or leader asks for a consultation on a case in its jurisdiction (404 outside). */
  async request(petitionDocumentId: string, input: Input, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以申请专家咨询');
    const petition = await strapi
      .documents(UID.petition)
      .findOne({ documentId: petitionDocumentId, fields: ['isDifficult', 'referenceNo'] });
    if (!petition) throw notFound('信访事项不存在');
    const { value, errors: problems } = checkRequest(input, new Date());
    throwIfInvalid(problems);
    const v = value!;
    const difficult = v.difficult || !!petition.isDifficult;
    const created: any = await strapi.documents(CONSULT).create({
      data: {
        petition: petitionDocumentId,
        requestedBy: caller.id,
        question: v.question,
        field: v.field,
        urgency: v.urgency,
        mode: v.mode,
        windowStart: v.windowStart,
        windowEnd: v.windowEnd,
        minutes: v.minutes,
        difficult,
        level: difficult ? 'city' : 'county',
        ...(difficult ? { escalatedAt: new Date(), escalationReason: '疑难案件，直接提请市级专家库' } : {}),
        state: 'open',
        recusals: [],
      },
    });
    if (difficult) {
      await strapi.service(UID.auditEntry).record({
        action: 'consultation-escalated',
        targetUid: UID.petition,
        targetDocumentId: petitionDocumentId,
        detail: { consultation: created.documentId, to: 'city', reason: '疑难案件' },
      });
    }
    const m = await this.matching().match(created.id);
    return { ...(await this.get(created.documentId)), suggestions: m.suggestions };
  },

  /** A consultation in the caller's jurisdiction, or 404. */
  async load(documentId: string) {
    const c: any = await strapi.documents(CONSULT).findOne({
      documentId,
      populate: {
        petition: { fields: ['referenceNo', 'subject'] },
        requestedBy: { fields: ['username', 'fullName'] },
        opinionDocument: { fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] },
      },
    });
    if (!c) throw notFound('咨询申请不存在');
    return c;
  },

  /**
   * A consultation with its bookings and recusals. An expert sees only one it is booked on,
   * and only its own booking: the jurisdiction of a city-pool expert spans every county, the
   * cases it is not asked on are none of its business (404).
   */
  async get(documentId: string, caller: Caller | null = null) {
    const expertOnly = caller?.role === 'expert' ? { expert: { user: { id: caller.id } } } : {};
    if (caller?.role === 'expert' && !(await this.takenPartIn(caller, { documentId })).length) throw notFound('咨询申请不存在');
    const c = strip(await this.load(documentId));
    const bookings = await strapi.db.query(BOOKING).findMany({
      where: { consultation: { documentId }, ...expertOnly },
      select: ['documentId', 'start', 'end', 'state', 'mode', 'history', 'opinion', 'opinionAt'],
      populate: { expert: { select: PUBLIC_EXPERT }, document: { select: ['documentId', 'kind', 'title', 'version', 'verificationCode'] } },
      orderBy: [{ start: 'asc' }, { id: 'asc' }],
    });
    const recusalIds = json<any[]>(c.recusals, []).map((r) => r.expert);
    const names = recusalIds.length
      ? await strapi.db.query(PROFILE).findMany({ where: { id: { $in: recusalIds } }, select: ['id', 'displayName', 'documentId'] })
      : [];
    const byId = new Map(names.map((n) => [n.id, n]));
    return {
      ...c,
      recusals: json<any[]>(c.recusals, []).map((r) => ({
        expert: byId.get(r.expert)?.documentId ?? null,
        expertName: byId.get(r.expert)?.displayName ?? null,
        reason: r.reason,
        level: r.level,
        at: r.at,
      })),
      bookings,
    };
  },

  /**
   * The requester side withdraws a request nobody is booked on yet (a booked one: cancel the
   * booking first). The state changes only from open, so a booking made meanwhile wins.
   */
  async cancelRequest(documentId: string, input: Input, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以撤回专家咨询申请');
    const c = await this.load(documentId);
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason) throwIfInvalid([{ path: ['reason'], message: '请填写撤回原因' }]);
    if (c.state !== 'open') throw conflict(c.state === 'booked' ? '该咨询已预约专家，请先取消预约' : '该咨询已结束，不能撤回');
    const now = new Date();
    const { count } = await strapi.db
      .query(CONSULT)
      .updateMany({ where: { id: c.id, state: 'open' }, data: { state: 'cancelled', cancelledAt: now, cancelReason: reason } });
    if (!count) throw conflict('该咨询已被他人修改，请刷新后重试');
    await strapi.service(UID.auditEntry).record({
      action: 'consultation-cancelled',
      targetUid: UID.petition,
      targetDocumentId: c.petition?.documentId ?? null,
      detail: { consultation: documentId, reason },
    });
    return this.get(documentId);
  },

  async suggestions(documentId: string, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以查看推荐专家');
    const c = await this.load(documentId);
    if (c.state !== 'open') throw conflict('该咨询已预约或已结束');
    return this.matching().match(c.id);
  },

  /** The ids of consultations (matching `where`) on which the calling expert has a booking. */
  async takenPartIn(caller: Caller, where: Record<string, unknown>): Promise<number[]> {
    const rows = await strapi.db.query(BOOKING).findMany({
      where: { expert: { user: { id: caller.id } }, consultation: where },
      select: ['id'],
      populate: { consultation: { select: ['id'] } },
    });
    return [...new Set(rows.map((b) => b.consultation?.id).filter((x) => Number.isInteger(x)))];
  },

  /** The consultations on a case; an expert sees only those it is booked on. */
  async forPetition(petitionDocumentId: string, caller: Caller | null = null) {
    const p = await strapi.documents(UID.petition).findOne({ documentId: petitionDocumentId, fields: ['id'] });
    if (!p) throw notFound('信访事项不存在');
    const mine =
      caller?.role === 'expert' ? { id: { $in: await this.takenPartIn(caller, { petition: { documentId: petitionDocumentId } }) } } : {};
    const list = await strapi.documents(CONSULT).findMany({
      filters: { petition: { documentId: petitionDocumentId }, ...mine },
      fields: [
        'question',
        'field',
        'urgency',
        'mode',
        'windowStart',
        'windowEnd',
        'level',
        'difficult',
        'escalatedAt',
        'escalationReason',
        'state',
        'cancelledAt',
        'cancelReason',
        'createdAt',
      ],
      sort: ['createdAt:desc'],
    });
    return list.map(strip);
  },
});
