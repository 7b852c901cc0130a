import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';

const caller = (ctx: any) => ctx.state.caller as Caller;
const dataOf = (ctx: any) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = (action: string) => async (ctx: any) => {
    ctx.body = { data: await getService(strapi, 'warning').move(ctx.params.id, action, dataOf(ctx), caller(ctx)) };
  };
  return {
    async find(ctx: any) {
      const { results, pagination } = await getService(strapi, 'warning').list(ctx.query ?? {}, caller(ctx));
      ctx.body = { data: results, meta: { pagination } };
    },
    async findOne(ctx: any) {
      ctx.body = { data: await getService(strapi, 'warning').get(ctx.params.id) };
    },
    acknowledge: step('acknowledge'),
    act: step('act'),
    close: step('close'),
    async notice(ctx: any) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'warning').issueNotice(ctx.params.id, caller(ctx)) };
    },
    async rules(ctx: any) {
      ctx.body = { data: await getService(strapi, 'warning').rules() };
    },
  };
};
