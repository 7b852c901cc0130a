import type { Core } from '@strapi/strapi';
import { UID } from '../../../constants';
import type { SearchParams, MatchedField } from '../../../search/query';
import { errors } from '@strapi/utils';
import { idsByComponentName, idsWithComponentHash, type NameMatch } from '../../../personal-data/lookup';
import { hashAttribute, hashOf } from '../../../personal-data/at-rest';
import { mayLookUpExactly } from '../../../jurisdiction/document-middleware';
import { currentCaller } from '../../../jurisdiction/current';
import { scopeColumnOf } from '../../../jurisdiction/scope';

type Row = Record<string, any>;
export type SearchHit = { record: Row; matched: Array<{ field: MatchedField; party?: string }> };

/** What a result row shows: the case, its unit and type, and its parties (masked by the route's personal-data middleware). */
const FIELDS = ['referenceNo', 'subject', 'state', 'channel', 'registeredAt', 'dueAt'];
const POPULATE = {
  parties: { select: ['id', 'kind', 'role', 'name', 'idNumber', 'phone', 'headcount'] },
  organisation: { select: ['id', 'documentId', 'name', 'code'] },
  caseType: { select: ['id', 'documentId', 'name'] },
};
/** Name candidates are read this many at a time (the query guard's longest $in list), at most this many batches per search. */
const BATCH = 200;
const MAX_BATCHES = 50;
const FULL_REFERENCE = /^\d+-\d{4}-\d{6}$/;

/**
 * Search by person and by case (按人查案). Every read is scoped by the kernel's query-engine hook;
 * an ID or phone is an exact look-up of the keyed hash, refused (400) to those who read personal
 * data masked.
 * Each kind of match is its own query (an OR across a party's name and the subject could use
 * no index); the hits are merged, exact matches first, each with the fields it matched on.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async search(p: SearchParams): Promise<{ hits: SearchHit[]; more: boolean }> {
    const common: Row[] = [];
    if (p.state) common.push({ state: { $in: p.state } });
    if (p.organisation) common.push({ organisation: { documentId: { $eq: p.organisation } } });
    if (p.caseType) common.push({ caseType: { documentId: { $eq: p.caseType } } });
    if (p.from) common.push({ registeredAt: { $gte: p.from.toISOString() } });
    if (p.to) common.push({ registeredAt: { $lt: p.to.toISOString() } });

    const hits = new Map<string, SearchHit>();
    let more = false;
    const room = () => p.limit - hits.size;
    /** Adds rows that matched on `field` (none: the criteria alone, without search text). */
    const add = (rows: Row[], field: MatchedField | null, partyOf?: (r: Row) => string | undefined) => {
      for (const r of rows) {
        const hit = hits.get(r.documentId);
        const m = field ? [{ field, ...(partyOf?.(r) ? { party: partyOf(r) } : {}) }] : [];
        if (hit) {
          if (field && !hit.matched.some((x) => x.field === field)) hit.matched.push(...m);
        } else if (room() > 0) hits.set(r.documentId, { record: r, matched: m });
        else more = true;
      }
    };
    /**
     * One page of the cases matching `filters` and the common criteria, newest first; whether there
     * were more. Read by the query engine, which the kernel's hook scopes (query-scope.ts): every
     * filter here is the service's own, built from checked parameters, so the document service's
     * query validation and guard had nothing to add but their cost (README "Benchmarks").
     */
    const read = async (filters: Row | null, limit: number) => {
      const and = filters ? [filters, ...common] : common;
      const rows = (await strapi.db.query(UID.petition).findMany({
        where: and.length ? { $and: and } : {},
        select: ['id', 'documentId', ...FIELDS],
        populate: POPULATE,
        orderBy: { id: 'desc' },
        limit: limit + 1,
      })) as Row[];
      if (rows.length > limit) more = true;
      return rows.slice(0, limit);
    };
    /** Cases with a party of this exact number: its keyed hash (numbers are stored encrypted), for those who may look people up by number. */
    const withNumber = async (kind: 'id-number' | 'phone', value: string): Promise<Row> => {
      if (!mayLookUpExactly((await currentCaller(strapi))?.role))
        throw new errors.ValidationError('您查看的身份证号码、电话号码为脱敏显示，不能按号码查找，请按姓名或编号查找', {
          errors: [{ path: ['q'], message: '不能按号码查找', name: 'ValidationError' }],
        });
      const attr = kind === 'id-number' ? 'idNumber' : 'phone';
      const ids = await idsWithComponentHash(strapi, UID.petition, 'parties', hashAttribute(attr), [hashOf(kind, value)]);
      return { id: { $in: ids } };
    };
    const partyWith = (key: 'idNumber' | 'phone', value: string) => (r: Row) => r.parties?.find((x: Row) => x[key] === value)?.name;
    const partyNamed = (text: string, match: NameMatch) => (r: Row) =>
      r.parties?.find((x: Row) => (match === 'prefix' ? x.name?.startsWith(text) : x.name?.includes(text)))?.name;

    const { by, value } = p;
    if (!value) add(await read(null, p.limit), null);
    else if (by === 'id') add(await read(await withNumber('id-number', value), p.limit), 'idNumber', partyWith('idNumber', value));
    else if (by === 'phone') add(await read(await withNumber('phone', value), p.limit), 'phone', partyWith('phone', value));
    else if (by === 'reference') {
      const op = FULL_REFERENCE.test(value) ? '$eq' : '$startsWith';
      add(await read({ referenceNo: { [op]: value } }, p.limit), 'referenceNo');
    } else {
      if (by !== 'subject') {
        for (const match of ['prefix', 'contains'] as NameMatch[]) {
          if (room() <= 0) break;
          await this.byName(
            value,
            match,
            read,
            (rows) => add(rows, 'name', partyNamed(value, match)),
            room,
            () => hits.size,
            common.length === 0,
          );
        }
      }
      if (by !== 'name' && room() > 0) add(await read({ subject: { $contains: value } }, room() + hits.size), 'subject');
    }
    return { hits: [...hits.values()], more };
  },

  /** Cases with a party of that name, newest first: candidates from the name index in batches, each read in scope. */
  async byName(
    text: string,
    match: NameMatch,
    read: (f: Row, limit: number) => Promise<Row[]>,
    take: (rows: Row[]) => void,
    room: () => number,
    taken: () => number,
    onlyScope: boolean,
  ) {
    let before: number | undefined;
    const j = (await currentCaller(strapi))?.jurisdiction;
    const scope = j ? { attr: scopeColumnOf(j.level), code: j.code } : undefined;
    for (let batch = 0; batch < MAX_BATCHES && room() > 0; batch += 1) {
      // Candidates of a prefix already in scope, with no other criteria, are all hits: read no more
      // of them than the page holds (and one to tell there are more). Otherwise whole batches.
      const size = onlyScope && scope && match === 'prefix' ? Math.min(BATCH, room() + taken() + 1) : BATCH;
      const ids = await idsByComponentName(strapi, UID.petition, 'parties', 'name', text, match, { before, limit: size, scope });
      if (!ids.length) return;
      take(await read({ id: { $in: ids } }, room() + taken()));
      if (ids.length < size) return;
      before = ids[ids.length - 1];
    }
  },
});
