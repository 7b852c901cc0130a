import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { GetInbox, MarkRead, NotificationPreferences } from '../../../../shared/contracts/notifications';
import type { Ctx } from '../../utils/context';

/** The caller's own inbox; nobody reads anyone else's. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx<GetInbox.Request>) {
    const { results, pagination, unread } = await getService(strapi, 'notification').inbox(ctx.state.user.id, ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination, unread } } satisfies GetInbox.Response;
  },
  async preferences(ctx: Ctx<NotificationPreferences.Request>) {
    ctx.body = { data: await getService(strapi, 'notification').preferences(ctx.state.user.id) } satisfies NotificationPreferences.Response;
  },
  async savePreferences(ctx: Ctx<NotificationPreferences.Request>) {
    ctx.body = {
      data: await getService(strapi, 'notification').savePreferences(ctx.state.user.id, ctx.request.body?.data ?? ctx.request.body),
    } satisfies NotificationPreferences.Response;
  },
  async read(ctx: Ctx<MarkRead.Request>) {
    ctx.body = { data: await getService(strapi, 'notification').markRead(ctx.state.user.id, ctx.params.id) } satisfies MarkRead.Response;
  },
});
