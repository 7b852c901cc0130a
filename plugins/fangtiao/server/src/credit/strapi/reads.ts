/**
 * What the desk reads of credit flags: one flag inside the caller's jurisdiction, the list, a
 * flag's history and its query log. Every read of flags is logged (query-log.ts).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Caller } from '@fangtiao/kernel';
import { CREDIT_STATES } from '../rules';
import { strip } from '../../utils/records';
import { pageOf, paginationMeta } from '../../pagination';
import { FLAG, FLAG_POPULATE, MOVE, PERSON, QUERY_LOG, type Input } from './common';
import { logQuery } from './query-log';
import { stateLabel } from './platform';

/** The flag inside the caller's jurisdiction (the document service is scoped), or 404. */
export async function loadFlag(strapi: Core.Strapi, documentId: string, populate: Input = FLAG_POPULATE()) {
  const flag: any = await strapi.documents(FLAG).findOne({ documentId, populate });
  if (!flag) throw new errors.NotFoundError('失信记录不存在');
  return flag;
}

/** The flags by state, case or ground, newest proposal first, a page at a time. */
export async function listFlags(strapi: Core.Strapi, query: Input, caller: Caller | null = null) {
  const filters: Input = {};
  if (query.state) filters.state = { $in: String(query.state).split(',') };
  if (query.petition) filters.petition = { documentId: String(query.petition) };
  if (query.ground) filters.ground = { code: String(query.ground) };
  const page = pageOf(query);
  const { ground, petition, organisation, proposedBy, reviewedBy } = FLAG_POPULATE();
  const [results, total] = await Promise.all([
    strapi.documents(FLAG).findMany({
      filters,
      populate: { ground, petition, organisation, proposedBy, reviewedBy },
      sort: ['proposedAt:desc', 'id:desc'],
      start: page.start,
      limit: page.limit,
    }),
    strapi.documents(FLAG).count({ filters }),
  ]);
  const filtered = query.state || query.petition || query.ground;
  await logQuery(
    strapi,
    results.map((r) => r.documentId),
    'list',
    caller,
    { filters: filtered ? { state: query.state, petition: query.petition, ground: query.ground } : null },
  );
  return { results: results.map((r: any) => ({ ...strip(r), stateLabel: stateLabel(r) })), pagination: paginationMeta(page, total) };
}

/** A flag's moves, oldest first, with the states' names. */
export async function flagHistory(strapi: Core.Strapi, documentId: string, caller: Caller | null = null) {
  await loadFlag(strapi, documentId, {});
  await logQuery(strapi, [documentId], 'history', caller);
  const moves = await strapi.documents(MOVE).findMany({
    filters: { flag: { documentId } },
    fields: ['action', 'fromState', 'toState', 'reason', 'input', 'actorRole', 'at'],
    populate: { actor: PERSON() },
    sort: ['at:asc', 'id:asc'],
  });
  return moves.map((m) =>
    strip({ ...m, fromLabel: (CREDIT_STATES as any)[m.fromState] ?? null, toLabel: (CREDIT_STATES as any)[m.toState] }),
  );
}

/** The query log of one flag inside the jurisdiction, newest first. */
export async function flagQueries(strapi: Core.Strapi, documentId: string, query: Input = {}) {
  await loadFlag(strapi, documentId, {});
  const page = pageOf(query);
  const where = { flagDocumentId: documentId };
  const [results, total] = await Promise.all([
    strapi.db.query(QUERY_LOG).findMany({
      where,
      select: ['action', 'userId', 'username', 'role', 'at', 'detail'],
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      offset: page.start,
      limit: page.limit,
    }),
    strapi.db.query(QUERY_LOG).count({ where }),
  ]);
  return { results, pagination: paginationMeta(page, total) };
}
