import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { conflict, forbidden, refuse, throwIfInvalid } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { formatDateTime as fmt } from '@fangtiao/kernel/pure';
import { covers, unitsOf, type Availability } from '../availability';
import { MODES, REMINDERS, REQUESTER_ROLES, checkSlot, conflictOf, dueReminder, planBookingMove, type BookingAction } from '../rules';
import { json } from '../../json';
import { isUniqueViolation } from '../../schedule/strapi/service';
import { getService } from '../../utils/get-service';
import { BOOKING, CONSULT, PROFILE, PUBLIC_EXPERT, label, notFound, notify, type Input } from './common';

/** What those concerned are told after each move. */
const MOVE_VERBS: Record<string, string> = {
  accept: '专家已确认',
  decline: '专家已婉拒',
  cancel: '预约已取消',
  reschedule: '预约已改期',
  opinion: '专家已出具咨询意见',
};

/** What a move reads and writes of the booking it acts on (loaded by `loadForMove`). */
type Moving = {
  id: number;
  documentId: string;
  state: string;
  start: string | Date;
  end: string | Date;
  expert: { id: number; availability: unknown };
  consultation: { id: number };
};

/**
 * A reschedule's new slot, checked against the expert's availability; notes the move in the
 * history `entry` and the new times in `data`.
 */
function rescheduled(b: Moving, input: Input, now: Date, entry: Input, data: Input) {
  const from = new Date(b.start);
  const slot = checkSlot(input, (new Date(b.end).getTime() - from.getTime()) / 60_000, now);
  throwIfInvalid(slot.errors);
  const start = slot.start!;
  const end = slot.end!;
  if (!covers(json<Availability | null>(b.expert.availability, null), start.getTime(), end.getTime()))
    throw conflict('所选时段不在该专家的可预约时间内');
  entry.from = from.toISOString();
  entry.to = start.toISOString();
  Object.assign(data, { start, end, remindedDay: false, remindedHour: false });
  return { start, end };
}

/**
 * Booking an expert (预约): eligibility, the clash-free booking on the busy grid shared with
 * hearings (one row per 30-minute unit, UNIQUE per resource and unit, in the booking's
 * transaction), an expert taking a request, the booking's moves, the consultation record,
 * reminders. The expert's desk and own bookings: expert-desk.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  grid: () => getService(strapi, 'schedule'),
  matching: () => getService(strapi, 'expert-matching'),
  profiles: () => getService(strapi, 'expert-profiles'),

  /**
   * Whether the expert is not conflicted, and in a pool this consultation may draw on.
   * Conflict first: an expert who must stand aside is a 409 whichever pool he sits in (after
   * an escalation the county expert who stood aside is no longer in the consultation's pool,
   * and "not in the pool" would hide why).
   */
  async eligibility(c: any, expert: any) {
    const declarations = json<any[]>(expert.declarations, []);
    // The case's parties are read only when the expert declared something.
    const petition = declarations.length
      ? await strapi.db.query(UID.petition).findOne({ where: { id: c.petition.id }, populate: { parties: true } })
      : null;
    const reason = petition ? conflictOf(declarations, { petition: petition.documentId, parties: petition.parties ?? [] }) : null;
    if (reason) {
      const recusals = json<any[]>(c.recusals, []);
      if (!recusals.some((r) => r.expert === expert.id)) {
        recusals.push({ expert: expert.id, reason, level: c.level, at: new Date().toISOString() });
        await strapi.db.query(CONSULT).update({ where: { id: c.id }, data: { recusals } });
      }
      return { ok: false as const, status: 409 as const, reason: `该专家须回避：${reason}` };
    }
    const rows = await this.matching().candidates(c.level, c.field, c, expert.id);
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
            history: [
              {
                action: state === 'accepted' ? 'take' : 'book',
                by: caller.id,
                role: caller.role,
                start: start.toISOString(),
                end: end.toISOString(),
                at: new Date().toISOString(),
              },
            ],
          },
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
    const c = await strapi.documents(CONSULT).findOne({
      documentId,
      populate: {
        petition: { fields: ['id', 'referenceNo'], populate: { mediator: { fields: ['id'] } } },
        requestedBy: { fields: ['id'] },
      },
    });
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
    const expert: any = await strapi.db
      .query(PROFILE)
      .findOne({ where: { documentId: input.expert }, populate: { user: { select: ['id'] } } });
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
      const load = (await this.matching().weekLoad([expert.id], start.getTime())).get(expert.id) ?? 0;
      if (load >= expert.weeklyLimit) throw conflict(`该专家本周的预约已达上限（${expert.weeklyLimit}次）`);
    }
    const b = await this.insertBooking({ consultation: c, expert, start, end, state, caller });
    const when = fmt(start);
    await notify(
      strapi,
      [expert.user?.id, c.petition?.mediator?.id, c.requestedBy?.id].filter((id) => id !== caller.id),
      {
        // Asked of the expert (a request to answer) or confirmed at once (the expert took it).
        kind: state === 'requested' ? 'consultation-request' : 'consultation-booking',
        title: state === 'accepted' ? `专家已接受咨询：${when}` : `新的专家咨询预约：${when}`,
        body: `案件 ${c.petition?.referenceNo ?? ''}，${label(c.field)}咨询，${(MODES as any)[c.mode] ?? ''}，${when}。`,
        link: `/desk/#/consultations/${c.documentId}`,
      },
    );
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
      populate: {
        expert: { select: PUBLIC_EXPERT },
        consultation: { select: ['documentId', 'state', 'level'] },
        document: { select: ['documentId', 'kind', 'title', 'version', 'verificationCode'] },
      },
    });
    return b;
  },

  /** An expert takes an open request of its pools, booking a slot of its own availability. */
  async take(documentId: string, input: Input, caller: Caller) {
    const p = await this.profiles().ownProfile(caller);
    const c = await strapi.db.query(CONSULT).findOne({
      where: { documentId },
      populate: {
        petition: { select: ['id', 'documentId', 'referenceNo'], populate: { mediator: { select: ['id'] } } },
        requestedBy: { select: ['id'] },
      },
    });
    if (!c) throw notFound('咨询申请不存在');
    const rows = await this.matching().candidates(c.level, c.field, c, p.id);
    if (!rows.length) throw notFound('咨询申请不存在');
    const slot = checkSlot(input, c.minutes ?? 60, new Date());
    throwIfInvalid(slot.errors);
    return this.bookChecked(c, { ...p, user: { id: caller.id } }, slot.start!, slot.end!, 'accepted', caller);
  },

  /** Accept, decline, cancel, reschedule or record the opinion; every change notifies those concerned. */
  async move(documentId: string, action: BookingAction, input: Input, caller: Caller) {
    const b = await this.loadForMove(documentId, caller);
    const isExpert = b.expert?.user?.id === caller.id;
    const isRequesterSide = REQUESTER_ROLES.includes(caller.role ?? '');
    const plan = planBookingMove(b.state, action, { isExpert, isRequesterSide }, input);
    if (!plan.ok) refuse(plan);
    const to = plan.to;
    const reason = typeof input.reason === 'string' ? input.reason.trim() : null;
    const now = new Date();
    const entry: Input = { action, by: caller.id, role: caller.role, at: now.toISOString(), ...(reason ? { reason } : {}) };
    const data: Input = { state: to };
    let start = new Date(b.start);
    let end = new Date(b.end);
    if (action === 'reschedule') {
      ({ start, end } = rescheduled(b, input, now, entry, data));
      // The expert moving its own booking confirms it; a move by the case side asks the expert again.
      data.state = isExpert ? 'accepted' : 'requested';
    }
    let document: any = null;
    if (action === 'opinion') {
      const conclusion = typeof input.conclusion === 'string' ? input.conclusion.trim() : undefined;
      document = await this.issueRecord(b, String(input.opinion).trim(), conclusion, caller);
      Object.assign(data, { opinion: String(input.opinion).trim(), opinionAt: now, document: document.id });
    }
    data.history = [...json<any[]>(b.history, []), entry];
    await this.applyMove(b, action, to, data, { start, end, now, document });
    await notify(
      strapi,
      [b.expert?.user?.id, b.consultation?.requestedBy?.id, b.petition?.mediator?.id].filter((id) => id && id !== caller.id),
      {
        kind: action === 'opinion' ? 'consultation-answer' : 'consultation-booking',
        title: `${MOVE_VERBS[action]}：${fmt(start)}`,
        body: `案件 ${b.petition?.referenceNo ?? ''} 的专家咨询${reason ? `，原因：${reason}` : ''}。`,
        link: `/desk/#/consultations/${b.consultation?.documentId}`,
      },
    );
    return this.bookingView(documentId);
  },

  /** The booking a move acts on, with who is concerned: the expert sees its own, others only inside their jurisdiction (404). */
  async loadForMove(documentId: string, caller: Caller) {
    const b: any = await strapi.db.query(BOOKING).findOne({
      where: { documentId },
      populate: {
        expert: { populate: { user: { select: ['id'] }, organisation: { select: ['name'] } } },
        consultation: { populate: { requestedBy: { select: ['id'] } } },
        petition: {
          select: ['id', 'documentId', 'referenceNo', 'subject'],
          populate: { mediator: { select: ['id'] }, leader: { select: ['id'] }, organisation: { select: ['name', 'documentId'] } },
        },
      },
    });
    const isExpert = !!b && b.expert?.user?.id === caller.id;
    if (!b || (!isExpert && !(await strapi.documents(BOOKING).findOne({ documentId, fields: ['id'] })))) throw notFound('预约不存在');
    return b;
  },

  /**
   * Writes a planned move in one transaction: the row taken first (so two moves cannot both
   * pass from the same state), the grid units released or moved, the booking, the consultation.
   */
  async applyMove(
    b: Moving,
    action: BookingAction,
    to: string,
    data: Input,
    at: { start: Date; end: Date; now: Date; document: { id: number } | null },
  ) {
    try {
      await strapi.db.transaction(async () => {
        const { count } = await strapi.db.query(BOOKING).updateMany({ where: { id: b.id, state: b.state }, data: { updatedAt: at.now } });
        if (!count) throw conflict('预约已被他人修改，请刷新后重试');
        if (['declined', 'cancelled'].includes(to) || action === 'reschedule') await this.grid().release({ kind: 'b', id: b.id });
        if (action === 'reschedule')
          await this.grid().hold({ kind: 'b', id: b.id }, [{ kind: 'e', id: b.expert.id }], unitsOf(at.start, at.end));
        await strapi.documents(BOOKING).update({ documentId: b.documentId, data });
        if (['declined', 'cancelled'].includes(to))
          await strapi.db.query(CONSULT).update({ where: { id: b.consultation.id }, data: { state: 'open' } });
        if (action === 'opinion')
          await strapi.db
            .query(CONSULT)
            .update({ where: { id: b.consultation.id }, data: { state: 'done', opinionDocument: at.document?.id } });
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict('该专家在这一时段已有预约');
      throw e;
    }
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

  /**
   * Reminders 24 h and 1 h before each confirmed consultation, in-app and by email. Each is
   * claimed with a conditional update, so instances running it at once send it once. Returns the count.
   */
  async sendDueReminders(now: Date = new Date()): Promise<number> {
    const due = await strapi.db.query(BOOKING).findMany({
      where: { state: 'accepted', start: { $gt: now, $lte: new Date(now.getTime() + REMINDERS[0].before) } },
      select: ['id', 'documentId', 'start', 'remindedDay', 'remindedHour', 'mode'],
      populate: {
        expert: { populate: { user: { select: ['id'] } } },
        consultation: { select: ['documentId', 'field'], populate: { requestedBy: { select: ['id'] } } },
        petition: { select: ['referenceNo'], populate: { mediator: { select: ['id'] } } },
      },
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
      await notify(strapi, [b.expert?.user?.id, b.consultation?.requestedBy?.id, b.petition?.mediator?.id], {
        kind: 'consultation-reminder',
        title: `专家咨询提醒（${r.label}后）：${fmt(new Date(b.start))}`,
        body: `案件 ${b.petition?.referenceNo ?? ''} 的${label(b.consultation?.field ?? '')}咨询将于 ${fmt(new Date(b.start))} 开始（${(MODES as any)[b.mode] ?? ''}）。`,
        link: `/desk/#/consultations/${b.consultation?.documentId}`,
      });
      sent += 1;
    }
    return sent;
  },
});
