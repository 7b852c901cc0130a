/**
 * Reading hearings: one the caller may see (jurisdiction, or taking part in it), as the desk
 * shows it, the list in the caller's jurisdiction, and the caller's own. Part of the hearings
 * service (service.ts), whose moves load through `load` here.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { throwIfInvalid, type Caller } from '@fangtiao/kernel';
import { EXPERT_UID } from '../../experts/strapi/schema';
import { HEARING_KINDS, PANEL_CATEGORIES, PARTICIPANT_ROLES } from '../rules';
import { HEARING_UID } from './schema';
import type { Input, Participant } from './planning';
import { json } from '../../json';
import { getService } from '../../utils/get-service';

const H = HEARING_UID.hearing;
const notFound = (message: string) => new errors.NotFoundError(message);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Loads a hearing the caller may see (jurisdiction, or taking part in it), or 404. An expert
   * sees only those it takes part in: a city-pool expert's jurisdiction spans every county.
   */
  async load(documentId: string, caller: Caller | null) {
    const h: any = await strapi.db.query(H).findOne({
      where: { documentId },
      populate: {
        petition: { select: ['id', 'documentId', 'referenceNo', 'subject', 'state'] },
        organisation: { select: ['id', 'documentId', 'name'] },
        room: { select: ['id', 'documentId', 'name', 'capacity', 'address'] },
        scheduledBy: { select: ['id'] },
      },
    });
    if (!h) throw notFound('会议不存在');
    if (
      caller &&
      !this.takesPart(h, caller) &&
      (caller.role === 'expert' || !(await strapi.documents(H).findOne({ documentId, fields: ['id'] })))
    )
      throw notFound('会议不存在');
    h.participants = json<Participant[]>(h.participants, []);
    return h;
  },

  takesPart(h: any, caller: Caller) {
    return json<Participant[]>(h.participants, []).some((p) => p.user === caller.id || p.expertUser === caller.id);
  },

  /** The hearing as the desk shows it (names and roles; no ID numbers). */
  async view(documentId: string, caller: Caller | null = null) {
    const h = await this.load(documentId, caller);
    return {
      documentId: h.documentId,
      kind: h.kind,
      kindLabel: (HEARING_KINDS as any)[h.kind],
      title: h.title,
      state: h.state,
      start: h.start,
      end: h.end,
      isPublic: !!h.isPublic,
      urgent: !!h.urgent,
      videoLink: h.videoLink ?? null,
      room: h.room
        ? { documentId: h.room.documentId, name: h.room.name, capacity: h.room.capacity, address: h.room.address ?? null }
        : null,
      organisation: h.organisation ? { documentId: h.organisation.documentId, name: h.organisation.name } : null,
      petition: h.petition
        ? { documentId: h.petition.documentId, referenceNo: h.petition.referenceNo, subject: h.petition.subject, state: h.petition.state }
        : null,
      participants: h.participants.map((p: Participant, i: number) => ({
        index: i,
        role: p.role,
        roleLabel: PARTICIPANT_ROLES[p.role],
        name: p.name,
        ...(p.category ? { category: p.category, categoryLabel: PANEL_CATEGORIES[p.category] } : {}),
        ...(p.organisation ? { organisation: p.organisation } : {}),
        ...(p.userDocumentId ? { user: p.userDocumentId } : {}),
        ...(p.expertDocumentId ? { expert: p.expertDocumentId } : {}),
        ...(p.party !== undefined ? { party: p.party } : {}),
        notice: p.notice ?? null,
      })),
      minutes: json(h.minutes, null),
      outcome: h.outcome ?? null,
      caseMove: json(h.caseMove, null),
      history: await this.named(json<any[]>(h.history, [])),
    };
  },

  /** History entries with the name of who acted (staff names are not personal data here). */
  async named(history: any[]) {
    const ids = [...new Set(history.map((e) => e.by).filter((x) => Number.isInteger(x)))];
    if (!ids.length) return history;
    const users = await strapi.db
      .query('plugin::users-permissions.user')
      .findMany({ where: { id: { $in: ids } }, select: ['id', 'username', 'fullName'] });
    const names = new Map(users.map((u) => [u.id, u.fullName || u.username]));
    return history.map((e) => (names.has(e.by) ? { ...e, byName: names.get(e.by) } : e));
  },

  /** Hearings in the caller's jurisdiction, or of a case, or in a period. */
  async list(query: Input) {
    const filters: Input = {};
    if (query.petition) filters.petition = { documentId: String(query.petition) };
    if (query.state) filters.state = String(query.state);
    if (query.kind) filters.kind = String(query.kind);
    const from = query.from ? new Date(String(query.from)) : null;
    const to = query.to ? new Date(String(query.to)) : null;
    if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime())))
      throwIfInvalid([{ path: ['from'], message: '日期无效' }]);
    if (from || to) filters.start = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    const rows = await strapi.documents(H).findMany({
      filters,
      fields: ['documentId', 'kind', 'title', 'state', 'start', 'end', 'isPublic', 'urgent', 'outcome'],
      populate: { room: { fields: ['name'] }, petition: { fields: ['referenceNo'] }, organisation: { fields: ['name'] } },
      sort: ['start:asc'],
      limit: Math.min(Number(query.limit) || 200, 500),
    });
    return rows.map((h) => ({
      ...h,
      kindLabel: (HEARING_KINDS as any)[h.kind],
      room: h.room?.name ?? null,
      caseReference: h.petition?.referenceNo ?? null,
      organisation: h.organisation?.name ?? null,
      petition: undefined,
    }));
  },

  /** Hearings the caller takes part in (staff or expert), from a week ago on. */
  async mine(caller: Caller) {
    const from = Date.now() - 7 * 86_400_000;
    const to = Date.now() + 120 * 86_400_000;
    const expert = await strapi.db.query(EXPERT_UID.profile).findOne({ where: { user: { id: caller.id } }, select: ['id'] });
    const owners = [
      ...(await getService(strapi, 'schedule').ownersOf({ kind: 'u', id: caller.id }, from, to)),
      ...(expert ? await getService(strapi, 'schedule').ownersOf({ kind: 'e', id: expert.id }, from, to) : []),
    ].filter((o) => o.kind === 'h');
    if (!owners.length) return [];
    const rows = await strapi.db.query(H).findMany({
      where: { id: { $in: [...new Set(owners.map((o) => o.id))] } },
      select: ['documentId', 'kind', 'title', 'state', 'start', 'end', 'videoLink'],
      populate: { room: { select: ['name', 'address'] }, petition: { select: ['referenceNo'] } },
      orderBy: { start: 'asc' },
    });
    return rows.map((h) => ({
      ...h,
      kindLabel: (HEARING_KINDS as any)[h.kind],
      room: h.room?.name ?? null,
      address: h.room?.address ?? null,
      caseReference: h.petition?.referenceNo ?? null,
      petition: undefined,
    }));
  },
});
