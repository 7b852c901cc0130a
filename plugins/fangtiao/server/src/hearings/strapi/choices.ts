/**
 * What a hearing is made of, as planning and the desk's pickers read it: the hearing types
 * (defaults overridden by the administrators' rows), the working calendar, the rooms, and the
 * people who can take part. Part of the planning service (planning.ts).
 */
import type { Core } from '@strapi/strapi';
import { findInScope, throwIfInvalid, usersInScope, type Caller } from '@fangtiao/kernel';
import { conflictOf } from '../../experts/rules';
import { EXPERT_UID } from '../../experts/strapi/schema';
import { Calendar, checkCalendar, DEFAULT_WORK_CALENDAR } from '../calendar';
import { DEFAULT_KINDS, HEARING_KINDS, type HearingKind, type KindSettings } from '../rules';
import { HEARING_UID } from './schema';
import { json } from '../../json';
import type { Input } from './planning';

const ROOM = HEARING_UID.room;
const PETITION = 'api::petition.petition';
const ORG = 'api::organisation.organisation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async kind(code: string): Promise<KindSettings> {
    if (!Object.prototype.hasOwnProperty.call(HEARING_KINDS, code))
      throwIfInvalid([{ path: ['kind'], message: `类型应为：${Object.keys(HEARING_KINDS).join('、')}` }]);
    const row = await strapi.db.query(HEARING_UID.kind).findOne({ where: { code } });
    const fallback = DEFAULT_KINDS.find((k) => k.code === code)!;
    if (!row) return fallback;
    return {
      code: code as HearingKind,
      name: row.name ?? fallback.name,
      roles: json(row.roles, fallback.roles),
      noticeWorkingDays: row.noticeWorkingDays ?? fallback.noticeWorkingDays,
      isPublic: !!row.isPublic,
      defaultMinutes: row.defaultMinutes ?? fallback.defaultMinutes,
      needsCase: row.needsCase !== false,
    };
  },

  async kinds() {
    return Promise.all(Object.keys(HEARING_KINDS).map((k) => this.kind(k)));
  },

  async calendar(): Promise<Calendar> {
    const row = await strapi.db.query(HEARING_UID.calendar).findOne({});
    if (!row) return new Calendar(DEFAULT_WORK_CALENDAR);
    const checked = checkCalendar({
      hours: json(row.hours, null),
      holidays: json(row.holidays, []),
      workdays: json(row.workdays, []),
      confirmedThrough: row.confirmedThrough ?? undefined,
    });
    return new Calendar(checked.errors.length ? DEFAULT_WORK_CALENDAR : checked.value);
  },

  /** Active rooms of the caller's jurisdiction (or of one organisation). */
  async rooms(organisationDocumentId?: string) {
    const filters: Input = { active: true };
    if (organisationDocumentId) filters.organisation = { documentId: organisationDocumentId };
    return strapi.documents(ROOM).findMany({
      filters,
      fields: ['name', 'capacity', 'address', 'videoLink'],
      populate: { organisation: { fields: ['name'] } },
      sort: ['capacity:asc', 'name:asc'],
      limit: 200,
    });
  },

  /**
   * Who can be put on a hearing, for the desk's pickers: staff of the caller's jurisdiction,
   * active experts of the pools serving it (county and city) — for a case, without those who
   * must stand aside on it (回避), whom the plan would refuse — the case's parties by name.
   */
  async people(caller: Caller, petitionDocumentId?: string) {
    const j = caller.jurisdiction;
    if (!j) return { staff: [], experts: [], parties: [] };
    const staff = [];
    for (const role of ['leader', 'clerk', 'mediator', 'supervisor']) {
      for (const u of await usersInScope(strapi, j, role))
        staff.push({ documentId: u.documentId, name: u.fullName || u.username, role, organisation: u.organisation?.name ?? null });
    }
    const org = await strapi.db.query(ORG).findOne({ where: { id: j.organisationId }, select: ['cityCode', 'countyCode'] });
    let experts = await strapi.db.query(EXPERT_UID.profile).findMany({
      where: {
        status: 'active',
        pools: {
          $or: [
            { level: 'county', countyCode: org?.countyCode ?? '-' },
            { level: 'city', cityCode: org?.cityCode ?? '-' },
          ],
        },
      },
      select: ['documentId', 'displayName', 'title', 'level', 'fields', 'declarations'],
      orderBy: { displayName: 'asc' },
      limit: 300,
    });
    let parties: { index: number; name: string }[] = [];
    if (petitionDocumentId) {
      const p = await findInScope(strapi, PETITION, petitionDocumentId, { fields: ['id'], populate: { parties: true } }, '信访事项不存在');
      parties = (p.parties ?? []).map((x: any, index: number) => ({ index, name: x.name }));
      const onCase = { petition: petitionDocumentId, parties: p.parties ?? [] };
      experts = experts.filter((x) => !conflictOf(json(x.declarations, []), onCase));
    }
    return {
      staff,
      experts: experts.map((x) => ({
        documentId: x.documentId,
        name: x.displayName,
        title: x.title ?? null,
        level: x.level,
        fields: json(x.fields, []),
      })),
      parties,
    };
  },
});
