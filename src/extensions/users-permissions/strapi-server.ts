import { endSessionFamilies } from '../../access/sessions';
import { guardReadParams } from '../../jurisdiction/query-guard';

/**
 * Every user belongs to one organisation (its jurisdiction) and has a display name.
 * Added to the users-permissions user model rather than copied into a schema.json of
 * our own, so upgrades of the plugin's own attributes still reach us.
 *
 * Sign-in (README "Sessions and sign-in"): login and password change are throttled on failed
 * attempts by global::login-throttle instead of the plugin's in-memory per-IP rate limit, and
 * logout and revoking a session end the session's whole family (src/access/sessions.ts).
 */
export default (plugin: any) => {
  const attributes = plugin.contentTypes.user.schema.attributes;
  attributes.organisation = {
    type: 'relation',
    relation: 'manyToOne',
    target: 'api::organisation.organisation',
  };
  attributes.fullName = { type: 'string' };
  // GET /users/me reads through the query engine, past the document service: the same query checks apply.
  const me = plugin.controllers.user.me;
  plugin.controllers.user.me = async (ctx: any) => {
    guardReadParams('plugin::users-permissions.user', { ...ctx.query }, (uid) => strapi.getModel(uid as any) as any, {
      jurisdiction: null,
      personal: 'none',
    });
    return me(ctx);
  };

  throttleFailedLogins(plugin);
  endWholeSessions(plugin);
  return plugin;
};

const THROTTLED: Record<string, 'login' | 'change-password'> = {
  'POST /auth/local': 'login',
  'POST /auth/change-password': 'change-password',
};

function throttleFailedLogins(plugin: any) {
  const router = plugin.routes['content-api'];
  router.routes = router.routes.map((route: any) => {
    const kind = THROTTLED[`${route.method} ${route.path}`];
    if (!kind) return route;
    const middlewares = (route.config?.middlewares ?? []).filter((m: unknown) => m !== 'plugin::users-permissions.rateLimit');
    return { ...route, config: { ...route.config, middlewares: [...middlewares, { name: 'global::login-throttle', config: { kind } }] } };
  });
}

function endWholeSessions(plugin: any) {
  const createAuth = plugin.controllers.auth;
  plugin.controllers.auth = ({ strapi }: { strapi: any }) => {
    const auth = createAuth({ strapi });
    return {
      ...auth,
      /** The plugin revokes only the newest row of the session; its older access tokens would live on. */
      async logout(ctx: any) {
        if (ctx.state.user) {
          const ids = [ctx.state.session?.id];
          const { refreshToken } = ctx.request.body ?? {};
          if (typeof refreshToken === 'string') {
            const checked = await strapi.sessionManager('users-permissions').validateRefreshToken(refreshToken);
            if (checked.isValid) ids.push(checked.sessionId);
          }
          await endSessionFamilies(strapi, String(ctx.state.user.id), ids.filter(Boolean));
        }
        return auth.logout(ctx);
      },
      async revokeSession(ctx: any) {
        if (!ctx.state.user) return ctx.unauthorized('Missing authentication');
        const ended = await endSessionFamilies(strapi, String(ctx.state.user.id), [String(ctx.params.sessionId)]);
        if (!ended) return ctx.notFound('Session not found');
        return ctx.send({ data: {} });
      },
    };
  };
}
