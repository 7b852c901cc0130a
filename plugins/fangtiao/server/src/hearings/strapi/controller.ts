import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import { contentDisposition } from '../../documents/file-names';
import { getService } from '../../utils/get-service';
import type { GetAdminWeek, GetResources, GetWeek } from '../../../../shared/contracts/schedule';
import type {
  CreateHearing,
  GetAnnouncements,
  GetHearing,
  GetHearings,
  GetKinds,
  GetPeople,
  GetRooms,
  HearingFile,
  MoveHearing,
  SearchSlots,
} from '../../../../shared/contracts/hearings';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy

function dataOf(ctx: Ctx): Record<string, any> {
  const data = ctx.request.body?.data ?? {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new errors.ValidationError('请求体 data 应为对象');
  return data;
}
function weekOf(ctx: Ctx) {
  const week = ctx.query.week ? new Date(String(ctx.query.week)) : new Date();
  if (Number.isNaN(week.getTime()))
    throw new errors.ValidationError('week 应为日期', { errors: [{ path: ['week'], message: 'week 应为日期' }] });
  return week;
}

/** Thin controllers over the hearings services. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async kinds(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'hearing-planning').kinds() } satisfies GetKinds.Response;
  },
  async rooms(ctx: Ctx<GetRooms.Request>) {
    ctx.body = {
      data: await getService(strapi, 'hearing-planning').rooms(ctx.query.organisation ? String(ctx.query.organisation) : undefined),
    } satisfies GetRooms.Response;
  },
  async people(ctx: Ctx<GetPeople.Request>) {
    ctx.body = {
      data: await getService(strapi, 'hearing-planning').people(caller(ctx), ctx.query.petition ? String(ctx.query.petition) : undefined),
    } satisfies GetPeople.Response;
  },
  async slots(ctx: Ctx<SearchSlots.Request>) {
    ctx.body = { data: await getService(strapi, 'hearings').search(dataOf(ctx), caller(ctx)) } satisfies SearchSlots.Response;
  },
  async create(ctx: Ctx<CreateHearing.Request>) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'hearings').create(dataOf(ctx), caller(ctx)) } satisfies CreateHearing.Response;
  },
  async find(ctx: Ctx<GetHearings.Request>) {
    ctx.body = { data: await getService(strapi, 'hearings').list(ctx.query ?? {}) } satisfies GetHearings.Response;
  },
  async mine(ctx: Ctx<GetHearings.Request>) {
    ctx.body = { data: await getService(strapi, 'hearings').mine(caller(ctx)) } satisfies GetHearings.Response;
  },
  async findOne(ctx: Ctx<GetHearing.Request>) {
    ctx.body = { data: await getService(strapi, 'hearings').view(ctx.params.id, caller(ctx)) } satisfies GetHearing.Response;
  },
  async reschedule(ctx: Ctx<MoveHearing.Request>) {
    ctx.body = {
      data: await getService(strapi, 'hearings').reschedule(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies MoveHearing.Response;
  },
  async cancel(ctx: Ctx<MoveHearing.Request>) {
    ctx.body = {
      data: await getService(strapi, 'hearings').cancel(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies MoveHearing.Response;
  },
  async minutes(ctx: Ctx<MoveHearing.Request>) {
    ctx.body = {
      data: await getService(strapi, 'hearings').recordMinutes(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies MoveHearing.Response;
  },
  async notice(ctx: Ctx<HearingFile.Request>) {
    const index = Number(ctx.params.index);
    if (!Number.isInteger(index) || index < 0) throw new errors.NotFoundError('通知书不存在');
    const f = await getService(strapi, 'hearing-notices').noticeFile(ctx.params.id, index, caller(ctx));
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', contentDisposition(f.name, f.ascii));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.bytes;
  },
  async record(ctx: Ctx<HearingFile.Request>) {
    const f = await getService(strapi, 'hearing-notices').minutesFile(ctx.params.id, caller(ctx));
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', contentDisposition(f.name, f.ascii));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.bytes;
  },
  async week(ctx: Ctx<GetWeek.Request>) {
    const { query } = ctx;
    const body: GetWeek.Response = {
      data: await getService(strapi, 'schedule-week').week(String(query.resource ?? 'me'), weekOf(ctx), caller(ctx)),
    };
    ctx.body = body;
  },
  /** Public: the announcements of upcoming public hearings (no names, no ID numbers). */
  async announcements(ctx: Ctx) {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { data: await getService(strapi, 'hearing-notices').announcements() } satisfies GetAnnouncements.Response;
  },
});

/** Admin panel: the week calendar of any person or room (听证排期). */
export const hearingsAdminController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async resources(ctx: Ctx) {
    const body: GetResources.Response = { data: await getService(strapi, 'schedule-week').resources() };
    ctx.body = body;
  },
  async week(ctx: Ctx<GetAdminWeek.Request>) {
    const { query } = ctx;
    // Without a caller every event is shown in full: no busy blocks.
    const week = await getService(strapi, 'schedule-week').week(String(query.resource ?? ''), weekOf(ctx), null);
    const body: GetAdminWeek.Response = { data: week as GetAdminWeek.Response['data'] };
    ctx.body = body;
  },
});
