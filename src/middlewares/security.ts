import type { Core } from '@strapi/strapi';
import { CSP_DEFAULTS } from '@strapi/utils';
import helmet from 'koa-helmet';
import { defaultsDeep } from 'lodash/fp';
import type { Context, Next } from 'koa';

type Middleware = (ctx: Context, next: Next) => unknown;
type Factory = (config: Record<string, unknown>, options: { strapi: Core.Strapi }) => Middleware;

/** strapi::security's own defaults (@strapi/core 5.54 middlewares/security.js), under the app's configuration. */
const DEFAULTS = {
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  contentSecurityPolicy: { useDefaults: true, directives: { ...CSP_DEFAULTS, upgradeInsecureRequests: null } },
  xssFilter: false,
  hsts: { maxAge: 31536000, includeSubDomains: true },
  frameguard: { action: 'sameorigin' },
};

/**
 * strapi::security with its headers built once. Strapi's deep-merges its defaults with the
 * configuration and builds helmet anew on every request, for a policy that is the same for
 * every request but a few: its API documentation, the admin panel's hot reload in development
 * (and a GraphQL playground, not installed here). Those it still serves itself, per request;
 * every other request gets the same headers from one helmet built at start — a twentieth of a
 * short request's CPU (README "Benchmarks"). test/api/strapi-middlewares.test.ts checks the
 * headers are Strapi's, byte for byte, on both kinds of path.
 */
export const securityBuiltOnce =
  (strapiSecurity: Factory): Factory =>
  (config, { strapi }) => {
    const perRequest = strapiSecurity(config, { strapi });
    const built = helmet(defaultsDeep(DEFAULTS, config)) as unknown as Middleware;
    const variesPerRequest = !!strapi.plugin('graphql');
    const adminPath = String(strapi.config.get('admin.path') ?? '/admin');
    const hotReload = ['development', 'test'].includes(process.env.NODE_ENV ?? '');
    return (ctx, next) =>
      variesPerRequest || (ctx.method === 'GET' && (ctx.path.startsWith('/documentation') || (hotReload && ctx.path.startsWith(adminPath))))
        ? perRequest(ctx, next)
        : built(ctx, next);
  };
