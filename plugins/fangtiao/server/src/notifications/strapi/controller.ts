import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';


/** The caller's own inbox; nobody reads anyone else's. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const { results, pagination, unread } = await getService(strapi, 'notification').inbox(ctx.state.user.id, ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination, unread } };
  },
  async preferences(ctx: any) {
    ctx.body = { data: await getService(strapi, 'notification').preferences(ctx.state.user.id) };
  },
  async savePreferences(ctx: any) {
    ctx.body = { data: await getService(strapi, 'notification').savePreferences(ctx.state.user.id, ctx.request.body?.data ?? ctx.request.body) };
  },
  async read(ctx: any) {
    ctx.body = { data: await getService(strapi, 'notification').markRead(ctx.state.user.id, ctx.params.id) };
  },
});
