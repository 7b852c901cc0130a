import type { Core } from '@strapi/strapi';
import { authCacheMs, TtlCache } from './ttl-cache';
import { onAuthChange } from './cluster-bus';

/**
 * Every authenticated request reads its role's permissions (two queries) and builds a CASL
 * ability from them — about a fifth of a list request's time. Both depend only on the role's
 * permission list, which changes when an admin edits a role, so each instance keeps them for
 * a few seconds: a permission edit takes effect within FANGTIAO_AUTH_CACHE_MS (default 5000;
 * 0 turns the cache off) — at once on PostgreSQL, whose notices clear it (./cluster-bus). The users themselves are kept by ./user-cache.
 */
export function cacheRolePermissions(strapi: Core.Strapi, ttlMs = authCacheMs()) {
  if (!ttlMs) return;
  const memo = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, key: (...args: A) => string | null) => {
    const cache = new TtlCache<R>(ttlMs);
    onAuthChange(strapi, () => cache.clear());
    return (...args: A): Promise<R> => {
      const k = key(...args);
      return k === null ? fn(...args) : cache.get(k, () => fn(...args));
    };
  };

  const permissions = strapi.plugin('users-permissions').service('permission');
  permissions.findRolePermissions = memo(permissions.findRolePermissions.bind(permissions), (roleId: unknown) => String(roleId));

  const engine = strapi.contentAPI.permissions.engine as any;
  engine.generateAbility = memo(engine.generateAbility.bind(engine), (perms: { action: string }[], options: object = {}) =>
    Object.keys(options).length
      ? null
      : perms
          .map((p) => p.action)
          .sort()
          .join('|'),
  );
}
