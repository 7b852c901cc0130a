import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentCaller, type Caller } from './current';
import { scopeFilter, type Jurisdiction } from './scope';

/**
 * Jurisdiction in the query engine: while an end user's request is served, every
 * `strapi.db.query(...)` read, update or delete of case data — whichever module makes it,
 * the app's services or the plugin's — carries the caller's scope, and so does every relation
 * to case data it populates, at any depth. The document-service middleware
 * (document-middleware.ts) checks and scopes what the client asked for; this hook is the floor
 * under every module's own queries, so a service that forgets its scope returns nothing
 * foreign rather than a leak. Lifecycle hooks are the one seam Strapi runs for every query-
 * engine call (the document service's included); raw SQL does not pass them, and goes through
 * `caseSql` (case-sql.ts) instead. Cron jobs, bootstrap and the admin panel have no end-user
 * caller and are not scoped; a deliberate cross-jurisdiction read inside a request (the city's
 * repeat link) says so with `asSystem(reason, fn)`.
 */

const system = new AsyncLocalStorage<string>();

/** Runs `fn` outside the caller's jurisdiction, for a reason the code states. */
export function asSystem<T>(reason: string, fn: () => Promise<T>): Promise<T> {
  if (!reason) return Promise.reject(new Error('asSystem needs a reason'));
  return system.run(reason, fn);
}

/** Why the current code runs unscoped, if it does by `asSystem`. */
export const systemReason = (): string | undefined => system.getStore();

/**
 * Case data: what a case holds and says about people. Each of these types carries the scope
 * columns. Scheduling resources (hearings, consultations and their bookings, rooms, expert
 * profiles and pools, calendars) are not listed: their cross-county reads are by design
 * (a city pool serves every county; a shared expert's busy blocks stop double bookings) and
 * their modules decide access. `exempt` lists roles whose access the module decides itself
 * (an expert reads the opinion document of a consultation put to them, whatever the county).
 */
export const CASE_DATA: Readonly<Record<string, { exempt: readonly string[] }>> = {
  'api::petition.petition': { exempt: [] },
  'api::visit.visit': { exempt: [] },
  'api::petition-move.petition-move': { exempt: [] },
  'api::mediation-session.mediation-session': { exempt: [] },
  'plugin::fangtiao.credit-flag': { exempt: [] },
  'plugin::fangtiao.credit-flag-move': { exempt: [] },
  'plugin::fangtiao.warning': { exempt: [] },
  'plugin::fangtiao.backlog-package': { exempt: [] },
  'plugin::fangtiao.generated-document': { exempt: ['expert'] },
  'plugin::fangtiao.case-file': { exempt: [] },
  'plugin::fangtiao.performance-check': { exempt: [] },
  'plugin::fangtiao.case-subsidy': { exempt: [] },
  'plugin::fangtiao.attachment': { exempt: [] },
};

/** Whether a query on `uid` by a caller of `role` gets the scope. */
const scopes = (uid: string, role: string | null): boolean => !!CASE_DATA[uid] && !(role && CASE_DATA[uid].exempt.includes(role));

const and = (a: unknown, b: Record<string, unknown>) => (a && typeof a === 'object' && Object.keys(a).length ? { $and: [a, b] } : b);

type Meta = { attributes: Record<string, any> };

/** The query engine's populate in its object form (it accepts `true`, a list of dotted paths, or an object). */
export function populateObject(populate: unknown, meta: Meta): Record<string, any> | null {
  if (populate === true || populate === '*') {
    return Object.fromEntries(
      Object.entries(meta.attributes)
        .filter(([, a]) => a.type === 'relation')
        .map(([k]) => [k, true]),
    );
  }
  if (Array.isArray(populate)) {
    const out: Record<string, any> = {};
    for (const path of populate) {
      const [root, ...rest] = String(path).split('.');
      if (!rest.length) {
        out[root] ??= true;
        continue;
      }
      const entry = out[root] === true || !out[root] ? (out[root] = { populate: [] }) : out[root];
      entry.populate = [...(Array.isArray(entry.populate) ? entry.populate : []), rest.join('.')];
    }
    return out;
  }
  return populate && typeof populate === 'object' ? (populate as Record<string, any>) : null;
}

/**
 * Adds the scope to every populated relation that reaches case data, at every depth.
 * Returns the rewritten populate (the caller's object is not shared with others).
 */
export function scopePopulate(
  populate: unknown,
  uid: string,
  metaOf: (uid: string) => Meta | undefined,
  j: Pick<Jurisdiction, 'level' | 'code'>,
  role: string | null,
): unknown {
  const meta = metaOf(uid);
  if (!meta) return populate;
  const obj = populateObject(populate, meta);
  if (!obj) return populate;
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(obj)) {
    const attr = meta.attributes[key];
    const target: string | undefined = attr?.type === 'relation' ? attr.target : undefined;
    if (!target || value === false || value == null) {
      out[key] = value;
      continue;
    }
    const entry: Record<string, any> = value === true ? {} : { ...value };
    if (scopes(target, role)) entry.where = and(entry.where, scopeFilter(j));
    if (entry.populate !== undefined) entry.populate = scopePopulate(entry.populate, target, metaOf, j, role);
    out[key] = Object.keys(entry).length ? entry : true;
  }
  return out;
}

const READS = ['beforeFindOne', 'beforeFindMany', 'beforeCount'] as const;
const WRITES = ['beforeUpdate', 'beforeUpdateMany', 'beforeDelete', 'beforeDeleteMany'] as const;

/** Subscribes the hook (once, at bootstrap). */
export function registerQueryScope(strapi: Core.Strapi): void {
  const metaOf = (uid: string) =>
    strapi.db.metadata.has(uid as any) ? (strapi.db.metadata.get(uid as any) as unknown as Meta) : undefined;

  async function scope(event: { action: string; model: { uid: string }; params: any }) {
    if (system.getStore()) return;
    const caller: Caller | null = await currentCaller(strapi);
    if (!caller) return;
    const uid = event.model.uid;
    const own = scopes(uid, caller.role);
    const reading = (READS as readonly string[]).includes(event.action);
    if (!own && !(reading && event.params?.populate)) return;
    const j = caller.jurisdiction;
    if (!j) throw new errors.ForbiddenError('用户未关联组织机构');
    // A query of case data with no params at all cannot carry a scope: refuse rather than leak.
    if (!event.params) throw new errors.ApplicationError(`${uid}: unscoped query in an end-user request`);
    if (own) event.params.where = and(event.params.where, scopeFilter(j));
    if (reading && event.params.populate) event.params.populate = scopePopulate(event.params.populate, uid, metaOf, j, caller.role);
  }

  const subscriber: Record<string, (event: any) => Promise<void>> = {};
  for (const action of [...READS, ...WRITES]) subscriber[action] = scope;
  strapi.db.lifecycles.subscribe(subscriber as any);
}
