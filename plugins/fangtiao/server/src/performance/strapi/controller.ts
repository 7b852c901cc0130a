import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { ListChecks, RecordCheck } from '../../../../shared/contracts/performance';
import type { Ctx } from '../../utils/context';

/** Thin controllers: the case's follow-ups, and the mediator's record of one. */
export const performanceController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx<ListChecks.Request>) {
    ctx.body = { data: await getService(strapi, 'performance').list(ctx.params.id) } satisfies ListChecks.Response;
  },
  async record(ctx: Ctx<RecordCheck.Request>) {
    ctx.body = {
      data: await getService(strapi, 'performance').record(ctx.params.id, ctx.request.body?.data ?? {}, ctx.state.caller),
    } satisfies RecordCheck.Response;
  },
});
