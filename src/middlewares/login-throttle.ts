import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../constants';
import { attempt } from '../access/login-throttle';
import { limitsFromEnv, lockedMessage } from '../access/login-throttle-rules';

type Config = { kind: 'login' | 'change-password' };

/** The plugin's answers to a wrong password: only these count as failures. */
const WRONG_PASSWORD = new Set(['Invalid identifier or password', 'The provided current password is invalid']);

/**
 * Route middleware on POST /auth/local and /auth/change-password (wired in
 * src/extensions/users-permissions), replacing the plugin's in-memory "10 requests a minute per
 * IP": failed attempts are counted per account and per IP in the database (src/access/
 * login-throttle.ts), successes are not, and a locked account or IP gets 429 with Retry-After.
 */
export default (config: Config, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: any, next: () => Promise<void>) => {
    const accountKey = await accountKeyOf(strapi, config.kind, ctx);
    const verdict = await attempt(strapi, accountKey, `ip:${ctx.request.ip}`, limitsFromEnv());
    if (!verdict.allowed) {
      ctx.set('Retry-After', String(verdict.retryAfter));
      throw new errors.RateLimitError(lockedMessage(verdict.kind, verdict.retryAfter), { retryAfter: verdict.retryAfter });
    }
    let outcome: 'failed' | 'succeeded' | 'other' = 'other';
    try {
      await next();
      if (ctx.status < 400) outcome = 'succeeded';
    } catch (e) {
      if (e instanceof errors.ValidationError && WRONG_PASSWORD.has(e.message)) outcome = 'failed';
      throw e;
    } finally {
      await verdict.settle(outcome);
    }
  };

/**
 * One counter per account however it is named: the identifier is looked up as the plugin does
 * (email in lower case, or username), so switching between email and username gains nothing.
 * An unknown identifier is counted under its own name.
 */
async function accountKeyOf(strapi: Core.Strapi, kind: Config['kind'], ctx: any): Promise<string> {
  if (kind === 'change-password') return `user:${ctx.state.user?.id ?? 'none'}`;
  const identifier = typeof ctx.request.body?.identifier === 'string' ? ctx.request.body.identifier.slice(0, 200) : '';
  if (!identifier) return 'name:';
  const user = await strapi.db.query(UID.user).findOne({
    where: { provider: 'local', $or: [{ email: identifier.toLowerCase() }, { username: identifier }] },
    select: ['id'],
  });
  return user ? `user:${user.id}` : `name:${identifier.toLowerCase()}`;
}
