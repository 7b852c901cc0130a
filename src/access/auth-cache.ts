import type { Core } from '@strapi/strapi';

/**
 * Every authenticated request reads its role's permissions (two queries) and builds a CASL
 * ability from them — about a fifth of a list request's time. Both depend only on the role's
 * permission list, which changes when an admin edits a role, so each instance keeps them for
 * a few seconds: a permission edit takes effect within FANGTIAO_AUTH_CACHE_MS (default 5000;
 * 0 turns the cache off). Users themselves (blocked, role changed) are still read per request.
 */
export function cacheRolePermissions(strapi: Core.Strapi, ttlMs = Number(process.env.FANGTIAO_AUTH_CACHE_MS ?? 5000)) {
  if (!ttlMs) return;
  const memo = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, key: (...args: A) => string | null) => {
    const entries = new Map<string, { until: number; value: Promise<R> }>();
    return (...args: A): Promise<R> => {
      const k = key(...args);
      if (k === null) return fn(...args);
      const hit = entries.get(k);
      if (hit && hit.until > Date.now()) return hit.value;
      const value = fn(...args);
      entries.set(k, { until: Date.now() + ttlMs, value });
      value.catch(() => entries.delete(k));
      return value;
    };
  };

  const permissions = strapi.plugin('users-permissions').service('permission');
  permissions.findRolePermissions = memo(permissions.findRolePermissions.bind(permissions), (roleId: unknown) => String(roleId));

  const engine = strapi.contentAPI.permissions.engine as any;
  engine.generateAbility = memo(engine.generateAbility.bind(engine), (perms: { action: string }[], options: object = {}) =>
    Object.keys(options).length ? null : perms.map((p) => p.action).sort().join('|'),
  );
}
