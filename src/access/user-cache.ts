import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { authCacheMs, TtlCache } from './ttl-cache';
import { onAuthChange } from './cluster-bus';

type Row = Record<string, any>;

const caches = new WeakMap<Core.Strapi, { users: TtlCache<Row | null>; callers: TtlCache<Row | null> }>();

/**
 * Who the caller is, kept per instance for FANGTIAO_AUTH_CACHE_MS (see ./ttl-cache).
 *
 * Every authenticated request loaded its user with its role (users-permissions: two queries),
 * the plugin's advanced settings (one query) and then, for our scoping, the user's role code
 * and organisation again (src/jurisdiction/current.ts: one query) — more than half of a list
 * request's time. Those rows change rarely, so they are kept like the role permissions
 * (./auth-cache): any write to a user, role or organisation through this instance clears
 * them at once (a blocked user is refused on its next request, a role change applies on the
 * next request); on PostgreSQL so does a write made by another instance or by raw SQL
 * (./cluster-bus), otherwise it is seen within the TTL.
 */
export function cacheAuthenticatedUsers(strapi: Core.Strapi, ttlMs = authCacheMs()) {
  caches.delete(strapi);
  if (!ttlMs) return;
  const users = new TtlCache<Row | null>(ttlMs);
  const callers = new TtlCache<Row | null>(ttlMs);
  caches.set(strapi, { users, callers });
  const forget = () => {
    users.clear();
    callers.clear();
  };
  strapi.db.lifecycles.subscribe({
    models: [UID.user, UID.role, UID.organisation],
    afterCreate: forget,
    afterCreateMany: forget,
    afterUpdate: forget,
    afterUpdateMany: forget,
    afterDelete: forget,
    afterDeleteMany: forget,
  });
  onAuthChange(strapi, forget);

  // A copy per request: the cached row must not be changed by one request under another.
  const userService = strapi.plugin('users-permissions').service('user');
  const fetchUser = userService.fetchAuthenticatedUser.bind(userService);
  userService.fetchAuthenticatedUser = async (id: number | string) => {
    if (strapi.db.inTransaction()) return fetchUser(id);
    const user = await users.get(String(id), () => fetchUser(id));
    return user && { ...user, role: user.role && { ...user.role } };
  };

  cacheAdvancedSettings(strapi, ttlMs);
}

/** The users-permissions "advanced" settings (email confirmation…), read on every request; a change through the store applies at once. */
function cacheAdvancedSettings(strapi: Core.Strapi, ttlMs: number) {
  const store = strapi.store as any;
  const settings = new TtlCache<unknown>(ttlMs);
  onAuthChange(strapi, () => settings.clear());
  const isAdvanced = (p: Row) => p.type === 'plugin' && p.name === 'users-permissions' && p.key === 'advanced' && !p.environment && !p.tag;
  const { get, set, delete: remove } = store;
  store.get = (params: Row) => (isAdvanced(params) ? settings.get('advanced', () => get(params)).then(structuredClone) : get(params));
  const writing = (write: (p: Row) => Promise<unknown>) => (params: Row) => {
    settings.clear();
    return write(params).finally(() => settings.clear());
  };
  store.set = writing(set);
  store.delete = writing(remove);
}

/**
 * The caller's row for src/jurisdiction/current.ts, from the cache when there is one.
 * Not cached when read inside a transaction, which may still roll back.
 */
export function cachedCallerRow(strapi: Core.Strapi, userId: number, load: () => Promise<Row | null>): Promise<Row | null> {
  const cache = caches.get(strapi)?.callers;
  if (!cache || strapi.db.inTransaction()) return load();
  return cache.get(String(userId), load);
}
