import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';

const caller = (ctx: any) => ctx.state.caller as Caller;
const dataOf = (ctx: any) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const { results, pagination } = await getService(strapi, 'backlog').list(ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination } };
  },
  async findOne(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').get(ctx.params.id) };
  },
  async create(ctx: any) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').create(dataOf(ctx), caller(ctx)) };
  },
  async update(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').update(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async progress(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').addProgress(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async resolve(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').resolve(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async supervision(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').supervision(ctx.query ?? {}, caller(ctx)) };
  },
  async tenures(ctx: any) {
    ctx.body = { data: await getService(strapi, 'backlog').tenures(ctx.query ?? {}) };
  },
  async handover(ctx: any) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').handover(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
});
