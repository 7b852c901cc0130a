import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { Ctx } from '../../utils/context';

/** Thin controllers: the case's follow-ups, and the mediator's record of one. */
export const performanceController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'performance').list(ctx.params.id) };
  },
  async record(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'performance').record(ctx.params.id, ctx.request.body?.data ?? {}, ctx.state.caller) };
  },
});
