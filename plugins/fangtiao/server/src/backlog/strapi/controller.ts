import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller;
const dataOf = (ctx: Ctx) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    const { results, pagination } = await getService(strapi, 'backlog').list(ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination } };
  },
  async findOne(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').get(ctx.params.id) };
  },
  async create(ctx: Ctx) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').create(dataOf(ctx), caller(ctx)) };
  },
  async update(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').update(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async progress(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').addProgress(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async resolve(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').resolve(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async supervision(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').supervision(ctx.query ?? {}, caller(ctx)) };
  },
  async tenures(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'backlog').tenures(ctx.query ?? {}) };
  },
  async handover(ctx: Ctx) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').handover(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
});
