import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import crypto from 'crypto';
import { UID } from '../../constants';
import { throwIfInvalid } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { checkAvailability, covers, shanghaiWeek, unitsOf, type Availability } from '../availability';
import { formatDateTime as fmt } from '@fangtiao/kernel/pure';
import { rank, type Candidate } from '../matching';
import {
  BOOKING_STATES,
  EXPERT_FIELDS,
  EXPERT_STATUSES,
  HOLDING_STATES,
  MODES,
  REMINDERS,
  REQUESTER_ROLES,
  SUGGESTIONS,
  checkDeclarations,
  checkRequest,
  checkSlot,
  conflictOf,
  escalationReason,
  dueReminder,
  icalendar,
  planBookingMove,
  type BookingAction,
  type CaseParty,
  type ExpertLevel,
} from '../rules';
import { EXPERT_UID } from './schema';
import { json } from '../../json';
import { isUniqueViolation } from '../../schedule/strapi/service';
import { conflict, forbidden } from '@fangtiao/kernel';
import { strip } from '../../utils/records';
import { getService } from '../../utils/get-service';

const PROFILE = EXPERT_UID.profile as any;
const POOL = EXPERT_UID.pool as any;
const CONSULT = EXPERT_UID.consultation as any;
const BOOKING = EXPERT_UID.booking as any;

const notFound = (message: string) => new errors.NotFoundError(message);


/** The expert fields others may see (nothing personal: no user, no declarations, no token). */
const PUBLIC_EXPERT = ['documentId', 'displayName', 'title', 'level', 'fields', 'tags', 'languages', 'status'];
const label = (f: string) => (EXPERT_FIELDS as any)[f] ?? f;

type Input = Record<string, any>;

/**
 * Expert pools and consultations. Pure rules in ../rules.ts, ../availability.ts,
 * ../matching.ts; this loads the facts, keeps the caller's jurisdiction (404 outside) and
 * writes. Double booking is impossible by construction: a booking inserts one row per
 * 30-minute unit into the busy grid shared with hearings (../../schedule), UNIQUE per
 * resource and unit, in its transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The busy grid shared with hearings (see ../../schedule). */
  grid() {
    return getService(strapi, 'schedule');
  },

  /** Notifies users in-app and by email through the notifications module (when present). */
  async notify(userIds: Array<number | null | undefined>, message: { kind: string; title: string; body?: string; link?: string }) {
    const ids = [...new Set(userIds.filter((x): x is number => Number.isInteger(x)))];
    if (!ids.length) return 0;
    let svc: any = null;
    try {
      svc = getService(strapi, 'notification');
    } catch {
      svc = null;
    }
    if (svc?.notify) return svc.notify(ids, message);
    strapi.log.info(`[experts] notify ${ids.join(',')}: ${message.title}`);
    return ids.length;
  },

  // ---------------------------------------------------------------- the expert's own profile

  async profileOfUser(userId: number) {
    return strapi.db.query(PROFILE).findOne({ where: { user: { id: userId } }, populate: { organisation: { select: ['name', 'code', 'level'] } } });
  },

  async ownProfile(caller: Caller) {
    const p: any = await this.profileOfUser(caller.id);
    if (!p) throw notFound('当前用户没有专家档案（请联系管理员）');
    return p;
  },

  calendarPath(p: any) {
    return p.calendarToken ? `/api/experts/${p.documentId}/calendar.ics?token=${p.calendarToken}` : null;
  },

  async me(caller: Caller) {
    const p: any = await this.ownProfile(caller);
    return {
      ...Object.fromEntries(PUBLIC_EXPERT.map((k) => [k, p[k]])),
      weeklyLimit: p.weeklyLimit,
      organisation: p.organisation ? { name: p.organisation.name, code: p.organisation.code } : null,
      availability: json<Availability>(p.availability, { weekly: [], exceptions: [] }),
      declarations: json(p.declarations, []),
      calendarUrl: this.calendarPath(p),
    };
  },

  /** The expert edits its own availability, declarations and on-leave status. */
  async updateMe(caller: Caller, input: Input) {
    const p: any = await this.ownProfile(caller);
    const data: Input = {};
    const problems: any[] = [];
    if (input.availability !== undefined) {
      const a = checkAvailability(input.availability);
      problems.push(...a.errors.map((e) => ({ ...e, path: ['availability', ...e.path] })));
      data.availability = a.value;
    }
    if (input.declarations !== undefined) {
      const d = checkDeclarations(input.declarations);
      problems.push(...d.errors);
      data.declarations = d.value;
    }
    if (input.status !== undefined) {
      if (!Object.keys(EXPERT_STATUSES).includes(input.status)) problems.push({ path: ['status'], message: '状态应为 active（在岗）或 on_leave（休假）' });
      data.status = input.status;
    }
    for (const k of ['languages', 'tags']) {
      if (input[k] === undefined) continue;
      if (!Array.isArray(input[k]) || input[k].some((x: unknown) => typeof x !== 'string' || !x.trim() || x.length > 40)) problems.push({ path: [k], message: '应为文字列表' });
      else data[k] = input[k].map((x: string) => x.trim()).slice(0, 30);
    }
    throwIfInvalid(problems);
    if (!Object.keys(data).length) throwIfInvalid([{ path: ['data'], message: '没有可修改的内容（availability、declarations、status、languages、tags）' }]);
    await strapi.documents(PROFILE).update({ documentId: p.documentId, data: data as any });
    return this.me(caller);
  },

  async regenerateToken(caller: Caller) {
    const p: any = await this.ownProfile(caller);
    const token = crypto.randomBytes(24).toString('base64url');
    await strapi.db.query(PROFILE).update({ where: { id: p.id }, data: { calendarToken: token } });
    return { calendarUrl: this.calendarPath({ ...p, calendarToken: token }) };
  },

  /** The private iCalendar feed: bookings holding the expert's time (and recent cancellations), no party names. */
  async calendar(documentId: string, token: string) {
    const p: any = await strapi.db.query(PROFILE).findOne({ where: { documentId }, select: ['id', 'documentId', 'displayName', 'calendarToken'] });
    const ok = p?.calendarToken && typeof token === 'string' && token.length === p.calendarToken.length && crypto.timingSafeEqual(Buffer.from(token), Buffer.from(p.calendarToken));
    if (!ok) throw notFound('日历不存在');
    const since = new Date(Date.now() - 90 * 86_400_000);
    const bookings: any[] = await strapi.db.query(BOOKING).findMany({
      where: { expert: { id: p.id }, start: { $gte: since }, state: { $in: ['requested', 'accepted', 'done', 'cancelled'] } },
      select: ['documentId', 'start', 'end', 'state', 'mode', 'updatedAt'],
      populate: { consultation: { select: ['field', 'urgency'] }, petition: { select: ['referenceNo'] } },
      orderBy: { start: 'asc' },
      limit: 2000,
    });
    const status = (s: string) => (s === 'cancelled' ? 'CANCELLED' : s === 'requested' ? 'TENTATIVE' : 'CONFIRMED');
    return icalendar(
      `${p.displayName} 专家咨询`,
      bookings.map((b) => ({
        uid: `${b.documentId}@fangtiao`,
        start: new Date(b.start),
        end: new Date(b.end),
        summary: `专家咨询（${label(b.consultation?.field ?? '')}·${(MODES as any)[b.mode] ?? ''}）`,
        description: `案件编号：${b.petition?.referenceNo ?? ''}；状态：${(BOOKING_STATES as any)[b.state]}`,
        status: status(b.state) as any,
        updated: new Date(b.updatedAt ?? b.start),
      })),
    );
  },

  // ---------------------------------------------------------------- matching

  /** Profiles in the pools of `level` and `field` that serve the case's county (or city). */
  async candidates(level: ExpertLevel, field: string, scope: { cityCode: string | null; countyCode: string | null }, onlyExpert?: number) {
    const knex = strapi.db.connection;
    const pm = strapi.db.metadata.get(POOL);
    const xm = strapi.db.metadata.get(PROFILE);
    const pc = (a: string) => (pm.attributes as any)[a].columnName;
    const xc = (a: string) => (xm.attributes as any)[a].columnName;
    const jt = (pm.attributes as any).members.joinTable;
    const area = level === 'county' ? { [`p.${pc('countyCode')}`]: scope.countyCode } : { [`p.${pc('cityCode')}`]: scope.cityCode };
    const query = knex
      .select({
        id: 'x.id',
        documentId: `x.${xc('documentId')}`,
        status: `x.${xc('status')}`,
        weeklyLimit: `x.${xc('weeklyLimit')}`,
        availability: `x.${xc('availability')}`,
        declarations: `x.${xc('declarations')}`,
      })
      .from({ p: pm.tableName })
      .join({ j: jt.name }, `j.${jt.joinColumn.name}`, 'p.id')
      .join({ x: xm.tableName }, 'x.id', `j.${jt.inverseJoinColumn.name}`)
      .where({ [`p.${pc('field')}`]: field, [`p.${pc('level')}`]: level, ...area });
    if (onlyExpert !== undefined) query.andWhere('x.id', onlyExpert);
    // An expert in two matching pools appears once.
    const seen = new Set<number>();
    return ((await query) as any[]).filter((r) => !seen.has(Number(r.id)) && !!seen.add(Number(r.id)));
  },

  /** Load: bookings holding time in the Shanghai week of `at`, per expert (one grouped scan of the unit index). */
  async weekLoad(expertIds: number[], at: number) {
    const load = new Map<number, number>();
    if (!expertIds.length) return load;
    const week = shanghaiWeek(at);
    return this.grid().ownersPerResource('e', expertIds.length <= 500 ? expertIds : null, week.start, week.end);
  },

  /** The grid units a few experts hold inside [from, to) (the unique index answers it). */
  async busyUnits(expertIds: number[], from: number, to: number) {
    const busy = new Map<number, Set<number>>();
    if (!expertIds.length) return busy;
    const held = await this.grid().busy(expertIds.map((id) => ({ kind: 'e' as const, id })), from, to);
    for (const id of expertIds) busy.set(id, held.get(`e:${id}`) ?? new Set());
    return busy;
  },

  /**
   * Ranks one level's candidates for a consultation: conflicts checked on every candidate
   * (each is a recusal), then candidates in order of load are checked for a free slot in
   * batches, fetching busy units only for the batch, until enough are found.
   */
  async matchLevel(c: any, level: ExpertLevel, parties: CaseParty[], petitionDocumentId: string) {
    const rows = await this.candidates(level, c.field, c);
    const ws = Math.max(new Date(c.windowStart).getTime(), Date.now());
    const we = new Date(c.windowEnd).getTime();
    const load = await this.weekLoad(rows.map((r) => Number(r.id)), ws);
    const recusals: { expert: number; reason: string }[] = [];
    const open: any[] = [];
    for (const r of rows) {
      const d = r.declarations;
      if (d != null && d !== '[]' && !(Array.isArray(d) && !d.length)) {
        const reason = conflictOf(json(d, []), { petition: petitionDocumentId, parties });
        if (reason) {
          recusals.push({ expert: Number(r.id), reason });
          continue;
        }
      }
      open.push(r);
    }
    open.sort((a, b) => (load.get(Number(a.id)) ?? 0) - (load.get(Number(b.id)) ?? 0) || Number(a.id) - Number(b.id));
    const req = { windowStart: ws, windowEnd: we, minutes: c.minutes ?? 60, petition: petitionDocumentId, parties };
    const suggestions: any[] = [];
    let unavailable = 0;
    for (let i = 0; i < open.length && suggestions.length < SUGGESTIONS; i += 25) {
      const batch = open.slice(i, i + 25);
      const busy = await this.busyUnits(batch.map((r) => Number(r.id)), ws, we);
      const cands: Candidate[] = batch.map((r) => ({
        id: Number(r.id),
        status: r.status,
        weeklyLimit: r.weeklyLimit == null ? null : Number(r.weeklyLimit),
        load: load.get(Number(r.id)) ?? 0,
        availability: json(r.availability, null),
        declarations: [],
      }));
      const part = rank(cands, req, (id) => busy.get(id) ?? null, SUGGESTIONS - suggestions.length);
      suggestions.push(...part.suggestions);
      unavailable += part.unavailable;
    }
    return { suggestions, recusals, unavailable, pool: rows.length };
  },

  /** Public details of the suggested experts, in the ranking's order. */
  async describe(suggestions: { id: number; load: number; weeklyLimit: number | null; firstFree: number }[]) {
    if (!suggestions.length) return [];
    const rows: any[] = await strapi.db.query(PROFILE).findMany({
      where: { id: { $in: suggestions.map((s) => s.id) } },
      select: PUBLIC_EXPERT,
      populate: { organisation: { select: ['name'] } },
    });
    const byId = new Map(rows.map((r: any) => [r.id, r]));
    return suggestions.map((s) => {
      const r: any = byId.get(s.id) ?? {};
      return {
        ...Object.fromEntries(PUBLIC_EXPERT.map((k) => [k, r[k]])),
        organisation: r.organisation?.name ?? null,
        load: s.load,
        weeklyLimit: s.weeklyLimit,
        firstFree: new Date(s.firstFree).toISOString(),
      };
    });
  },

  /**
   * Suggestions for a consultation: its current level's pool; a county search that finds
   * nobody escalates to the city pool and the consultation records it. Each recusal is recorded.
   */
  async match(consultationId: number, opts: { allowEscalation: boolean } = { allowEscalation: true }) {
    const c: any = await strapi.db.query(CONSULT).findOne({ where: { id: consultationId }, populate: { petition: { select: ['documentId', 'id'], populate: { parties: true } } } });
    const parties: CaseParty[] = (c.petition?.parties ?? []).map((p: any) => ({ name: p.name, idNumber: p.idNumber }));
    let level: ExpertLevel = c.level;
    let r = await this.matchLevel(c, level, parties, c.petition.documentId);
    const recusals = [...json<any[]>(c.recusals, [])];
    const record = (list: { expert: number; reason: string }[], lvl: ExpertLevel) => {
      for (const x of list) if (!recusals.some((y) => y.expert === x.expert)) recusals.push({ expert: x.expert, reason: x.reason, level: lvl, at: new Date().toISOString() });
    };
    record(r.recusals, level);
    const data: Input = {};
    if (!r.suggestions.length && level === 'county' && opts.allowEscalation) {
      level = 'city';
      data.level = 'city';
      data.escalatedAt = new Date();
      data.escalationReason = escalationReason({ pool: r.pool, recused: r.recusals.length });
      r = await this.matchLevel(c, level, parties, c.petition.documentId);
      record(r.recusals, level);
      await strapi.service(UID.auditEntry).record({
        action: 'consultation-escalated',
        targetUid: UID.petition,
        targetDocumentId: c.petition.documentId,
        detail: { consultation: c.documentId, to: 'city', reason: data.escalationReason },
      });
    }
    if (recusals.length !== json<any[]>(c.recusals, []).length) data.recusals = recusals;
    if (Object.keys(data).length) await strapi.db.query(CONSULT).update({ where: { id: c.id }, data });
    return { level, suggestions: await this.describe(r.suggestions), recusals: recusals.length, escalated: level === 'city' && !!(data.escalatedAt ?? c.escalatedAt) };
  },

  // ---------------------------------------------------------------- consultations

  /** A mediator or leader asks for a consultation on a case in its jurisdiction (404 outside). */
  async request(petitionDocumentId: string, input: Input, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以申请专家咨询');
    const petition: any = await strapi.documents(UID.petition).findOne({ documentId: petitionDocumentId, fields: ['isDifficult', 'referenceNo'] as any });
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
      } as any,
    });
    if (difficult) {
      await strapi.service(UID.auditEntry).record({
        action: 'consultation-escalated',
        targetUid: UID.petition,
        targetDocumentId: petitionDocumentId,
        detail: { consultation: created.documentId, to: 'city', reason: '疑难案件' },
      });
    }
    const m = await this.match(created.id);
    return { ...(await this.get(created.documentId)), suggestions: m.suggestions };
  },

  /** A consultation in the caller's jurisdiction, or 404. */
  async load(documentId: string) {
    const c: any = await strapi.documents(CONSULT).findOne({
      documentId,
      populate: { petition: { fields: ['referenceNo', 'subject'] }, requestedBy: { fields: ['username', 'fullName'] }, opinionDocument: { fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] } } as any,
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
    const names = recusalIds.length ? await strapi.db.query(PROFILE).findMany({ where: { id: { $in: recusalIds } }, select: ['id', 'displayName', 'documentId'] }) : [];
    const byId = new Map(names.map((n: any) => [n.id, n]));
    return {
      ...c,
      recusals: json<any[]>(c.recusals, []).map((r) => ({ expert: byId.get(r.expert)?.documentId ?? null, expertName: byId.get(r.expert)?.displayName ?? null, reason: r.reason, level: r.level, at: r.at })),
      bookings,
    };
  },

  async suggestions(documentId: string, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以查看推荐专家');
    const c = await this.load(documentId);
    if (c.state !== 'open') throw conflict('该咨询已预约或已结束');
    return this.match(c.id);
  },

  /** The ids of consultations (matching `where`) on which the calling expert has a booking. */
  async takenPartIn(caller: Caller, where: Record<string, unknown>): Promise<number[]> {
    const rows: any[] = await strapi.db.query(BOOKING).findMany({
      where: { expert: { user: { id: caller.id } }, consultation: where },
      select: ['id'],
      populate: { consultation: { select: ['id'] } },
    });
    return [...new Set(rows.map((b) => b.consultation?.id).filter((x) => Number.isInteger(x)))];
  },

  /** The consultations on a case; an expert sees only those it is booked on. */
  async forPetition(petitionDocumentId: string, caller: Caller | null = null) {
    const p = await strapi.documents(UID.petition).findOne({ documentId: petitionDocumentId, fields: ['id'] as any });
    if (!p) throw notFound('信访事项不存在');
    const mine = caller?.role === 'expert' ? { id: { $in: await this.takenPartIn(caller, { petition: { documentId: petitionDocumentId } }) } } : {};
    const list = await strapi.documents(CONSULT).findMany({
      filters: { petition: { documentId: petitionDocumentId }, ...mine },
      fields: ['question', 'field', 'urgency', 'mode', 'windowStart', 'windowEnd', 'level', 'difficult', 'escalatedAt', 'escalationReason', 'state', 'createdAt'] as any,
      sort: ['createdAt:desc'],
    });
    return list.map(strip);
  },

  // ---------------------------------------------------------------- booking

  /**
   * Whether the expert is not conflicted, and in a pool this consultation may draw on.
   * Conflict first: an expert who must stand aside is a 409 whichever pool he sits in (after
   * an escalation the county expert who stood aside is no longer in the consultation's pool,
   * and "not in the pool" would hide why).
   */
  async eligibility(c: any, expert: any) {
    const declarations = json<any[]>(expert.declarations, []);
    // The case's parties are read only when the expert declared something.
    const petition: any = declarations.length ? await strapi.db.query(UID.petition as any).findOne({ where: { id: c.petition.id }, populate: { parties: true } }) : null;
    const reason = petition ? conflictOf(declarations, { petition: petition.documentId, parties: petition.parties ?? [] }) : null;
    if (reason) {
      const recusals = json<any[]>(c.recusals, []);
      if (!recusals.some((r) => r.expert === expert.id)) {
        recusals.push({ expert: expert.id, reason, level: c.level, at: new Date().toISOString() });
        await strapi.db.query(CONSULT).update({ where: { id: c.id }, data: { recusals } });
      }
      return { ok: false as const, status: 409 as const, reason: `该专家须回避：${reason}` };
    }
    const rows = await this.candidates(c.level, c.field, c, expert.id);
    if (!rows.length) return { ok: false as const, status: 404 as const, reason: '该专家不在本次咨询可选的专家库中' };
    if (expert.status !== 'active') return { ok: false as const, status: 409 as const, reason: '该专家休假中' };
    return { ok: true as const };
  },

  /**
   * Books `expert` for [start, end): the booking and its grid units in one transaction.
   * A unit already held (unique violation) is a 409 — whoever commits first wins.
   */
  async insertBooking(args: { consultation: any; expert: any; start: Date; end: Date; state: 'requested' | 'accepted'; caller: Caller }) {
    const { consultation: c, expert, start, end, state, caller } = args;
    const units = unitsOf(start, end);
    try {
      return await strapi.db.transaction(async () => {
        const b: any = await strapi.documents(BOOKING).create({
          data: {
            consultation: c.documentId,
            petition: c.petition.documentId,
            expert: expert.documentId,
            bookedBy: caller.id,
            start,
            end,
            mode: c.mode,
            state,
            history: [{ action: state === 'accepted' ? 'take' : 'book', by: caller.id, role: caller.role, start: start.toISOString(), end: end.toISOString(), at: new Date().toISOString() }],
          } as any,
        });
        await this.grid().hold({ kind: 'b', id: b.id }, [{ kind: 'e', id: expert.id }], units);
        await strapi.db.query(CONSULT).update({ where: { id: c.id }, data: { state: 'booked' } });
        return b;
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict('该专家在这一时段已有预约');
      throw e;
    }
  },

  async loadForBooking(documentId: string) {
    const c: any = await strapi.documents(CONSULT).findOne({ documentId, populate: { petition: { fields: ['id', 'referenceNo'], populate: { mediator: { fields: ['id'] } } }, requestedBy: { fields: ['id'] } } as any });
    if (!c) throw notFound('咨询申请不存在');
    return c;
  },

  /** A mediator or leader books a suggested expert; the expert then accepts or declines. */
  async book(documentId: string, input: Input, caller: Caller) {
    if (!REQUESTER_ROLES.includes(caller.role ?? '')) throw forbidden('只有调解员或包案领导可以预约专家');
    const c = await this.loadForBooking(documentId);
    const slot = checkSlot(input, c.minutes ?? 60, new Date());
    if (!input.expert || typeof input.expert !== 'string') slot.errors.push({ path: ['expert'], message: '请选择专家' });
    throwIfInvalid(slot.errors);
    const expert: any = await strapi.db.query(PROFILE).findOne({ where: { documentId: input.expert }, populate: { user: { select: ['id'] } } });
    if (!expert) throwIfInvalid([{ path: ['expert'], message: '专家不存在' }]);
    return this.bookChecked(c, expert, slot.start!, slot.end!, 'requested', caller);
  },

  async bookChecked(c: any, expert: any, start: Date, end: Date, state: 'requested' | 'accepted', caller: Caller) {
    if (c.state !== 'open') throw conflict(`该咨询${c.state === 'booked' ? '已预约专家' : '已结束'}，不能再预约`);
    const el = await this.eligibility(c, expert);
    if (!el.ok) {
      if (el.status === 404) throwIfInvalid([{ path: ['expert'], message: el.reason }]);
      throw conflict(el.reason);
    }
    if (!covers(json(expert.availability, null), start.getTime(), end.getTime())) throw conflict('所选时段不在该专家的可预约时间内');
    if (expert.weeklyLimit != null) {
      const load = (await this.weekLoad([expert.id], start.getTime())).get(expert.id) ?? 0;
      if (load >= expert.weeklyLimit) throw conflict(`该专家本周的预约已达上限（${expert.weeklyLimit}次）`);
    }
    const b = await this.insertBooking({ consultation: c, expert, start, end, state, caller });
    const when = fmt(start);
    await this.notify([expert.user?.id, c.petition?.mediator?.id, c.requestedBy?.id].filter((id) => id !== caller.id), {
      kind: 'consultation-booking',
      title: state === 'accepted' ? `专家已接受咨询：${when}` : `新的专家咨询预约：${when}`,
      body: `案件 ${c.petition?.referenceNo ?? ''}，${label(c.field)}咨询，${(MODES as any)[c.mode] ?? ''}，${when}。`,
      link: `/desk/#/consultations/${c.documentId}`,
    });
    return {
      documentId: b.documentId,
      start: b.start,
      end: b.end,
      state: b.state,
      mode: b.mode,
      history: b.history,
      opinion: null,
      opinionAt: null,
      expert: Object.fromEntries(PUBLIC_EXPERT.map((k) => [k, expert[k]])),
      consultation: { documentId: c.documentId, state: 'booked', level: c.level },
      document: null,
    };
  },

  async bookingView(documentId: string) {
    const b: any = await strapi.db.query(BOOKING).findOne({
      where: { documentId },
      select: ['documentId', 'start', 'end', 'state', 'mode', 'history', 'opinion', 'opinionAt'],
      populate: { expert: { select: PUBLIC_EXPERT }, consultation: { select: ['documentId', 'state', 'level'] }, document: { select: ['documentId', 'kind', 'title', 'version', 'verificationCode'] } },
    });
    return b;
  },

  /** The expert's desk: open requests of its pools it may take. */
  async desk(caller: Caller) {
    const p: any = await this.ownProfile(caller);
    const pools: any[] = await strapi.db.query(POOL).findMany({ where: { members: { id: p.id } }, select: ['id', 'field', 'level', 'cityCode', 'countyCode'] });
    if (!pools.length) return [];
    const or = pools.map((pool) => ({ field: pool.field, level: pool.level, ...(pool.level === 'county' ? { countyCode: pool.countyCode } : { cityCode: pool.cityCode }) }));
    const rows: any[] = await strapi.db.query(CONSULT).findMany({
      where: { state: 'open', windowEnd: { $gt: new Date() }, $or: or },
      select: ['documentId', 'question', 'field', 'urgency', 'mode', 'windowStart', 'windowEnd', 'minutes', 'level', 'createdAt', 'recusals'],
      populate: { petition: { select: ['referenceNo', 'documentId'], populate: { parties: true } } },
      orderBy: [{ windowStart: 'asc' }, { id: 'asc' }],
      limit: 100,
    });
    const decl = json(p.declarations, []);
    return rows
      .filter((r) => !conflictOf(decl, { petition: r.petition?.documentId, parties: r.petition?.parties ?? [] }))
      .map((r) => ({
        documentId: r.documentId,
        question: r.question,
        field: r.field,
        urgency: r.urgency,
        mode: r.mode,
        windowStart: r.windowStart,
        windowEnd: r.windowEnd,
        minutes: r.minutes,
        level: r.level,
        caseReference: r.petition?.referenceNo ?? null,
      }));
  },

  /** An expert takes an open request of its pools, booking a slot of its own availability. */
  async take(documentId: string, input: Input, caller: Caller) {
    const p: any = await this.ownProfile(caller);
    const c: any = await strapi.db.query(CONSULT).findOne({ where: { documentId }, populate: { petition: { select: ['id', 'documentId', 'referenceNo'], populate: { mediator: { select: ['id'] } } }, requestedBy: { select: ['id'] } } });
    if (!c) throw notFound('咨询申请不存在');
    const rows = await this.candidates(c.level, c.field, c, p.id);
    if (!rows.length) throw notFound('咨询申请不存在');
    const slot = checkSlot(input, c.minutes ?? 60, new Date());
    throwIfInvalid(slot.errors);
    return this.bookChecked(c, { ...p, user: { id: caller.id } }, slot.start!, slot.end!, 'accepted', caller);
  },

  /** Accept, decline, cancel, reschedule or record the opinion; every change notifies those concerned. */
  async move(documentId: string, action: BookingAction, input: Input, caller: Caller) {
    const b: any = await strapi.db.query(BOOKING).findOne({
      where: { documentId },
      populate: {
        expert: { populate: { user: { select: ['id'] }, organisation: { select: ['name'] } } },
        consultation: { populate: { requestedBy: { select: ['id'] } } },
        petition: { select: ['id', 'documentId', 'referenceNo', 'subject'], populate: { mediator: { select: ['id'] }, leader: { select: ['id'] }, organisation: { select: ['name', 'documentId'] } } },
      },
    });
    const isExpert = !!b && b.expert?.user?.id === caller.id;
    // Others see the booking only inside their jurisdiction.
    if (!b || (!isExpert && !(await strapi.documents(BOOKING).findOne({ documentId, fields: ['id'] as any })))) throw notFound('预约不存在');
    const isRequesterSide = REQUESTER_ROLES.includes(caller.role ?? '');
    const plan = planBookingMove(b.state, action, { isExpert, isRequesterSide }, input);
    if (!plan.ok) {
      if (plan.status === 409) throw conflict(plan.reason);
      if (plan.status === 403) throw forbidden(plan.reason);
      throwIfInvalid([{ path: [plan.field ?? 'action'], message: plan.reason }]);
    }
    const to = (plan as any).to;
    const reason = typeof input.reason === 'string' ? input.reason.trim() : null;
    const now = new Date();
    const entry: Input = { action, by: caller.id, role: caller.role, at: now.toISOString(), ...(reason ? { reason } : {}) };
    const data: Input = { state: to };
    let start = new Date(b.start);
    let end = new Date(b.end);
    if (action === 'reschedule') {
      const slot = checkSlot(input, (end.getTime() - start.getTime()) / 60_000, now);
      throwIfInvalid(slot.errors);
      if (!covers(json(b.expert.availability, null), slot.start!.getTime(), slot.end!.getTime())) throw conflict('所选时段不在该专家的可预约时间内');
      entry.from = start.toISOString();
      entry.to = slot.start!.toISOString();
      start = slot.start!;
      end = slot.end!;
      Object.assign(data, { start, end, remindedDay: false, remindedHour: false });
      // The expert moving its own booking confirms it; a move by the case side asks the expert again.
      data.state = isExpert ? 'accepted' : 'requested';
    }
    let document: any = null;
    if (action === 'opinion') {
      document = await this.issueRecord(b, String(input.opinion).trim(), typeof input.conclusion === 'string' ? input.conclusion.trim() : undefined, caller);
      Object.assign(data, { opinion: String(input.opinion).trim(), opinionAt: now, document: document.id });
    }
    data.history = [...json<any[]>(b.history, []), entry];
    try {
      await strapi.db.transaction(async () => {
        // Take the row first so two moves cannot both pass from the same state.
        const { count } = await strapi.db.query(BOOKING).updateMany({ where: { id: b.id, state: b.state }, data: { updatedAt: now } });
        if (!count) throw conflict('预约已被他人修改，请刷新后重试');
        if (['declined', 'cancelled'].includes(to) || action === 'reschedule') await this.grid().release({ kind: 'b', id: b.id });
        if (action === 'reschedule') await this.grid().hold({ kind: 'b', id: b.id }, [{ kind: 'e', id: b.expert.id }], unitsOf(start, end));
        await strapi.documents(BOOKING).update({ documentId, data: data as any });
        if (['declined', 'cancelled'].includes(to)) await strapi.db.query(CONSULT).update({ where: { id: b.consultation.id }, data: { state: 'open' } });
        if (action === 'opinion') await strapi.db.query(CONSULT).update({ where: { id: b.consultation.id }, data: { state: 'done', opinionDocument: document.id } });
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict('该专家在这一时段已有预约');
      throw e;
    }
    const verbs: Record<string, string> = { accept: '专家已确认', decline: '专家已婉拒', cancel: '预约已取消', reschedule: '预约已改期', opinion: '专家已出具咨询意见' };
    await this.notify(
      [b.expert?.user?.id, b.consultation?.requestedBy?.id, b.petition?.mediator?.id].filter((id) => id && id !== caller.id),
      {
        kind: 'consultation-booking',
        title: `${verbs[action]}：${fmt(start)}`,
        body: `案件 ${b.petition?.referenceNo ?? ''} 的专家咨询${reason ? `，原因：${reason}` : ''}。`,
        link: `/desk/#/consultations/${b.consultation?.documentId}`,
      },
    );
    return this.bookingView(documentId);
  },

  /** The consultation record PDF (专家咨询记录), attached to the case through the document service. */
  async issueRecord(b: any, opinion: string, conclusion: string | undefined, caller: Caller) {
    const c = b.consultation;
    const p = b.petition;
    const name = b.expert.displayName;
    return getService(strapi, 'document').issue({
      kind: 'consultation-record',
      input: {
        recordNumber: `${p.referenceNo ?? ''}-咨${c.id}`,
        caseReference: p.referenceNo ?? '',
        matter: p.subject ?? '',
        question: c.question,
        level: c.level,
        mode: (MODES as any)[c.mode],
        consultedAt: new Date(b.start),
        requestedBy: p.organisation?.name,
        experts: [{ name, field: label(c.field), organisation: b.expert.organisation?.name }],
        opinions: [{ expert: name, opinion }],
        conclusion,
        recorder: name,
      },
      subjectKey: `consultation:${c.documentId}`,
      petition: p.documentId,
      organisation: p.organisation?.documentId,
      userId: caller.id,
      options: { organisationName: p.organisation?.name },
    });
  },

  /** The consultation record PDF of a booking, for the expert who wrote it (others download it from the case). */
  async recordFile(documentId: string, caller: Caller) {
    const b: any = await strapi.db.query(BOOKING).findOne({
      where: { documentId, expert: { user: { id: caller.id } } },
      select: ['id'],
      populate: { document: { select: ['documentId', 'kind', 'title', 'version', 'fileKey'], populate: { petition: { select: ['referenceNo'] } } } },
    });
    if (!b?.document?.fileKey) throw notFound('咨询记录不存在');
    const docs = getService(strapi, 'document');
    const bytes = await docs.fileBytes(b.document);
    await strapi.service('api::audit-entry.audit-entry').record({ action: 'download-document', targetUid: 'plugin::fangtiao.generated-document', targetDocumentId: b.document.documentId, detail: { kind: b.document.kind, version: b.document.version, booking: documentId } });
    return { bytes, ...docs.fileName(b.document, b.document.petition?.referenceNo) };
  },

  /** The expert's own bookings. */
  async myBookings(caller: Caller) {
    const p: any = await this.ownProfile(caller);
    return strapi.db.query(BOOKING).findMany({
      where: { expert: { id: p.id } },
      select: ['documentId', 'start', 'end', 'state', 'mode', 'opinionAt'],
      populate: { consultation: { select: ['documentId', 'question', 'field', 'urgency', 'level'] }, petition: { select: ['referenceNo'] } },
      orderBy: [{ start: 'asc' }],
      limit: 500,
    });
  },

  // ---------------------------------------------------------------- reminders and the admin calendar

  /**
   * Reminders 24 h and 1 h before each confirmed consultation, in-app and by email. Each is
   * claimed with a conditional update, so instances running it at once send it once. Returns the count.
   */
  async sendDueReminders(now: Date = new Date()): Promise<number> {
    const due: any[] = await strapi.db.query(BOOKING).findMany({
      where: { state: 'accepted', start: { $gt: now, $lte: new Date(now.getTime() + REMINDERS[0].before) } },
      select: ['id', 'documentId', 'start', 'remindedDay', 'remindedHour', 'mode'],
      populate: { expert: { populate: { user: { select: ['id'] } } }, consultation: { select: ['documentId', 'field'], populate: { requestedBy: { select: ['id'] } } }, petition: { select: ['referenceNo'], populate: { mediator: { select: ['id'] } } } },
      limit: 5000,
    });
    let sent = 0;
    for (const b of due) {
      const key = dueReminder(new Date(b.start), now, { day: !!b.remindedDay, hour: !!b.remindedHour });
      if (!key) continue;
      const field = key === 'day' ? 'remindedDay' : 'remindedHour';
      const data: Input = { [field]: true };
      if (key === 'hour') data.remindedDay = true;
      const { count } = await strapi.db.query(BOOKING).updateMany({ where: { id: b.id, [field]: false }, data });
      if (!count) continue;
      const r = REMINDERS.find((x) => x.key === key)!;
      await this.notify([b.expert?.user?.id, b.consultation?.requestedBy?.id, b.petition?.mediator?.id], {
        kind: 'consultation-reminder',
        title: `专家咨询提醒（${r.label}后）：${fmt(new Date(b.start))}`,
        body: `案件 ${b.petition?.referenceNo ?? ''} 的${label(b.consultation?.field ?? '')}咨询将于 ${fmt(new Date(b.start))} 开始（${(MODES as any)[b.mode] ?? ''}）。`,
        link: `/desk/#/consultations/${b.consultation?.documentId}`,
      });
      sent += 1;
    }
    return sent;
  },

  /** A pool's bookings in one Shanghai week (admin panel). */
  async poolWeek(poolDocumentId: string, weekOf: Date) {
    const pool: any = await strapi.db.query(POOL).findOne({ where: { documentId: poolDocumentId }, populate: { members: { select: ['id', 'documentId', 'displayName', 'status', 'availability'] } } });
    if (!pool) throw notFound('专家库不存在');
    const week = shanghaiWeek(weekOf.getTime());
    const ids = (pool.members ?? []).map((m: any) => m.id);
    const bookings: any[] = ids.length
      ? await strapi.db.query(BOOKING).findMany({
          where: { expert: { id: { $in: ids } }, start: { $gte: new Date(week.start), $lt: new Date(week.end) }, state: { $in: HOLDING_STATES.concat('done' as any) } },
          select: ['documentId', 'start', 'end', 'state', 'mode'],
          populate: { expert: { select: ['documentId'] }, petition: { select: ['referenceNo'] }, consultation: { select: ['field'] } },
          orderBy: { start: 'asc' },
        })
      : [];
    return {
      pool: { documentId: pool.documentId, name: pool.name, field: pool.field, level: pool.level },
      weekStart: new Date(week.start).toISOString(),
      weekEnd: new Date(week.end).toISOString(),
      experts: (pool.members ?? []).map((m: any) => ({ documentId: m.documentId, displayName: m.displayName, status: m.status, availability: json(m.availability, null) })),
      bookings: bookings.map((b) => ({ documentId: b.documentId, expert: b.expert?.documentId, start: b.start, end: b.end, state: b.state, mode: b.mode, field: b.consultation?.field, caseReference: b.petition?.referenceNo })),
    };
  },

  async pools() {
    return strapi.db.query(POOL).findMany({ select: ['documentId', 'name', 'field', 'level'], populate: { organisation: { select: ['name'] } }, orderBy: [{ level: 'desc' }, { name: 'asc' }] });
  },
});
