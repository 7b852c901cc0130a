import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';

const svc = (strapi: Core.Strapi) => strapi.plugin('fangtiao').service('backlog');
const caller = (ctx: any) => ctx.state.caller as Caller;
const dataOf = (ctx: any) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const { results, pagination } = await svc(strapi).list(ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination } };
  },
  async findOne(ctx: any) {
    ctx.body = { data: await svc(strapi).get(ctx.params.id) };
  },
  async create(ctx: any) {
    ctx.status = 201;
    ctx.body = { data: await svc(strapi).create(dataOf(ctx), caller(ctx)) };
  },
  async update(ctx: any) {
    ctx.body = { data: await svc(strapi).update(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async progress(ctx: any) {
    ctx.body = { data: await svc(strapi).addProgress(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async resolve(ctx: any) {
    ctx.body = { data: await svc(strapi).resolve(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
  async supervision(ctx: any) {
    ctx.body = { data: await svc(strapi).supervision(ctx.query ?? {}, caller(ctx)) };
  },
  async tenures(ctx: any) {
    ctx.body = { data: await svc(strapi).tenures(ctx.query ?? {}) };
  },
  async handover(ctx: any) {
    ctx.status = 201;
    ctx.body = { data: await svc(strapi).handover(ctx.params.id, dataOf(ctx), caller(ctx)) };
  },
});
