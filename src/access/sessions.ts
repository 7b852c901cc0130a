import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

/**
 * Sessions of the desk and the API (users-permissions with `jwtManagement: 'refresh'`).
 *
 * A login makes a session row in `strapi_sessions` (admin::session, origin users-permissions)
 * and answers a refresh token naming it and a short access token naming it too. Each refresh
 * marks the row `rotated`, pointing (`childId`) at a new row: one login is a chain of rows, a
 * "family". The plugin checks only the access token's signature and expiry, so an access token
 * would outlive its session by up to its lifetime; here every request also needs its session's
 * row (the row the token was minted from, rotated or not) to exist, and a session is ended by
 * deleting its whole family. The check reads the database on every request and is never
 * cached, so a session ended on one instance is refused on the next request everywhere.
 */
const ORIGIN = 'users-permissions';
const SESSION = 'admin::session';

type Row = Record<string, any>;
const sessions = (strapi: Core.Strapi) => strapi.db.query(SESSION as any);

/** True when the session row an access token was minted from still exists for this user and has not reached its absolute end. */
export async function isSessionLive(strapi: Core.Strapi, sessionId: unknown, userId: unknown): Promise<boolean> {
  if (typeof sessionId !== 'string' || !sessionId) return false;
  const row = await sessions(strapi).findOne({ where: { sessionId, origin: ORIGIN }, select: ['userId', 'absoluteExpiresAt'] });
  if (!row || String(row.userId) !== String(userId)) return false;
  return !row.absoluteExpiresAt || new Date(row.absoluteExpiresAt).getTime() > Date.now();
}

/**
 * Deletes the families of the given session rows: each row, the rows it was rotated from and
 * the rows it was rotated into. Only rows of `userId`. Returns how many rows were deleted.
 */
export async function endSessionFamilies(strapi: Core.Strapi, userId: string, sessionIds: string[]): Promise<number> {
  const query = sessions(strapi);
  const family = new Set<string>();
  const pending = sessionIds.filter((s) => typeof s === 'string' && s);
  while (pending.length) {
    const id = pending.pop()!;
    if (family.has(id)) continue;
    family.add(id);
    const self = await query.findOne({ where: { sessionId: id, origin: ORIGIN, userId }, select: ['childId'] });
    const parents = await query.findMany({ where: { childId: id, origin: ORIGIN, userId }, select: ['sessionId'] });
    if (self?.childId) pending.push(self.childId);
    for (const p of parents as Row[]) pending.push(p.sessionId);
  }
  if (!family.size) return 0;
  const { count } = await query.deleteMany({ where: { sessionId: { $in: [...family] }, origin: ORIGIN, userId } });
  return count;
}

/** Ends every session of these users (all devices). */
export async function endAllSessions(strapi: Core.Strapi, userIds: (string | number)[]): Promise<void> {
  if (!userIds.length) return;
  await sessions(strapi).deleteMany({ where: { origin: ORIGIN, userId: { $in: userIds.map(String) } } });
}

/**
 * Access tokens are accepted only while their session lives (see above). Replaces the plugin's
 * refresh-mode check, which read the user row instead (the strategy reads it next anyway,
 * through the user cache, and refuses a missing or blocked user).
 */
export function checkSessionOnEveryRequest(strapi: Core.Strapi) {
  const jwt = strapi.plugin('users-permissions').service('jwt');
  jwt.verify = async (token: string) => {
    const result = strapi.sessionManager(ORIGIN).validateAccessToken(token);
    const payload = result.isValid ? (result.payload as Row) : null;
    if (!payload || payload.type !== 'access' || !(await isSessionLive(strapi, payload.sessionId, payload.userId))) {
      throw new Error('Invalid token.');
    }
    return { id: Number(payload.userId) || payload.userId, sessionId: payload.sessionId };
  };
}

/**
 * A user's sessions end when their password, blocked flag, role or organisation changes
 * (an organisation is a jurisdiction: the caller's scope is cached per instance), or the user is
 * deleted — through any Strapi path (admin panel, plugin services, db.query), on whichever
 * instance makes the change. The rows before the change are read only when the change names
 * one of those fields. Raw SQL passes this by: then the strategy still refuses a blocked user
 * once the user cache (FANGTIAO_AUTH_CACHE_MS) lets go of the old row.
 */
export function endSessionsOnAccountChange(strapi: Core.Strapi) {
  const users = () => strapi.db.query(UID.user);
  const WATCHED = ['password', 'blocked', 'role', 'organisation'];
  const touchesWatched = (data: unknown) => !!data && typeof data === 'object' && WATCHED.some((k) => k in (data as Row));
  const snapshot = async (where: Row, many: boolean): Promise<Row[]> => {
    const params = {
      where,
      select: ['id', 'password', 'blocked'],
      populate: { role: { select: ['id'] }, organisation: { select: ['id'] } },
    };
    return many ? ((await users().findMany(params as any)) as Row[]) : [await users().findOne(params as any)].filter(Boolean);
  };
  const signature = (u: Row) => JSON.stringify([u.password ?? null, !!u.blocked, u.role?.id ?? null, u.organisation?.id ?? null]);
  const before = (many: boolean) => async (event: any) => {
    if (!touchesWatched(event.params?.data) || !event.params?.where) return;
    event.state.before = await snapshot(event.params.where, many);
  };
  const after = async (event: any) => {
    const old: Row[] | undefined = event.state.before;
    if (!old?.length) return;
    const now = await snapshot({ id: { $in: old.map((u) => u.id) } }, true);
    const byId = new Map(now.map((u) => [u.id, u]));
    const changed = old.filter((u) => !byId.has(u.id) || signature(u) !== signature(byId.get(u.id)!)).map((u) => u.id);
    await endAllSessions(strapi, changed);
  };
  const collectIds = async (event: any) => {
    if (!event.params?.where) return;
    event.state.ids = ((await users().findMany({ where: event.params.where, select: ['id'] })) as Row[]).map((u) => u.id);
  };
  const endCollected = async (event: any) => endAllSessions(strapi, event.state.ids ?? []);

  strapi.db.lifecycles.subscribe({
    models: [UID.user],
    beforeUpdate: before(false),
    beforeUpdateMany: before(true),
    afterUpdate: after,
    afterUpdateMany: after,
    beforeDelete: collectIds,
    beforeDeleteMany: collectIds,
    afterDelete: endCollected,
    afterDeleteMany: endCollected,
  });
}
