import type { Core } from '@strapi/strapi';
import { throwIfInvalid } from '@fangtiao/kernel';
import { conflict, forbidden, refuse } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { unitsOf } from '../../experts/availability';
import { formatDateTime as fmt } from '@fangtiao/kernel/pure';
import { isUniqueViolation } from '../../schedule/strapi/service';
import { DEFAULT_WORK_CALENDAR } from '../calendar';
import { checkMinutes, DEFAULT_KINDS, HEARING_KINDS, planHearingMove, tally } from '../rules';
import { HEARING_UID } from './schema';
import { UID } from '../../constants';
import type { Participant, Plan } from './planning';
import { json } from '../../json';
import { getService } from '../../utils/get-service';
import { dbNames } from '../../utils/db-names';
import hearingReads from './reads';

const H = HEARING_UID.hearing;
const ROOM = HEARING_UID.room;
const DEFAULT_HORIZON_DAYS = 30;
const MAX_HORIZON_DAYS = 60;

type Input = Record<string, any>;

/**
 * Hearings and meetings (听证、三方会审、群众评议、联席会商): scheduling at a chosen or the
 * earliest slot (planning in ./planning.ts), rescheduling, cancelling and recording them;
 * loading, showing and listing them in ./reads.ts.
 * People and rooms hold their time in the busy grid, so a clash is refused by the database
 * (409) whoever commits first. Pure rules in ../rules.ts and ../calendar.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  ...hearingReads({ strapi }),

  planning() {
    return getService(strapi, 'hearing-planning');
  },

  grid() {
    return getService(strapi, 'schedule');
  },

  async indexes() {
    const { table, column: col } = dbNames(strapi, H);
    await strapi.db.connection.raw(
      `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_hearings_recurrence" ON "${table}" ("${col('recurrenceKey')}")`,
    );
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_hearings_start" ON "${table}" ("${col('start')}", "${col('state')}")`,
    );
  },

  /** The four hearing types and the working calendar, when missing. */
  async seed() {
    for (const k of DEFAULT_KINDS) {
      const found = await strapi.db.query(HEARING_UID.kind).findOne({ where: { code: k.code }, select: ['id'] });
      if (!found) await strapi.db.query(HEARING_UID.kind).create({ data: { ...k } });
    }
    const cal = await strapi.db.query(HEARING_UID.calendar).findOne({ select: ['id'] });
    if (!cal) await strapi.db.query(HEARING_UID.calendar).create({ data: { ...DEFAULT_WORK_CALENDAR } });
  },

  /** POST /hearings/slots: the earliest slots where everyone and a room are free. */
  async search(input: Input, caller: Caller) {
    // Searching for a new time of a scheduled hearing: its own time does not count as busy.
    const moving = input.hearing ? await this.load(String(input.hearing), caller) : null;
    const plan = moving ? await this.planning().replan(moving, input, caller) : await this.planning().plan(input, caller);
    const now = Date.now();
    const earliest = this.planning().earliestAllowed(plan, now);
    const days = input.days === undefined ? DEFAULT_HORIZON_DAYS : Number(input.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_HORIZON_DAYS)
      throwIfInvalid([{ path: ['days'], message: `查找范围应为1–${MAX_HORIZON_DAYS}天` }]);
    const asked = input.from ? Date.parse(input.from) : NaN;
    if (input.from && Number.isNaN(asked)) throwIfInvalid([{ path: ['from'], message: '开始日期无效' }]);
    const from = Math.max(earliest, Number.isNaN(asked) ? 0 : asked);
    const to = from + days * 86_400_000;
    const count = Math.min(Math.max(Number(input.count) || 5, 1), 20);
    const found = await this.planning().slotsFor(plan, from, to, count, moving ? { kind: 'h', id: moving.id } : undefined);
    return {
      ...found,
      earliestAllowed: new Date(earliest).toISOString(),
      horizonEnd: new Date(to).toISOString(),
      noticeWorkingDays: plan.urgent && plan.kind.code === 'joint_consultation' ? 0 : plan.kind.noticeWorkingDays,
    };
  },

  // ---------------------------------------------------------------- scheduling and moves

  /** POST /hearings: schedules at the chosen start (or the earliest slot), holds everyone's time, sends notices. */
  async create(input: Input, caller: Caller | null, extra: { recurrenceKey?: string; title?: string; now?: number } = {}) {
    const plan = await this.planning().plan(input, caller);
    const now = extra.now ?? Date.now();
    let roomRow = plan.room;
    let when: { start: Date; end: Date };
    if (input.start) {
      when = await this.planning().checkStart(plan, input.start, now);
      if (!roomRow && !plan.videoLink) {
        const found = await this.planning().slotsFor(plan, when.start.getTime(), when.end.getTime(), 1);
        roomRow = found.slots[0]?.room
          ? await strapi.db.query(ROOM).findOne({ where: { documentId: found.slots[0].room.documentId } })
          : null;
        if (!roomRow) throw conflict(await this.planning().clashMessage(plan, plan.people, unitsOf(when.start, when.end)));
      }
    } else {
      const from = this.planning().earliestAllowed(plan, now);
      const found = await this.planning().slotsFor(plan, from, from + DEFAULT_HORIZON_DAYS * 86_400_000, 1);
      if (!found.slots.length) throw conflict(`${DEFAULT_HORIZON_DAYS}天内找不到所有人员和会议室都空闲的时段`);
      when = { start: new Date(found.slots[0].start), end: new Date(found.slots[0].end) };
      roomRow = found.slots[0].room ? await strapi.db.query(ROOM).findOne({ where: { documentId: found.slots[0].room.documentId } }) : null;
    }
    const resources = [...plan.people, ...(roomRow ? [{ kind: 'r' as const, id: roomRow.id }] : [])];
    const units = unitsOf(when.start, when.end);
    const title =
      extra.title ?? (typeof input.title === 'string' && input.title.trim() ? input.title.trim().slice(0, 120) : defaultTitle(plan));
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
            history: [
              {
                action: 'schedule',
                by: caller?.id ?? null,
                role: caller?.role ?? 'system',
                start: when.start.toISOString(),
                end: when.end.toISOString(),
                at: new Date(now).toISOString(),
              },
            ],
            ...(extra.recurrenceKey ? { recurrenceKey: extra.recurrenceKey } : {}),
          },
        });
        await this.grid().hold({ kind: 'h', id: h.id }, resources, units);
        return h;
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict(await this.planning().clashMessage(plan, resources, units, undefined, roomRow));
      throw e;
    }
    await this.afterCommit('notices', () => this.notices().issueAll(created.documentId, caller, 'schedule'));
    return this.view(created.documentId);
  },

  /** Moves a scheduled hearing to a new start (and room); everyone gets a new notice. */
  async reschedule(documentId: string, input: Input, caller: Caller) {
    const h = await this.load(documentId, caller);
    const plan0 = planHearingMove(h.state, 'reschedule', input, Date.now(), new Date(h.start).getTime());
    if (!plan0.ok) refuse(plan0);
    const plan = await this.planning().replan(h, input, caller);
    const when = await this.planning().checkStart(plan, input.start, Date.now());
    const room = plan.room;
    const resources = [...plan.people, ...(room ? [{ kind: 'r' as const, id: room.id }] : [])];
    const units = unitsOf(when.start, when.end);
    const owner = { kind: 'h' as const, id: h.id };
    const entry = {
      action: 'reschedule',
      by: caller.id,
      role: caller.role,
      reason: String(input.reason).trim(),
      from: new Date(h.start).toISOString(),
      to: when.start.toISOString(),
      at: new Date().toISOString(),
    };
    try {
      await strapi.db.transaction(async () => {
        const { count } = await strapi.db
          .query(H)
          .updateMany({ where: { id: h.id, state: 'scheduled', start: h.start }, data: { start: when.start, end: when.end } });
        if (!count) throw conflict('会议已被他人修改，请刷新后重试');
        await this.grid().release(owner);
        await this.grid().hold(owner, resources, units);
        await strapi.db.query(H).update({
          where: { id: h.id },
          data: {
            room: room?.id ?? null,
            videoLink: plan.videoLink,
            history: [...json<any[]>(h.history, []), entry],
            remindedDay: false,
            remindedHour: false,
          },
        });
        await this.audit('hearing-reschedule', h.documentId, {
          from: entry.from,
          to: entry.to,
          room: room?.documentId ?? null,
          reason: entry.reason,
        });
      });
    } catch (e: any) {
      if (isUniqueViolation(e)) throw conflict(await this.planning().clashMessage(plan, resources, units, owner, room));
      throw e;
    }
    await this.afterCommit('notices', () => this.notices().issueAll(documentId, caller, 'reschedule', entry.reason));
    return this.view(documentId);
  },

  /** Cancels a scheduled hearing with a reason; everyone's time is freed and they are told. */
  async cancel(documentId: string, input: Input, caller: Caller) {
    const h = await this.load(documentId, caller);
    const p = planHearingMove(h.state, 'cancel', input, Date.now(), new Date(h.start).getTime());
    if (!p.ok) refuse(p);
    const reason = String(input.reason).trim();
    await strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(H).updateMany({
        where: { id: h.id, state: 'scheduled' },
        data: {
          state: 'cancelled',
          history: [
            ...json<any[]>(h.history, []),
            { action: 'cancel', by: caller.id, role: caller.role, reason, at: new Date().toISOString() },
          ],
        },
      });
      if (!count) throw conflict('会议已被他人修改，请刷新后重试');
      await this.grid().release({ kind: 'h', id: h.id });
      await this.audit('hearing-cancel', h.documentId, { start: new Date(h.start).toISOString(), reason });
    });
    await this.notices().tell(
      h,
      {
        title: `会议已取消：${h.title}`,
        body: `原定 ${fmt(new Date(h.start))} 的${(HEARING_KINDS as any)[h.kind]}已取消，原因：${reason}。`,
      },
      caller,
    );
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
      const { count } = await strapi.db
        .query(H)
        .updateMany({ where: { id: h.id, state: 'scheduled' }, data: { state: 'held', minutes, outcome: m.outcome } });
      if (!count) throw conflict('会议已被他人修改，请刷新后重试');
      let caseMove: Input | null = null;
      if (move) {
        const updated = await strapi
          .service('api::petition.petition-flow')
          .transition(
            h.petition.documentId,
            String(move.action ?? ''),
            move.input && typeof move.input === 'object' ? { ...move.input } : {},
            caller,
          );
        caseMove = { action: move.action, from: h.petition.state, to: updated.state, at: now.toISOString() };
      }
      await strapi.db.query(H).update({
        where: { id: h.id },
        data: {
          caseMove,
          history: [
            ...json<any[]>(h.history, []),
            { action: 'minutes', by: caller.id, role: caller.role, outcome: m.outcome, at: now.toISOString() },
          ],
        },
      });
      await this.audit('hearing-minutes', h.documentId, { outcome: m.outcome, caseMove, petition: h.petition?.documentId ?? null });
    });
    // The minutes as a PDF to print and sign (听证笔录), through the document service.
    await this.afterCommit('minutes PDF', () => this.notices().issueMinutes(documentId, caller));
    if (h.petition) {
      try {
        await getService(strapi, 'warning').scan({ petitionIds: [h.petition.id], kinds: ['hearing-outcome'] });
      } catch (e: any) {
        strapi.log.warn(`[hearings] warning scan after minutes failed: ${e.message}`);
      }
    }
    return this.view(documentId);
  },

  notices() {
    return getService(strapi, 'hearing-notices');
  },

  /**
   * Moves made with the query engine (below the document service, whose middleware audits
   * creates and updates) are written to the audit log here, inside the move's transaction:
   * a move that rolls back leaves no entry, and no move goes unrecorded.
   */
  async audit(action: string, documentId: string, detail: Record<string, unknown>) {
    await strapi.service(UID.auditEntry).record({ action, targetUid: H, targetDocumentId: documentId, detail });
  },

  /**
   * Papers issued once the hearing's own change has committed: if one fails (a full disk, a
   * font), the hearing stands as recorded and says so in the log; the view shows what exists.
   */
  async afterCommit(what: string, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (e: any) {
      strapi.log.error(`[hearings] ${what} not issued: ${e.message}`);
    }
  },
});

function defaultTitle(plan: Plan) {
  if (plan.petition) return `${plan.kind.name}：${plan.petition.referenceNo}`;
  return `${plan.organisation.name}${plan.kind.name}`;
}
