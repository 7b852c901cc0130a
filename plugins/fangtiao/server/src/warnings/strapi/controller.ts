import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller;
const dataOf = (ctx: Ctx) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = (action: string) => async (ctx: Ctx) => {
    ctx.body = { data: await getService(strapi, 'warning').move(ctx.params.id, action, dataOf(ctx), caller(ctx)) };
  };
  return {
    async find(ctx: Ctx) {
      const { results, pagination } = await getService(strapi, 'warning').list(ctx.query ?? {}, caller(ctx));
      ctx.body = { data: results, meta: { pagination } };
    },
    async findOne(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'warning').get(ctx.params.id) };
    },
    acknowledge: step('acknowledge'),
    act: step('act'),
    close: step('close'),
    async notice(ctx: Ctx) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'warning').issueNotice(ctx.params.id, caller(ctx)) };
    },
    async rules(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'warning').rules() };
    },
  };
};
