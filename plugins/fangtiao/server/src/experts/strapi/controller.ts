import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import type { BookingAction } from '../rules';
import { contentDisposition } from '../../documents/file-names';
import { getService } from '../../utils/get-service';
import type { GetPoolWeek, GetPools } from '../../../../shared/contracts/experts';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy

function dataOf(ctx: Ctx): Record<string, any> {
  const data = ctx.request.body?.data ?? {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new errors.ValidationError('请求体 data 应为对象');
  return data;
}

/** Thin controllers over the experts service. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const move = (action: BookingAction) => async (ctx: Ctx) => {
    ctx.body = { data: await getService(strapi, 'experts').move(ctx.params.id, action, dataOf(ctx), caller(ctx)) };
  };
  return {
    async me(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').me(caller(ctx)) };
    },
    async updateMe(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').updateMe(caller(ctx), dataOf(ctx)) };
    },
    async regenerateToken(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').regenerateToken(caller(ctx)) };
    },
    async myBookings(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').myBookings(caller(ctx)) };
    },
    async desk(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').desk(caller(ctx)) };
    },
    /** Public by URL, guarded by the profile's private token. */
    async calendar(ctx: Ctx) {
      const body = await getService(strapi, 'experts').calendar(ctx.params.id, String(ctx.query.token ?? ''));
      ctx.set('Content-Type', 'text/calendar; charset=utf-8');
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = body;
    },
    async request(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'experts').request(ctx.params.id, dataOf(ctx), caller(ctx)) };
    },
    async forPetition(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').forPetition(ctx.params.id, caller(ctx)) };
    },
    async findOne(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').get(ctx.params.id, caller(ctx)) };
    },
    async cancelRequest(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').cancelRequest(ctx.params.id, dataOf(ctx), caller(ctx)) };
    },
    async suggestions(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'experts').suggestions(ctx.params.id, caller(ctx)) };
    },
    async book(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'experts').book(ctx.params.id, dataOf(ctx), caller(ctx)) };
    },
    async take(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'experts').take(ctx.params.id, dataOf(ctx), caller(ctx)) };
    },
    /** The booked expert's own consultation record (专家咨询记录). */
    async record(ctx: Ctx) {
      const f = await getService(strapi, 'experts').recordFile(ctx.params.id, caller(ctx));
      ctx.set('Content-Type', 'application/pdf');
      ctx.set('Content-Disposition', contentDisposition(f.name, f.ascii));
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = f.bytes;
    },
    accept: move('accept'),
    decline: move('decline'),
    cancel: move('cancel'),
    reschedule: move('reschedule'),
    opinion: move('opinion'),
  };
};

/** Admin panel: pools and a pool's week (专家排班). */
export const expertsAdminController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async pools(ctx: Ctx) {
    const body: GetPools.Response = { data: await getService(strapi, 'experts').pools() };
    ctx.body = body;
  },
  async poolWeek(ctx: Ctx<GetPoolWeek.Request>) {
    const { params, query } = ctx;
    const week = query.week ? new Date(String(query.week)) : new Date();
    if (Number.isNaN(week.getTime()))
      throw new errors.ValidationError('week 应为日期', { errors: [{ path: ['week'], message: 'week 应为日期' }] });
    const body: GetPoolWeek.Response = { data: await getService(strapi, 'experts').poolWeek(params.id, week) };
    ctx.body = body;
  },
});
