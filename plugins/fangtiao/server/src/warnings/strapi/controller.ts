import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type { GetRules, GetWarning, GetWarnings, IssueNotice, MoveWarning, WarningAction } from '../../../../shared/contracts/warnings';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller;
const dataOf = (ctx: Ctx) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = (action: WarningAction) => async (ctx: Ctx<MoveWarning.Request>) => {
    ctx.body = {
      data: await getService(strapi, 'warning').move(ctx.params.id, action, dataOf(ctx), caller(ctx)),
    } satisfies MoveWarning.Response;
  };
  return {
    async find(ctx: Ctx<GetWarnings.Request>) {
      const { results, pagination } = await getService(strapi, 'warning').list(ctx.query ?? {}, caller(ctx));
      ctx.body = { data: results, meta: { pagination } } satisfies GetWarnings.Response;
    },
    async findOne(ctx: Ctx<GetWarning.Request>) {
      ctx.body = { data: await getService(strapi, 'warning').get(ctx.params.id) } satisfies GetWarning.Response;
    },
    acknowledge: step('acknowledge'),
    act: step('act'),
    close: step('close'),
    async notice(ctx: Ctx<IssueNotice.Request>) {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'warning').issueNotice(ctx.params.id, caller(ctx)) } satisfies IssueNotice.Response;
    },
    async rules(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'warning').rules() } satisfies GetRules.Response;
    },
  };
};
