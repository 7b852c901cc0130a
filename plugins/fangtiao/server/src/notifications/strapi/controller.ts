import type { Core } from '@strapi/strapi';

const svc = (strapi: Core.Strapi) => strapi.plugin('fangtiao').service('notification');

/** The caller's own inbox; nobody reads anyone else's. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const { results, pagination, unread } = await svc(strapi).inbox(ctx.state.user.id, ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination, unread } };
  },
  async read(ctx: any) {
    ctx.body = { data: await svc(strapi).markRead(ctx.state.user.id, ctx.params.id) };
  },
});
