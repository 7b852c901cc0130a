import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

type Middleware = (ctx: Context, next: Next) => unknown;
type Factory = (config: unknown, options: { strapi: Core.Strapi }) => Middleware;

/**
 * strapi::logger, only when its line would be written. Strapi's logs every request at level
 * `http` through winston, which decides only deep in its stream whether the level is on: with
 * the level above `http` (STRAPI_LOG_LEVEL=info or warn, say, when the proxy in front logs the
 * requests) every request still paid for the line it dropped — a fortieth of a short request's
 * CPU (README "Benchmarks"). The level is read per request, so changing it at run time works.
 */
export const requestLogWhenEnabled =
  (strapiLogger: Factory): Factory =>
  (config, { strapi }) => {
    const log = strapiLogger(config, { strapi });
    const logger = strapi.log as unknown as { isLevelEnabled(level: string): boolean };
    return (ctx, next) => (logger.isLevelEnabled('http') ? log(ctx, next) : next());
  };
