import type { Core } from '@strapi/strapi';
import { authCacheMs } from './ttl-cache';
import { onAuthChange } from './cluster-bus';

const MAX = 10_000;

/**
 * Every content-API request first asks Strapi's API-token strategy whether its bearer is an
 * API token: a hash and a query, which for our users' JWTs always finds nothing. Such a miss
 * is kept for FANGTIAO_AUTH_CACHE_MS. That cannot let anyone in, and cannot keep a real token
 * out: a miss names the hash of a key no token had, and keys are 256 random bytes made when a
 * token is created or regenerated — which clears the misses anyway. Found tokens are never
 * kept, so a revoked or expired token is refused at once. At most MAX misses are kept.
 */
export function cacheApiTokenMisses(strapi: Core.Strapi, ttlMs = authCacheMs()) {
  if (!ttlMs) return;
  const service = strapi.service('admin::api-token-content-api') as any;
  if (!service?.getByAccessKey) return;
  const misses = new Map<string, number>();
  const lookUp = service.getByAccessKey.bind(service);
  service.getByAccessKey = async (hash: string, options?: unknown) => {
    const until = misses.get(hash);
    if (until !== undefined && until > Date.now()) return null;
    const token = await lookUp(hash, options);
    if (token == null && misses.size < MAX) misses.set(hash, Date.now() + ttlMs);
    return token;
  };
  const forget = () => misses.clear();
  onAuthChange(strapi, forget);
  strapi.db.lifecycles.subscribe({
    models: ['admin::api-token'],
    afterCreate: forget,
    afterCreateMany: forget,
    afterUpdate: forget,
    afterUpdateMany: forget,
  });
}
