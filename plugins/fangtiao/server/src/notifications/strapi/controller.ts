import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { Ctx } from '../../utils/context';


/** The caller's own inbox; nobody reads anyone else's. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    const { results, pagination, unread } = await getService(strapi, 'notification').inbox(ctx.state.user.id, ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination, unread } };
  },
  async preferences(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'notification').preferences(ctx.state.user.id) };
  },
  async savePreferences(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'notification').savePreferences(ctx.state.user.id, ctx.request.body?.data ?? ctx.request.body) };
  },
  async read(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'notification').markRead(ctx.state.user.id, ctx.params.id) };
  },
});
