import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';

const svc = (strapi: Core.Strapi) => strapi.plugin('fangtiao').service('warning');
const caller = (ctx: any) => ctx.state.caller as Caller;
const dataOf = (ctx: any) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = (action: string) => async (ctx: any) => {
    ctx.body = { data: await svc(strapi).move(ctx.params.id, action, dataOf(ctx), caller(ctx)) };
  };
  return {
    async find(ctx: any) {
      const { results, pagination } = await svc(strapi).list(ctx.query ?? {}, caller(ctx));
      ctx.body = { data: results, meta: { pagination } };
    },
    async findOne(ctx: any) {
      ctx.body = { data: await svc(strapi).get(ctx.params.id) };
    },
    acknowledge: step('acknowledge'),
    act: step('act'),
    close: step('close'),
    async notice(ctx: any) {
      ctx.status = 201;
      ctx.body = { data: await svc(strapi).issueNotice(ctx.params.id, caller(ctx)) };
    },
    async rules(ctx: any) {
      ctx.body = { data: await svc(strapi).rules() };
    },
  };
};
