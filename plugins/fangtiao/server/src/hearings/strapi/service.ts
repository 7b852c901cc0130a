import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { throwIfInvalid } from '../../../../../../src/validation';
import { conflict, forbidden } from '../../../../../../src/errors';
import type { Caller } from '../../../../../../src/jurisdiction/current';
import { userInScope, usersInScope } from '../../../../../../src/jurisdiction/users';
import { freeIntervals, onGrid, unitsOf, UNIT_MS, type Availability, type FieldError } from '../../experts/availability';
import { conflictOf } from '../../experts/rules';
import { EXPERT_UID } from '../../experts/strapi/schema';
import type scheduleService from '../../schedule/strapi/service';
import { isUniqueViolation, resourceKey, type Resource } from '../../schedule/strapi/service';
import { Calendar, checkCalendar, DEFAULT_WORK_CALENDAR } from '../calendar';
import {
  checkMinutes,
  checkParticipants,
  DEFAULT_KINDS,
  earliestSlots,
  HEARING_KINDS,
  PANEL_CATEGORIES,
  PARTICIPANT_ROLES,
  planHearingMove,
  tally,
  type HearingKind,
  type KindSettings,
  type ParticipantInput,
  type ParticipantRole,
} from '../rules';
import { HEARING_UID } from './schema';

const H = HEARING_UID.hearing as any;
const ROOM = HEARING_UID.room as any;
const PETITION = 'api::petition.petition' as any;
const ORG = 'api::organisation.organisation' as any;
const MAX_HORIZON_DAYS = 60;
const DEFAULT_HORIZON_DAYS = 30;
/** Cases in these states take no hearing: not yet accepted, or finished. */
const NO_HEARING_STATES = ['registered', 'not_accepted', 'closed'];

type Input = Record<string, any>;
const notFound = (message: string) => new errors.NotFoundError(message);
const json = <T>(v: unknown, fallback: T): T => {
  if (v == null) return fallback;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
};

/** A participant as stored on the hearing: names resolved, no ID numbers or phones. */
export type Participant = {
  role: ParticipantRole;
  name: string;
  user?: number;
  userDocumentId?: string;
  expert?: number;
  expertDocumentId?: string;
  expertUser?: number;
  party?: number;
  category?: keyof typeof PANEL_CATEGORIES;
  organisation?: string;
  notice?: { documentId: string; version: number };
};

/** What a scheduling request resolves to: the case, the organisation, people, their resources. */
type Plan = {
  kind: KindSettings;
  petition: any | null;
  organisation: { id: number; documentId: string; name: string; code: string };
  participants: Participant[];
  people: Resource[];
  availability: Map<string, Availability | null>;
  minutes: number;
  urgent: boolean;
  videoLink: string | null;
  room: any | null;
};

/**
 * Hearings and meetings (听证、三方会审、群众评议、联席会商): resolving who takes part,
 * finding the earliest common slot, and scheduling, rescheduling, cancelling and recording
 * them. People and rooms hold their time in the busy grid, so a clash is refused by the
 * database (409) whoever commits first. Pure rules in ../rules.ts and ../calendar.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  grid() {
    return strapi.plugin('fangtiao').service('schedule') as ReturnType<typeof scheduleService>;
  },

  async indexes() {
    const meta = strapi.db.metadata.get(H);
    const col = (a: string) => (meta.attributes as any)[a].columnName;
    const knex = strapi.db.connection;
    await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_hearings_recurrence" ON "${meta.tableName}" ("${col('recurrenceKey')}")`);
    await knex.raw(`CREATE INDEX IF NOT EXISTS "ix_fangtiao_hearings_start" ON "${meta.tableName}" ("${col('start')}", "${col('state')}")`);
  },

  /** The four hearing types and the working calendar, when missing. */
  async seed() {
    for (const k of DEFAULT_KINDS) {
      const found = await strapi.db.query(HEARING_UID.kind as any).findOne({ where: { code: k.code }, select: ['id'] });
      if (!found) await strapi.db.query(HEARING_UID.kind as any).create({ data: { ...k } });
    }
    const cal = await strapi.db.query(HEARING_UID.calendar as any).findOne({ select: ['id'] });
    if (!cal) await strapi.db.query(HEARING_UID.calendar as any).create({ data: { ...DEFAULT_WORK_CALENDAR } });
  },

  async kind(code: string): Promise<KindSettings> {
    if (!Object.prototype.hasOwnProperty.call(HEARING_KINDS, code)) throwIfInvalid([{ path: ['kind'], message: `类型应为：${Object.keys(HEARING_KINDS).join('、')}` }]);
    const row: any = await strapi.db.query(HEARING_UID.kind as any).findOne({ where: { code } });
    const fallback = DEFAULT_KINDS.find((k) => k.code === code)!;
    if (!row) return fallback;
    return { code: code as HearingKind, name: row.name ?? fallback.name, roles: json(row.roles, fallback.roles), noticeWorkingDays: row.noticeWorkingDays ?? fallback.noticeWorkingDays, isPublic: !!row.isPublic, defaultMinutes: row.defaultMinutes ?? fallback.defaultMinutes, needsCase: row.needsCase !== false };
  },

  async kinds() {
    return Promise.all(Object.keys(HEARING_KINDS).map((k) => this.kind(k)));
  },

  async calendar(): Promise<Calendar> {
    const row: any = await strapi.db.query(HEARING_UID.calendar as any).findOne({});
    if (!row) return new Calendar(DEFAULT_WORK_CALENDAR);
    const checked = checkCalendar({ hours: json(row.hours, null), holidays: json(row.holidays, []), workdays: json(row.workdays, []), confirmedThrough: row.confirmedThrough ?? undefined });
    return new Calendar(checked.errors.length ? DEFAULT_WORK_CALENDAR : checked.value);
  },

  /** Active rooms of the caller's jurisdiction (or of one organisation). */
  async rooms(organisationDocumentId?: string) {
    const filters: Input = { active: true };
    if (organisationDocumentId) filters.organisation = { documentId: organisationDocumentId };
    return strapi.documents(ROOM).findMany({ filters, fields: ['name', 'capacity', 'address', 'videoLink'] as any, populate: { organisation: { fields: ['name'] } } as any, sort: ['capacity:asc', 'name:asc'], limit: 200 } as any);
  },

  /**
   * Who can be put on a hearing, for the desk's pickers: staff of the caller's jurisdiction,
   * active experts of the pools serving it (county and city), the case's parties by name.
   */
  async people(caller: Caller, petitionDocumentId?: string) {
    const j = caller.jurisdiction;
    if (!j) return { staff: [], experts: [], parties: [] };
    const staff: any[] = [];
    for (const role of ['leader', 'clerk', 'mediator', 'supervisor']) {
      for (const u of await usersInScope(strapi, j, role)) staff.push({ documentId: u.documentId, name: u.fullName || u.username, role, organisation: u.organisation?.name ?? null });
    }
    const org: any = await strapi.db.query(ORG).findOne({ where: { id: j.organisationId }, select: ['cityCode', 'countyCode'] });
    const experts: any[] = await strapi.db.query(EXPERT_UID.profile as any).findMany({
      where: { status: 'active', pools: { $or: [{ level: 'county', countyCode: org?.countyCode ?? '-' }, { level: 'city', cityCode: org?.cityCode ?? '-' }] } },
      select: ['documentId', 'displayName', 'title', 'level', 'fields'],
      orderBy: { displayName: 'asc' },
      limit: 300,
    });
    let parties: { index: number; name: string }[] = [];
    if (petitionDocumentId) {
      const p: any = await strapi.documents(PETITION).findOne({ documentId: petitionDocumentId, fields: ['id'] as any, populate: { parties: true } as any });
      if (!p) throw notFound('信访事项不存在');
      parties = (p.parties ?? []).map((x: any, index: number) => ({ index, name: x.name }));
    }
    return { staff, experts: experts.map((x) => ({ documentId: x.documentId, name: x.displayName, title: x.title ?? null, level: x.level, fields: json(x.fields, []) })), parties };
  },

  // ---------------------------------------------------------------- resolving a request

  /** Turns a scheduling request into its case, organisation, participants and resources; every problem named. */
  async plan(input: Input, caller: Caller | null): Promise<Plan> {
    const kind = await this.kind(input.kind);
    const problems: FieldError[] = [];
    let petition: any = null;
    if (input.petition) {
      petition = await strapi.documents(PETITION).findOne({
        documentId: String(input.petition),
        fields: ['id', 'referenceNo', 'subject', 'state'] as any,
        populate: { parties: true, organisation: { fields: ['id', 'name'] }, caseType: { fields: ['name'] } } as any,
      });
      if (!petition) throw notFound('信访事项不存在');
      if (NO_HEARING_STATES.includes(petition.state)) throw conflict(`案件${petition.state === 'closed' ? '已结案' : '尚未受理'}，不能安排${kind.name}`);
    } else if (kind.needsCase) problems.push({ path: ['petition'], message: `${kind.name}须针对一件信访事项` });

    // The organising unit: named in the request (e.g. the county office for a township's case), else the case's.
    let organisation: any = null;
    const ref = input.organisation ?? petition?.organisation?.documentId ?? caller?.jurisdiction?.organisationDocumentId;
    if (ref) organisation = await strapi.documents(ORG).findOne({ documentId: String(ref), fields: ['id', 'name', 'code'] as any });
    if (!organisation) problems.push({ path: ['organisation'], message: '组织单位不存在或不在管辖范围内' });
    const parties: any[] = petition?.parties ?? [];
    const checked = checkParticipants(input.participants, kind, parties.length);
    problems.push(...checked.errors);

    const minutes = input.minutes === undefined ? kind.defaultMinutes : Number(input.minutes);
    if (!Number.isInteger(minutes) || minutes < 30 || minutes % 30 || minutes > 480) problems.push({ path: ['minutes'], message: '时长应为30分钟的整数倍，最长8小时' });
    const videoLink = typeof input.videoLink === 'string' && input.videoLink.trim() ? input.videoLink.trim() : null;
    if (videoLink && !/^https?:\/\/\S+$/.test(videoLink)) problems.push({ path: ['videoLink'], message: '视频会议链接应以 http(s):// 开头' });
    let room: any = null;
    if (input.room) {
      room = await strapi.documents(ROOM).findOne({ documentId: String(input.room), fields: ['id', 'name', 'capacity', 'address', 'active'] as any });
      if (!room || !room.active) problems.push({ path: ['room'], message: '会议室不存在或不可用' });
      else if (room.capacity < checked.value.length) problems.push({ path: ['room'], message: `该会议室只能容纳${room.capacity}人（参加${checked.value.length}人）` });
    }
    const { participants, people, availability } = await this.resolvePeople(checked.value, parties, petition, caller, problems);
    throwIfInvalid(problems);
    return { kind, petition, organisation, participants, people, availability, minutes, urgent: input.urgent === true, videoLink, room };
  },

  /** Resolves staff (inside the caller's jurisdiction), experts (not recused) and parties; collects problems. */
  async resolvePeople(list: ParticipantInput[], parties: any[], petition: any, caller: Caller | null, problems: FieldError[]) {
    const participants: Participant[] = [];
    const people: Resource[] = [];
    const availability = new Map<string, Availability | null>();
    for (const [i, p] of list.entries()) {
      const at = (k: string) => ['participants', String(i), k];
      const base = { role: p.role, ...(p.category ? { category: p.category } : {}), ...(p.organisation ? { organisation: p.organisation } : {}) };
      if (p.user !== undefined) {
        const u: any = await userInScope(strapi, caller?.jurisdiction ?? null, p.user, p.role === 'chair' ? 'leader' : undefined);
        if (!u) {
          problems.push({ path: at('user'), message: p.role === 'chair' ? '主持人应为管辖范围内的包案领导' : '用户不存在或不在管辖范围内' });
          continue;
        }
        participants.push({ ...base, name: u.fullName || u.username, user: u.id, userDocumentId: u.documentId });
        people.push({ kind: 'u', id: u.id });
      } else if (p.expert) {
        const x: any = await strapi.db.query(EXPERT_UID.profile as any).findOne({ where: { documentId: p.expert }, select: ['id', 'documentId', 'displayName', 'status', 'availability', 'declarations'], populate: { user: { select: ['id'] } } });
        if (!x) {
          problems.push({ path: at('expert'), message: '专家不存在' });
          continue;
        }
        if (x.status !== 'active') problems.push({ path: at('expert'), message: `${x.displayName}休假中` });
        const recusal = petition ? conflictOf(json(x.declarations, []), { petition: petition.documentId, parties }) : null;
        if (recusal) problems.push({ path: at('expert'), message: `${x.displayName}须回避：${recusal}` });
        participants.push({ ...base, name: x.displayName, expert: x.id, expertDocumentId: x.documentId, ...(x.user?.id ? { expertUser: x.user.id } : {}) });
        people.push({ kind: 'e', id: x.id });
        availability.set(`e:${x.id}`, json(x.availability, null));
      } else if (p.party !== undefined) {
        participants.push({ ...base, name: parties[p.party]?.name ?? '信访人', party: p.party });
      } else participants.push({ ...base, name: p.name! });
    }
    return { participants, people, availability };
  },

  // ---------------------------------------------------------------- finding a slot

  /** The earliest start the notice period allows (no notice for an urgent joint consultation). */
  earliestAllowed(cal: Calendar, plan: Pick<Plan, 'kind' | 'urgent'>, now: number) {
    const days = plan.urgent && plan.kind.code === 'joint_consultation' ? 0 : plan.kind.noticeWorkingDays;
    return Math.max(cal.earliestAfterNotice(now, days), Math.ceil((now + 1) / UNIT_MS) * UNIT_MS);
  },

  /** Rooms to try, smallest that fits first: the one named, none for a video meeting, else the organisation's. */
  async candidateRooms(plan: Plan): Promise<any[] | null> {
    if (plan.room) return [plan.room];
    if (plan.videoLink) return null;
    // The organising unit's own rooms first, then its township's, county's and city's; smallest that fits first.
    const org: any = await strapi.db.query(ORG).findOne({ where: { id: plan.organisation.id }, select: ['code', 'townshipCode', 'countyCode', 'cityCode'] });
    const chain = [...new Set([org?.code, org?.townshipCode, org?.countyCode, org?.cityCode].filter(Boolean))];
    const found: any[] = await strapi.db.query(ROOM).findMany({
      where: { active: true, organisation: { code: { $in: chain } }, capacity: { $gte: plan.participants.length } },
      select: ['id', 'documentId', 'name', 'capacity', 'address'],
      populate: { organisation: { select: ['code'] } },
      limit: 200,
    });
    const rooms = found.sort((a, b) => chain.indexOf(a.organisation?.code) - chain.indexOf(b.organisation?.code) || a.capacity - b.capacity || a.id - b.id);
    if (!rooms.length) throw conflict(`${plan.organisation.name}没有能容纳${plan.participants.length}人的会议室（可改用视频会议并填写链接）`);
    return rooms;
  },

  /** The earliest clash-free slots for a plan inside [from, to). */
  async slotsFor(plan: Plan, from: number, to: number, count: number, except?: { kind: 'h'; id: number }) {
    const cal = await this.calendar();
    const rooms = await this.candidateRooms(plan);
    const resources = [...plan.people, ...(rooms ?? []).map((r) => ({ kind: 'r' as const, id: r.id }))];
    const busy = await this.grid().busy(resources, from, to, except);
    const slots = earliestSlots({
      windows: cal.workingIntervals(from, to),
      people: plan.people.map((r) => {
        const key = resourceKey(r);
        return { key, busy: busy.get(key)!, available: plan.availability.has(key) ? freeIntervals(plan.availability.get(key), from, to) : null };
      }),
      rooms: rooms ? rooms.map((r) => ({ id: r.id, busy: busy.get(`r:${r.id}`)! })) : null,
      minutes: plan.minutes,
      count,
    });
    const byId = new Map((rooms ?? []).map((r) => [r.id, r]));
    return {
      slots: slots.map((s) => {
        const r = s.room === null ? null : byId.get(s.room);
        return { start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), room: r ? { documentId: r.documentId, name: r.name, capacity: r.capacity } : null };
      }),
      warning: cal.beyondConfirmed(to),
    };
  },

  /** POST /hearings/slots: the earliest slots where everyone and a room are free. */
  async search(input: Input, caller: Caller) {
    // Searching for a new time of a scheduled hearing: its own time does not count as busy.
    const moving = input.hearing ? await this.load(String(input.hearing), caller) : null;
    const plan = moving ? await this.replan(moving, input, caller) : await this.plan(input, caller);
    const now = Date.now();
    const cal = await this.calendar();
    const earliest = this.earliestAllowed(cal, plan, now);
    const days = input.days === undefined ? DEFAULT_HORIZON_DAYS : Number(input.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_HORIZON_DAYS) throwIfInvalid([{ path: ['days'], message: `查找范围应为1–${MAX_HORIZON_DAYS}天` }]);
    const asked = input.from ? Date.parse(input.from) : NaN;
    if (input.from && Number.isNaN(asked)) throwIfInvalid([{ path: ['from'], message: '开始日期无效' }]);
    const from = Math.max(earliest, Number.isNaN(asked) ? 0 : asked);
    const to = from + days * 86_400_000;
    const count = Math.min(Math.max(Number(input.count) || 5, 1), 20);
    const found = await this.slotsFor(plan, from, to, count, moving ? { kind: 'h', id: moving.id } : undefined);
    return { ...found, earliestAllowed: new Date(earliest).toISOString(), horizonEnd: new Date(to).toISOString(), noticeWorkingDays: plan.urgent && plan.kind.code === 'joint_consultation' ? 0 : plan.kind.noticeWorkingDays };
  },

  /** Checks a chosen start against the notice period, office hours and the experts' availability. */
  async checkStart(plan: Plan, startInput: unknown, now: number) {
    const start = Date.parse(String(startInput ?? ''));
    if (Number.isNaN(start)) throwIfInvalid([{ path: ['start'], message: '开始时间无效' }]);
    if (!onGrid(start)) throwIfInvalid([{ path: ['start'], message: '开始时间应为整点或半点' }]);
    const end = start + plan.minutes * 60_000;
    const cal = await this.calendar();
    const earliest = this.earliestAllowed(cal, plan, now);
    if (start < earliest) throw conflict(`${plan.kind.name}须提前${plan.kind.noticeWorkingDays}个工作日通知，最早可安排在 ${fmt(new Date(earliest))}`);
    if (!cal.withinOfficeHours(start, end)) throw conflict('所选时段不在工作日的办公时间内（已排除周末、节假日）');
    for (const r of plan.people) {
      const key = resourceKey(r);
      if (plan.availability.has(key) && !freeIntervals(plan.availability.get(key), start, end).some((i) => i.start <= start && i.end >= end)) {
        const who = plan.participants.find((p) => p.expert === r.id)?.name ?? '专家';
        throw conflict(`${who}在所选时段不可预约`);
      }
    }
    return { start: new Date(start), end: new Date(end) };
  },

  /** Names whoever already holds the time, for a clear 409. */
  async clashMessage(plan: Plan, resources: Resource[], units: number[], except?: { kind: 'h'; id: number }, room?: any) {
    const clashes = await this.grid().clashes(resources, units, except);
    const names = clashes.map((c) => {
      if (c.resource.kind === 'r') return `会议室“${room?.name ?? ''}”`;
      const p = plan.participants.find((x) => (c.resource.kind === 'u' ? x.user : x.expert) === c.resource.id);
      return `${p?.name ?? ''}（${c.owner.kind === 'b' ? '专家咨询' : '其他会议'}）`;
    });
    return `时段冲突：${[...new Set(names)].join('、') || '有人'}在该时段已有安排`;
  },

  // ---------------------------------------------------------------- scheduling and moves

  /** POST /hearings: schedules at the chosen start (or the earliest slot), holds everyone's time, sends notices. */
  async create(input: Input, caller: Caller | null, extra: { recurrenceKey?: string; title?: string } = {}) {
    const plan = await this.plan(input, caller);
    const now = Date.now();
    let roomRow = plan.room;
    let when: { start: Date; end: Date };
    if (input.start) {
      when = await this.checkStart(plan, input.start, now);
      if (!roomRow && !plan.videoLink) {
        const found = await this.slotsFor(plan, when.start.getTime(), when.end.getTime(), 1);
        roomRow = found.slots[0]?.room ? await strapi.db.query(ROOM).findOne({ where: { documentId: found.slots[0].room.documentId } }) : null;
        if (!roomRow) throw conflict(await this.clashMessage(plan, plan.people, unitsOf(when.start, when.end)));
      }
    } else {
      const cal = await this.calendar();
      const from = this.earliestAllowed(cal, plan, now);
      const found = await this.slotsFor(plan, from, from + DEFAULT_HORIZON_DAYS * 86_400_000, 1);
      if (!found.slots.length) throw conflict(`${DEFAULT_HORIZON_DAYS}天内找不到所有人员和会议室都空闲的时段`);
      when = { start: new Date(found.slots[0].start), end: new Date(found.slots[0].end) };
      roomRow = found.slots[0].room ? await strapi.db.query(ROOM).findOne({ where: { documentId: found.slots[0].room.documentId } }) : null;
    }
    const resources = [...plan.people, ...(roomRow ? [{ kind: 'r' as const, id: roomRow.id }] : [])];
    const units = unitsOf(when.start, when.end);
    const title = extra.title ?? (typeof input.title === 'string' && input.title.trim() ? input.title.trim().slice(0, 120) : defaultTitle(plan));
    let created: any;
    try {
      created = await strapi.db.transaction(async () => {
        const h: any = await strapi.documents(H).create({
          data: {
            kind: plan.kind.code,
            title,
            petition: plan.petition?.documentId ?? null,
            organisation: plan.organisation.documentId,
            room: roomRow?.documentId ?? null,
            videoLink: plan.videoLink,
            start: when.start,
            end: when.end,
            isPublic: input.isPublic === undefined ? plan.kind.isPublic : input.isPublic === true,
            urgent: plan.urgent,
            state: 'scheduled',
            participants: plan.participants,
            scheduledBy: caller?.id ?? null,
            history: [{ action: 'schedule', by: caller?.id ?? null, role: caller?.role ?? 'system', start: when.start.toISOString(), end: when.end.toISOString(), at: new Date(now).toISOString() }],
            ...(extra.recurrenceKey ? { recurrenceKey: extra.recurrenceKey } : {}),
          } as any,
        });
        await this.grid().hold({ kind: 'h', id: h.id }, resources, units);
        return h;
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict(await this.clashMessage(plan, resources, units, undefined, roomRow));
      throw e;
    }
    await this.notices().issueAll(created.documentId, caller, 'schedule');
    return this.view(created.documentId);
  },

  /** Loads a hearing the caller may see (jurisdiction, or taking part in it), or 404. */
  async load(documentId: string, caller: Caller | null) {
    const h: any = await strapi.db.query(H).findOne({
      where: { documentId },
      populate: { petition: { select: ['id', 'documentId', 'referenceNo', 'subject', 'state'] }, organisation: { select: ['id', 'documentId', 'name'] }, room: { select: ['id', 'documentId', 'name', 'capacity', 'address'] }, scheduledBy: { select: ['id'] } },
    });
    if (!h) throw notFound('会议不存在');
    if (caller && !this.takesPart(h, caller) && !(await strapi.documents(H).findOne({ documentId, fields: ['id'] as any }))) throw notFound('会议不存在');
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
      room: h.room ? { documentId: h.room.documentId, name: h.room.name, capacity: h.room.capacity, address: h.room.address ?? null } : null,
      organisation: h.organisation ? { documentId: h.organisation.documentId, name: h.organisation.name } : null,
      petition: h.petition ? { documentId: h.petition.documentId, referenceNo: h.petition.referenceNo, subject: h.petition.subject, state: h.petition.state } : null,
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
      history: json(h.history, []),
    };
  },

  /** Hearings in the caller's jurisdiction, or of a case, or in a period. */
  async list(query: Input) {
    const filters: Input = {};
    if (query.petition) filters.petition = { documentId: String(query.petition) };
    if (query.state) filters.state = String(query.state);
    if (query.kind) filters.kind = String(query.kind);
    const from = query.from ? new Date(String(query.from)) : null;
    const to = query.to ? new Date(String(query.to)) : null;
    if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) throwIfInvalid([{ path: ['from'], message: '日期无效' }]);
    if (from || to) filters.start = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    const rows: any[] = await strapi.documents(H).findMany({
      filters,
      fields: ['documentId', 'kind', 'title', 'state', 'start', 'end', 'isPublic', 'urgent', 'outcome'] as any,
      populate: { room: { fields: ['name'] }, petition: { fields: ['referenceNo'] }, organisation: { fields: ['name'] } } as any,
      sort: ['start:asc'],
      limit: Math.min(Number(query.limit) || 200, 500),
    } as any);
    return rows.map((h) => ({ ...h, kindLabel: (HEARING_KINDS as any)[h.kind], room: h.room?.name ?? null, caseReference: h.petition?.referenceNo ?? null, organisation: h.organisation?.name ?? null, petition: undefined }));
  },

  /** Hearings the caller takes part in (staff or expert), from a week ago on. */
  async mine(caller: Caller) {
    const from = Date.now() - 7 * 86_400_000;
    const to = Date.now() + 120 * 86_400_000;
    const expert: any = await strapi.db.query(EXPERT_UID.profile as any).findOne({ where: { user: { id: caller.id } }, select: ['id'] });
    const owners = [
      ...(await this.grid().ownersOf({ kind: 'u', id: caller.id }, from, to)),
      ...(expert ? await this.grid().ownersOf({ kind: 'e', id: expert.id }, from, to) : []),
    ].filter((o) => o.kind === 'h');
    if (!owners.length) return [];
    const rows: any[] = await strapi.db.query(H).findMany({
      where: { id: { $in: [...new Set(owners.map((o) => o.id))] } },
      select: ['documentId', 'kind', 'title', 'state', 'start', 'end', 'videoLink'],
      populate: { room: { select: ['name', 'address'] }, petition: { select: ['referenceNo'] } },
      orderBy: { start: 'asc' },
    });
    return rows.map((h) => ({ ...h, kindLabel: (HEARING_KINDS as any)[h.kind], room: h.room?.name ?? null, address: h.room?.address ?? null, caseReference: h.petition?.referenceNo ?? null, petition: undefined }));
  },

  /** Re-plans a stored hearing (its participants as they are) for a reschedule. */
  async replan(h: any, input: Input, caller: Caller): Promise<Plan> {
    const participants = h.participants.map((p: Participant) => {
      const out: Input = { role: p.role };
      if (p.userDocumentId) out.user = p.userDocumentId;
      else if (p.expertDocumentId) out.expert = p.expertDocumentId;
      else if (p.party !== undefined) out.party = p.party;
      else out.name = p.name;
      if (p.category) out.category = p.category;
      if (p.organisation) out.organisation = p.organisation;
      return out;
    });
    return this.plan(
      {
        kind: h.kind,
        petition: h.petition?.documentId,
        organisation: h.organisation?.documentId,
        participants,
        minutes: Math.round((new Date(h.end).getTime() - new Date(h.start).getTime()) / 60_000),
        urgent: !!h.urgent,
        videoLink: input.videoLink ?? h.videoLink ?? undefined,
        room: input.room ?? h.room?.documentId,
      },
      caller,
    );
  },

  /** Moves a scheduled hearing to a new start (and room); everyone gets a new notice. */
  async reschedule(documentId: string, input: Input, caller: Caller) {
    const h = await this.load(documentId, caller);
    const plan0 = planHearingMove(h.state, 'reschedule', input, Date.now(), new Date(h.start).getTime());
    if (!plan0.ok) refuse(plan0);
    const plan = await this.replan(h, input, caller);
    const when = await this.checkStart(plan, input.start, Date.now());
    const room = plan.room;
    const resources = [...plan.people, ...(room ? [{ kind: 'r' as const, id: room.id }] : [])];
    const units = unitsOf(when.start, when.end);
    const owner = { kind: 'h' as const, id: h.id };
    const entry = { action: 'reschedule', by: caller.id, role: caller.role, reason: String(input.reason).trim(), from: new Date(h.start).toISOString(), to: when.start.toISOString(), at: new Date().toISOString() };
    try {
      await strapi.db.transaction(async () => {
        const { count } = await strapi.db.query(H).updateMany({ where: { id: h.id, state: 'scheduled', start: h.start }, data: { start: when.start, end: when.end } });
        if (!count) throw conflict('会议已被他人修改，请刷新后重试');
        await this.grid().release(owner);
        await this.grid().hold(owner, resources, units);
        await strapi.db.query(H).update({ where: { id: h.id }, data: { room: room?.id ?? null, videoLink: plan.videoLink, history: [...json<any[]>(h.history, []), entry], remindedDay: false, remindedHour: false } });
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict(await this.clashMessage(plan, resources, units, owner, room));
      throw e;
    }
    await this.notices().issueAll(documentId, caller, 'reschedule', entry.reason);
    return this.view(documentId);
  },

  /** Cancels a scheduled hearing with a reason; everyone's time is freed and they are told. */
  async cancel(documentId: string, input: Input, caller: Caller) {
    const h = await this.load(documentId, caller);
    const p = planHearingMove(h.state, 'cancel', input, Date.now(), new Date(h.start).getTime());
    if (!p.ok) refuse(p);
    const reason = String(input.reason).trim();
    await strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(H).updateMany({ where: { id: h.id, state: 'scheduled' }, data: { state: 'cancelled', history: [...json<any[]>(h.history, []), { action: 'cancel', by: caller.id, role: caller.role, reason, at: new Date().toISOString() }] } });
      if (!count) throw conflict('会议已被他人修改，请刷新后重试');
      await this.grid().release({ kind: 'h', id: h.id });
    });
    await this.notices().tell(h, { title: `会议已取消：${h.title}`, body: `原定 ${fmt(new Date(h.start))} 的${(HEARING_KINDS as any)[h.kind]}已取消，原因：${reason}。` }, caller);
    return this.view(documentId);
  },

  /**
   * Records the minutes (笔录): attendance, the panel's opinions or votes, the conclusion and
   * outcome. A conclusion may move the case (e.g. conclude, review opinion) through the
   * petition flow's own rules, in the same transaction: a move the flow refuses changes nothing.
   */
  async recordMinutes(documentId: string, input: Input, caller: Caller) {
    const h = await this.load(documentId, caller);
    const p = planHearingMove(h.state, 'minutes', input, Date.now(), new Date(h.start).getTime());
    if (!p.ok) refuse(p);
    const isChair = h.participants.some((x: Participant) => x.role === 'chair' && x.user === caller.id);
    if (!isChair && caller.role !== 'clerk') throw forbidden('只有主持人或信访干部（记录人）可以记录笔录');
    const checked = checkMinutes(input, h.participants);
    throwIfInvalid(checked.errors);
    const m = checked.value!;
    const move = input.move && typeof input.move === 'object' ? input.move : null;
    if (move && !h.petition) throwIfInvalid([{ path: ['move'], message: '该会议没有关联案件' }]);
    const now = new Date();
    const minutes = { ...m, tally: tally(m.opinions), recordedBy: caller.id, at: now.toISOString() };
    await strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(H).updateMany({ where: { id: h.id, state: 'scheduled' }, data: { state: 'held', minutes, outcome: m.outcome } });
      if (!count) throw conflict('会议已被他人修改，请刷新后重试');
      let caseMove: Input | null = null;
      if (move) {
        const updated: any = await strapi.service('api::petition.petition-flow' as any).transition(h.petition.documentId, String(move.action ?? ''), move.input && typeof move.input === 'object' ? { ...move.input } : {}, caller);
        caseMove = { action: move.action, from: h.petition.state, to: updated.state, at: now.toISOString() };
      }
      await strapi.db.query(H).update({ where: { id: h.id }, data: { caseMove, history: [...json<any[]>(h.history, []), { action: 'minutes', by: caller.id, role: caller.role, outcome: m.outcome, at: now.toISOString() }] } });
    });
    if (h.petition) {
      try {
        await strapi.plugin('fangtiao').service('warning').scan({ petitionIds: [h.petition.id], kinds: ['hearing-outcome'] });
      } catch (e: any) {
        strapi.log.warn(`[hearings] warning scan after minutes failed: ${e.message}`);
      }
    }
    return this.view(documentId);
  },

  notices() {
    return strapi.plugin('fangtiao').service('hearing-notices') as any;
  },
});

function refuse(plan: { ok: false; status: 400 | 409; reason: string; field?: string }): never {
  if (plan.status === 409) throw conflict(plan.reason);
  throwIfInvalid([{ path: [plan.field ?? 'action'], message: plan.reason }]);
  throw new errors.ValidationError(plan.reason);
}

function defaultTitle(plan: Plan) {
  if (plan.petition) return `${plan.kind.name}：${plan.petition.referenceNo}`;
  return `${plan.organisation.name}${plan.kind.name}`;
}

/** 2026年3月2日 14:30 (Asia/Shanghai). */
export function fmt(d: Date) {
  const s = new Date(d.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日 ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`;
}
