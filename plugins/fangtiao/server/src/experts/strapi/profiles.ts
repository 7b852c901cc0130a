import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import { throwIfInvalid } from '@fangtiao/kernel';
import type { Caller } from '@fangtiao/kernel';
import { checkAvailability, shanghaiWeek, type Availability } from '../availability';
import { BOOKING_STATES, EXPERT_STATUSES, HOLDING_STATES, MODES, checkDeclarations, icalendar } from '../rules';
import { json } from '../../json';
import { BOOKING, POOL, PROFILE, PUBLIC_EXPERT, label, notFound, type Input } from './common';
import type { Pool, PoolWeek } from '../../../../shared/contracts/experts';

/**
 * The expert's own profile (availability, declarations, leave, the private calendar feed) and
 * the pools' week for the admin panel.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async profileOfUser(userId: number) {
    return strapi.db
      .query(PROFILE)
      .findOne({ where: { user: { id: userId } }, populate: { organisation: { select: ['name', 'code', 'level'] } } });
  },

  async ownProfile(caller: Caller) {
    const p = await this.profileOfUser(caller.id);
    if (!p) throw notFound('当前用户没有专家档案（请联系管理员）');
    return p;
  },

  calendarPath(p: any) {
    return p.calendarToken ? `/api/experts/${p.documentId}/calendar.ics?token=${p.calendarToken}` : null;
  },

  async me(caller: Caller) {
    const p = await this.ownProfile(caller);
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
    const p = await this.ownProfile(caller);
    const data: Input = {};
    const problems = [];
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
      if (!Object.keys(EXPERT_STATUSES).includes(input.status))
        problems.push({ path: ['status'], message: '状态应为 active（在岗）或 on_leave（休假）' });
      data.status = input.status;
    }
    for (const k of ['languages', 'tags']) {
      if (input[k] === undefined) continue;
      if (!Array.isArray(input[k]) || input[k].some((x: unknown) => typeof x !== 'string' || !x.trim() || x.length > 40))
        problems.push({ path: [k], message: '应为文字列表' });
      else data[k] = input[k].map((x: string) => x.trim()).slice(0, 30);
    }
    throwIfInvalid(problems);
    if (!Object.keys(data).length)
      throwIfInvalid([{ path: ['data'], message: '没有可修改的内容（availability、declarations、status、languages、tags）' }]);
    await strapi.documents(PROFILE).update({ documentId: p.documentId, data });
    return this.me(caller);
  },

  async regenerateToken(caller: Caller) {
    const p = await this.ownProfile(caller);
    const token = crypto.randomBytes(24).toString('base64url');
    await strapi.db.query(PROFILE).update({ where: { id: p.id }, data: { calendarToken: token } });
    return { calendarUrl: this.calendarPath({ ...p, calendarToken: token }) };
  },

  /** The private iCalendar feed: bookings holding the expert's time (and recent cancellations), no party names. */
  async calendar(documentId: string, token: string) {
    const p = await strapi.db
      .query(PROFILE)
      .findOne({ where: { documentId }, select: ['id', 'documentId', 'displayName', 'calendarToken'] });
    const ok =
      p?.calendarToken &&
      typeof token === 'string' &&
      token.length === p.calendarToken.length &&
      crypto.timingSafeEqual(Buffer.from(token), Buffer.from(p.calendarToken));
    if (!ok) throw notFound('日历不存在');
    const since = new Date(Date.now() - 90 * 86_400_000);
    const bookings = await strapi.db.query(BOOKING).findMany({
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
        status: status(b.state),
        updated: new Date(b.updatedAt ?? b.start),
      })),
    );
  },

  /** A pool's bookings in one Shanghai week (admin panel). */
  async poolWeek(poolDocumentId: string, weekOf: Date): Promise<PoolWeek> {
    const pool = await strapi.db.query(POOL).findOne({
      where: { documentId: poolDocumentId },
      populate: { members: { select: ['id', 'documentId', 'displayName', 'status', 'availability'] } },
    });
    if (!pool) throw notFound('专家库不存在');
    const week = shanghaiWeek(weekOf.getTime());
    const ids = (pool.members ?? []).map((m: any) => m.id);
    const bookings = ids.length
      ? await strapi.db.query(BOOKING).findMany({
          where: {
            expert: { id: { $in: ids } },
            start: { $gte: new Date(week.start), $lt: new Date(week.end) },
            state: { $in: HOLDING_STATES.concat('done') },
          },
          select: ['documentId', 'start', 'end', 'state', 'mode'],
          populate: { expert: { select: ['documentId'] }, petition: { select: ['referenceNo'] }, consultation: { select: ['field'] } },
          orderBy: { start: 'asc' },
        })
      : [];
    return {
      pool: { documentId: pool.documentId, name: pool.name, field: pool.field, level: pool.level },
      weekStart: new Date(week.start).toISOString(),
      weekEnd: new Date(week.end).toISOString(),
      experts: (pool.members ?? []).map((m: any) => ({
        documentId: m.documentId,
        displayName: m.displayName,
        status: m.status,
        availability: json(m.availability, null),
      })),
      bookings: bookings.map((b) => ({
        documentId: b.documentId,
        expert: b.expert?.documentId,
        start: b.start,
        end: b.end,
        state: b.state,
        mode: b.mode,
        field: b.consultation?.field,
        caseReference: b.petition?.referenceNo,
      })),
    };
  },

  async pools(): Promise<Pool[]> {
    return strapi.db.query(POOL).findMany({
      select: ['documentId', 'name', 'field', 'level'],
      populate: { organisation: { select: ['name'] } },
      orderBy: [{ level: 'desc' }, { name: 'asc' }],
    });
  },
});
