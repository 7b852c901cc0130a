/**
 * The query log of credit flags (查询记录): who viewed, listed, exported or downloaded which flag
 * and when; kept 10 years (../query-log.ts), then purged.
 */
import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { queryLogCandidatesBefore, queryLogPurgeable, type QueryAction } from '../query-log';
import { QUERY_LOG, type Input } from './common';

/**
 * The query log (查询记录): one entry per flag per view, list, history read, export or download,
 * with who and when. Written with the query engine (no document-service middleware), kept 10 years.
 */
export async function logQuery(
  strapi: Core.Strapi,
  flagDocumentIds: string[],
  action: QueryAction,
  caller: Caller | null,
  detail: Input | null = null,
  at = new Date(),
) {
  const ids = [...new Set(flagDocumentIds.filter(Boolean))];
  for (let i = 0; i < ids.length; i += 500) {
    await strapi.db.query(QUERY_LOG).createMany({
      data: ids.slice(i, i + 500).map((flagDocumentId) => ({
        flagDocumentId,
        action,
        userId: caller?.id ?? null,
        username: caller?.username ?? null,
        role: caller?.role ?? null,
        at,
        detail,
      })),
    });
  }
}

/**
 * The cleanup of the query log: deletes entries whose 10 years have ended at `now`, and never
 * a younger one (each candidate is checked by the retention rule). Returns the count.
 */
export async function purgeQueryLog(strapi: Core.Strapi, now: Date = new Date()): Promise<number> {
  let purged = 0;
  for (;;) {
    const rows = await strapi.db.query(QUERY_LOG).findMany({
      where: { at: { $lt: queryLogCandidatesBefore(now) } },
      select: ['id', 'at'],
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      limit: 1000,
    });
    const ids = rows.filter((r) => queryLogPurgeable(r.at, now)).map((r) => r.id);
    if (ids.length) {
      const { count } = await strapi.db.query(QUERY_LOG).deleteMany({ where: { id: { $in: ids } } });
      purged += count;
    }
    // Oldest first: once one is still kept, so is everything after it.
    if (rows.length < 1000 || ids.length < rows.length) return purged;
  }
}
