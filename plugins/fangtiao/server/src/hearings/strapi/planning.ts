import type { Core } from '@strapi/strapi';
import { throwIfInvalid } from '@fangtiao/kernel';
import { conflict, findInScope } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { userInScope } from '@fangtiao/kernel';
import { freeIntervals, onGrid, UNIT_MS, type Availability, type FieldError } from '../../experts/availability';
import { formatDateTime as fmt } from '@fangtiao/kernel/pure';
import { conflictOf } from '../../experts/rules';
import { EXPERT_UID } from '../../experts/strapi/schema';
import { resourceKey, type Resource } from '../../schedule/strapi/service';
import { Calendar } from '../calendar';
import {
  checkParticipants,
  earliestSlots,
  NO_HEARING_STATES,
  PANEL_CATEGORIES,
  type KindSettings,
  type ParticipantInput,
  type ParticipantRole,
} from '../rules';
import { HEARING_UID } from './schema';
import { json } from '../../json';
import { getService } from '../../utils/get-service';
import hearingChoices from './choices';

const ROOM = HEARING_UID.room;
const PETITION = 'api::petition.petition';
const ORG = 'api::organisation.organisation';

/** A request body or query as received. */
export type Input = Record<string, any>;

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
export type Plan = {
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
  /** The working calendar, read once per request. */
  calendar: Calendar;
};

/**
 * Planning a hearing: the hearing types and the working calendar, resolving who takes part
 * (staff in the caller's jurisdiction, experts not recused, the case's parties), the rooms
 * to try, and the earliest common slot over the busy grid. Scheduling itself is in ./service.ts;
 * the types, the calendar, the rooms and the people to choose from in ./choices.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  ...hearingChoices({ strapi }),

  grid() {
    return getService(strapi, 'schedule');
  },

  // ---------------------------------------------------------------- resolving a request

  /** Turns a scheduling request into its case, organisation, participants and resources; every problem named. */
  async plan(input: Input, caller: Caller | null): Promise<Plan> {
    const kind = await this.kind(input.kind);
    const problems: FieldError[] = [];
    let petition: any = null;
    if (input.petition) {
      petition = await findInScope(
        strapi,
        PETITION,
        input.petition,
        {
          fields: ['id', 'referenceNo', 'subject', 'state'],
          populate: { parties: true, organisation: { fields: ['id', 'name'] }, caseType: { fields: ['name'] } },
        },
        '信访事项不存在',
      );
      if (NO_HEARING_STATES.includes(petition.state))
        throw conflict(`案件${petition.state === 'closed' ? '已结案' : '尚未受理'}，不能安排${kind.name}`);
    } else if (kind.needsCase) problems.push({ path: ['petition'], message: `${kind.name}须针对一件信访事项` });

    // The organising unit: named in the request (e.g. the county office for a township's case), else the case's.
    let organisation: any = null;
    const ref = input.organisation ?? petition?.organisation?.documentId ?? caller?.jurisdiction?.organisationDocumentId;
    if (ref) organisation = await strapi.documents(ORG).findOne({ documentId: String(ref), fields: ['id', 'name', 'code'] });
    if (!organisation) problems.push({ path: ['organisation'], message: '组织单位不存在或不在管辖范围内' });
    const parties = petition?.parties ?? [];
    const checked = checkParticipants(input.participants, kind, parties.length);
    problems.push(...checked.errors);

    const minutes = input.minutes === undefined ? kind.defaultMinutes : Number(input.minutes);
    if (!Number.isInteger(minutes) || minutes < 30 || minutes % 30 || minutes > 480)
      problems.push({ path: ['minutes'], message: '时长应为30分钟的整数倍，最长8小时' });
    const videoLink = typeof input.videoLink === 'string' && input.videoLink.trim() ? input.videoLink.trim() : null;
    if (videoLink && !/^https?:\/\/\S+$/.test(videoLink))
      problems.push({ path: ['videoLink'], message: '视频会议链接应以 http(s):// 开头' });
    let room: any = null;
    if (input.room) {
      room = await strapi
        .documents(ROOM)
        .findOne({ documentId: String(input.room), fields: ['id', 'name', 'capacity', 'address', 'active'] });
      if (!room || !room.active) problems.push({ path: ['room'], message: '会议室不存在或不可用' });
      else if (room.capacity < checked.value.length)
        problems.push({ path: ['room'], message: `该会议室只能容纳${room.capacity}人（参加${checked.value.length}人）` });
    }
    const { participants, people, availability } = await this.resolvePeople(checked.value, parties, petition, caller, problems);
    throwIfInvalid(problems);
    return {
      kind,
      petition,
      organisation,
      participants,
      people,
      availability,
      minutes,
      urgent: input.urgent === true,
      videoLink,
      room,
      calendar: await this.calendar(),
    };
  },

  /** Resolves staff (inside the caller's jurisdiction), experts (not recused) and parties; collects problems. */
  async resolvePeople(list: ParticipantInput[], parties: any[], petition: any, caller: Caller | null, problems: FieldError[]) {
    const participants: Participant[] = [];
    const people: Resource[] = [];
    const availability = new Map<string, Availability | null>();
    for (const [i, p] of list.entries()) {
      const at = (k: string) => ['participants', String(i), k];
      const base = {
        role: p.role,
        ...(p.category ? { category: p.category } : {}),
        ...(p.organisation ? { organisation: p.organisation } : {}),
      };
      if (p.user !== undefined) {
        const u = await userInScope(strapi, caller?.jurisdiction ?? null, p.user, p.role === 'chair' ? 'leader' : undefined);
        if (!u) {
          problems.push({
            path: at('user'),
            message: p.role === 'chair' ? '主持人应为管辖范围内的包案领导' : '用户不存在或不在管辖范围内',
          });
          continue;
        }
        participants.push({ ...base, name: u.fullName || u.username, user: u.id, userDocumentId: u.documentId });
        people.push({ kind: 'u', id: u.id });
      } else if (p.expert) {
        const x = await strapi.db.query(EXPERT_UID.profile).findOne({
          where: { documentId: p.expert },
          select: ['id', 'documentId', 'displayName', 'status', 'availability', 'declarations'],
          populate: { user: { select: ['id'] } },
        });
        if (!x) {
          problems.push({ path: at('expert'), message: '专家不存在' });
          continue;
        }
        if (x.status !== 'active') problems.push({ path: at('expert'), message: `${x.displayName}休假中` });
        const recusal = petition ? conflictOf(json(x.declarations, []), { petition: petition.documentId, parties }) : null;
        if (recusal) problems.push({ path: at('expert'), message: `${x.displayName}须回避：${recusal}` });
        participants.push({
          ...base,
          name: x.displayName,
          expert: x.id,
          expertDocumentId: x.documentId,
          ...(x.user?.id ? { expertUser: x.user.id } : {}),
        });
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
  earliestAllowed(plan: Pick<Plan, 'kind' | 'urgent' | 'calendar'>, now: number) {
    const days = plan.urgent && plan.kind.code === 'joint_consultation' ? 0 : plan.kind.noticeWorkingDays;
    return Math.max(plan.calendar.earliestAfterNotice(now, days), Math.ceil((now + 1) / UNIT_MS) * UNIT_MS);
  },

  /** Rooms to try, smallest that fits first: the one named, none for a video meeting, else the organisation's. */
  async candidateRooms(plan: Plan): Promise<any[] | null> {
    if (plan.room) return [plan.room];
    if (plan.videoLink) return null;
    // The organising unit's own rooms first, then its township's, county's and city's; smallest that fits first.
    const org = await strapi.db
      .query(ORG)
      .findOne({ where: { id: plan.organisation.id }, select: ['code', 'townshipCode', 'countyCode', 'cityCode'] });
    const chain = [...new Set([org?.code, org?.townshipCode, org?.countyCode, org?.cityCode].filter(Boolean))];
    const found = await strapi.db.query(ROOM).findMany({
      where: { active: true, organisation: { code: { $in: chain } }, capacity: { $gte: plan.participants.length } },
      select: ['id', 'documentId', 'name', 'capacity', 'address'],
      populate: { organisation: { select: ['code'] } },
      limit: 200,
    });
    const rooms = found.sort(
      (a, b) => chain.indexOf(a.organisation?.code) - chain.indexOf(b.organisation?.code) || a.capacity - b.capacity || a.id - b.id,
    );
    if (!rooms.length)
      throw conflict(`${plan.organisation.name}没有能容纳${plan.participants.length}人的会议室（可改用视频会议并填写链接）`);
    return rooms;
  },

  /** The earliest clash-free slots for a plan inside [from, to). */
  async slotsFor(plan: Plan, from: number, to: number, count: number, except?: { kind: 'h'; id: number }) {
    const cal = plan.calendar;
    const rooms = await this.candidateRooms(plan);
    const resources = [...plan.people, ...(rooms ?? []).map((r) => ({ kind: 'r' as const, id: r.id }))];
    const busy = await this.grid().busy(resources, from, to, except);
    const slots = earliestSlots({
      windows: cal.workingIntervals(from, to),
      people: plan.people.map((r) => {
        const key = resourceKey(r);
        return {
          key,
          busy: busy.get(key)!,
          available: plan.availability.has(key) ? freeIntervals(plan.availability.get(key), from, to) : null,
        };
      }),
      rooms: rooms ? rooms.map((r) => ({ id: r.id, busy: busy.get(`r:${r.id}`)! })) : null,
      minutes: plan.minutes,
      count,
    });
    const byId = new Map((rooms ?? []).map((r) => [r.id, r]));
    return {
      slots: slots.map((s) => {
        const r = s.room === null ? null : byId.get(s.room);
        return {
          start: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
          room: r ? { documentId: r.documentId, name: r.name, capacity: r.capacity } : null,
        };
      }),
      warning: cal.beyondConfirmed(to),
    };
  },

  /** Checks a chosen start against the notice period, office hours and the experts' availability. */
  async checkStart(plan: Plan, startInput: unknown, now: number) {
    const start = Date.parse(String(startInput ?? ''));
    if (Number.isNaN(start)) throwIfInvalid([{ path: ['start'], message: '开始时间无效' }]);
    if (!onGrid(start)) throwIfInvalid([{ path: ['start'], message: '开始时间应为整点或半点' }]);
    const end = start + plan.minutes * 60_000;
    const cal = plan.calendar;
    const earliest = this.earliestAllowed(plan, now);
    if (start < earliest)
      throw conflict(`${plan.kind.name}须提前${plan.kind.noticeWorkingDays}个工作日通知，最早可安排在 ${fmt(new Date(earliest))}`);
    if (!cal.withinOfficeHours(start, end)) throw conflict('所选时段不在工作日的办公时间内（已排除周末、节假日）');
    for (const r of plan.people) {
      const key = resourceKey(r);
      if (
        plan.availability.has(key) &&
        !freeIntervals(plan.availability.get(key), start, end).some((i) => i.start <= start && i.end >= end)
      ) {
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
});
