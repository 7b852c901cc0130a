import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ROLES } from '@fangtiao/kernel/pure';
import type { Caller } from '@fangtiao/kernel';
import { inScope, SCOPE_COLUMNS } from '@fangtiao/kernel/pure';
import { userInScope } from '@fangtiao/kernel';
import { shanghaiWeek } from '../../experts/availability';
import { BOOKING_STATES, EXPERT_FIELDS } from '../../experts/rules';
import { EXPERT_UID } from '../../experts/strapi/schema';
import type { Resource } from '../../schedule/strapi/service';
import { dayKey } from '../calendar';
import { HEARING_KINDS, HEARING_STATES } from '../rules';
import { HEARING_UID } from './schema';
import { getService } from '../../utils/get-service';
import type { BusyBlock, ScheduleEvent, ScheduleResource, ScheduleWeek } from '../../../../shared/contracts/schedule';

const DAY_MS = 86_400_000;
const BUSY = '忙';

/**
 * What an event outside the caller's jurisdiction shows on a shared calendar (a city-pool
 * expert, a colleague who also sits elsewhere): that the time is taken, and nothing of the
 * case — no number, title, place, state or link.
 */
const busyBlock = (e: { start: string; end: string }): BusyBlock => ({
  type: 'busy',
  documentId: null,
  title: BUSY,
  label: BUSY,
  state: null,
  stateLabel: null,
  start: e.start,
  end: e.end,
  place: null,
  caseReference: null,
});
const notFound = () => new errors.NotFoundError('日程对象不存在或不在管辖范围内');

/**
 * Week calendars (周日程) of one person or room: hearings and expert consultations together,
 * read from the busy grid (what holds the resource's time) — the desk shows the caller's own
 * or, for staff, a colleague's or a room's in their jurisdiction; the admin panel any.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `me`, `user:<documentId>`, `expert:<documentId>` or `room:<documentId>`, checked against the caller. */
  async resolve(ref: string, caller: Caller | null): Promise<{ resource: Resource; name: string; kind: 'user' | 'expert' | 'room' }> {
    const [type, id] = String(ref || 'me').split(':');
    if (type === 'me' && caller) {
      const x = await strapi.db.query(EXPERT_UID.profile).findOne({ where: { user: { id: caller.id } }, select: ['id', 'displayName'] });
      if (x) return { resource: { kind: 'e', id: x.id }, name: x.displayName, kind: 'expert' };
      const me = await strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { id: caller.id }, select: ['username', 'fullName'] });
      return { resource: { kind: 'u', id: caller.id }, name: me?.fullName || caller.username, kind: 'user' };
    }
    // Experts see only their own calendar.
    if (caller && caller.role === 'expert') throw notFound();
    const key = id && /^\d+$/.test(id) && !caller ? { id: Number(id) } : { documentId: id };
    if (type === 'user') {
      const u = caller
        ? await userInScope(strapi, caller.jurisdiction, id)
        : await strapi.db.query('plugin::users-permissions.user').findOne({ where: key, select: ['id', 'username', 'fullName'] });
      if (!u) throw notFound();
      return { resource: { kind: 'u', id: u.id }, name: u.fullName || u.username, kind: 'user' };
    }
    if (type === 'expert') {
      const x = await strapi.db.query(EXPERT_UID.profile).findOne({ where: key, select: ['id', 'displayName'] });
      if (!x) throw notFound();
      return { resource: { kind: 'e', id: x.id }, name: x.displayName, kind: 'expert' };
    }
    if (type === 'room') {
      const r = caller
        ? await strapi.documents(HEARING_UID.room).findOne({ documentId: id, fields: ['id', 'name'] })
        : await strapi.db.query(HEARING_UID.room).findOne({ where: key, select: ['id', 'name'] });
      if (!r) throw notFound();
      return { resource: { kind: 'r', id: r.id }, name: r.name, kind: 'room' };
    }
    throw new errors.ValidationError('resource 应为 me、user:<id>、expert:<id> 或 room:<id>', {
      errors: [{ path: ['resource'], message: '日程对象无效' }],
    });
  },

  /**
   * The Shanghai week containing `weekOf` for a resource: events, office hours and days off.
   * The caller's own calendar and the admin panel show every event in full; any other shows
   * events outside the caller's jurisdiction as busy blocks only.
   */
  async week(ref: string, weekOf: Date, caller: Caller | null): Promise<ScheduleWeek> {
    const target = await this.resolve(ref, caller);
    const own = !caller || String(ref || 'me') === 'me';
    const readable = (row: any) => own || (!!caller?.jurisdiction && inScope(caller.jurisdiction, row));
    const week = shanghaiWeek(weekOf.getTime());
    const owners = await getService(strapi, 'schedule').ownersOf(target.resource, week.start, week.end);
    const ids = (k: string) => [...new Set<number>(owners.filter((o) => o.kind === k).map((o) => o.id))];
    const hearingIds = ids('h');
    const bookingIds = ids('b');
    const hearings = hearingIds.length
      ? await strapi.db.query(HEARING_UID.hearing).findMany({
          where: { id: { $in: hearingIds } },
          select: ['documentId', 'kind', 'title', 'state', 'start', 'end', 'videoLink', ...SCOPE_COLUMNS],
          populate: { room: { select: ['name'] }, petition: { select: ['referenceNo'] } },
        })
      : [];
    const bookings = bookingIds.length
      ? await strapi.db.query(EXPERT_UID.booking).findMany({
          where: { id: { $in: bookingIds } },
          select: ['documentId', 'state', 'start', 'end', 'mode', ...SCOPE_COLUMNS],
          populate: { consultation: { select: ['documentId', 'field'] }, petition: { select: ['referenceNo'] } },
        })
      : [];
    const events = [
      ...hearings.filter((h) => !readable(h)).map(busyBlock),
      ...bookings.filter((b) => !readable(b)).map(busyBlock),
      ...hearings.filter(readable).map(
        (h): ScheduleEvent => ({
          type: 'hearing',
          documentId: h.documentId,
          title: h.title,
          label: (HEARING_KINDS as any)[h.kind],
          state: h.state,
          stateLabel: (HEARING_STATES as any)[h.state],
          start: h.start,
          end: h.end,
          place: h.room?.name ?? (h.videoLink ? '视频会议' : null),
          caseReference: h.petition?.referenceNo ?? null,
        }),
      ),
      ...bookings.filter(readable).map(
        (b): ScheduleEvent => ({
          type: 'consultation',
          documentId: b.consultation?.documentId ?? b.documentId,
          title: `专家咨询（${(EXPERT_FIELDS as any)[b.consultation?.field] ?? ''}）`,
          label: '专家咨询',
          state: b.state,
          stateLabel: (BOOKING_STATES as any)[b.state],
          start: b.start,
          end: b.end,
          place: null,
          caseReference: b.petition?.referenceNo ?? null,
        }),
      ),
    ].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime());
    const cal = await getService(strapi, 'hearing-planning').calendar();
    const days = Array.from({ length: 7 }, (_, i) => {
      const d = week.start + i * DAY_MS;
      return { date: dayKey(d), working: cal.isWorkingDay(d) };
    });
    return {
      resource: { type: target.kind, name: target.name },
      weekStart: new Date(week.start).toISOString(),
      weekEnd: new Date(week.end).toISOString(),
      hours: cal.source.hours,
      days,
      events,
    };
  },

  /** People and rooms for the admin panel's pickers. */
  async resources(): Promise<ScheduleResource[]> {
    const users = await strapi.db.query('plugin::users-permissions.user').findMany({
      where: { blocked: false, role: { type: { $in: ['leader', 'clerk', 'mediator', 'supervisor'] } } },
      select: ['id', 'username', 'fullName'],
      populate: { role: { select: ['type'] }, organisation: { select: ['name'] } },
      orderBy: { username: 'asc' },
      limit: 1000,
    });
    const experts = await strapi.db
      .query(EXPERT_UID.profile)
      .findMany({ select: ['id', 'displayName'], orderBy: { displayName: 'asc' }, limit: 1000 });
    const rooms = await strapi.db.query(HEARING_UID.room).findMany({
      where: { active: true },
      select: ['id', 'name', 'capacity'],
      populate: { organisation: { select: ['name'] } },
      orderBy: { name: 'asc' },
      limit: 500,
    });
    return [
      ...users.map((u) => ({
        ref: `user:${u.id}`,
        label: `${u.fullName || u.username}（${u.organisation?.name ?? ''}·${(ROLES as any)[u.role?.type]?.name ?? u.role?.type ?? ''}）`,
        group: '人员' as const,
      })),
      ...experts.map((x) => ({ ref: `expert:${x.id}`, label: x.displayName, group: '专家' as const })),
      ...rooms.map((r) => ({
        ref: `room:${r.id}`,
        label: `${r.name}（${r.organisation?.name ?? ''}，${r.capacity}人）`,
        group: '会议室' as const,
      })),
    ];
  },
});
