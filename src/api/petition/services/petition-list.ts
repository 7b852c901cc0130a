/** Module api/petition: the list's common shape read straight from the query engine. Imports: Strapi's pagination helpers only. */
import { pagination as paging } from '@strapi/utils';

/**
 * The petitions list as clerks and the desk ask for it most: filters on the list's own plain
 * fields with simple operators, a sort, a page. Read through the general path, each such
 * request walked Strapi's query validation twice (the controller's sanitizer, then the document
 * service's own check) and the document-service middlewares: about half of its CPU, more than
 * its two SQL statements (README "Benchmarks"). A request of exactly this shape is read by the
 * query engine instead, where the jurisdiction hook (jurisdiction/query-scope.ts) still adds the
 * caller's scope to both statements. The desk's own list also populates the organisation's name
 * (and may its code or level), which the hook scopes as well. Anything else — any other populate,
 * fields, `$or`, a relation or personal field, an unknown operator, a value the field's type does
 * not take — returns null and goes the general way, so every check and error message stays put.
 */

/** Operators whose value the query engine casts to the field's type, as the general path does. */
const OPERATORS = new Set(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$notIn']);
const LIST_OPERATORS = new Set(['$in', '$notIn']);
const INTEGER = /^-?\d{1,15}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const SORT = /^([A-Za-z]+)(?::(asc|desc))?$/i;

type Attribute = { type: string; enum?: readonly string[] };
type Query = Record<string, unknown>;

export type ListRead = {
  where: Record<string, Record<string, string | string[]>>;
  /** The organisation's fields to populate (the desk's list shows its name), or none. */
  organisation: string[] | null;
  orderBy: Array<Record<string, 'asc' | 'desc'>>;
  start: number;
  limit: number;
  paged: boolean;
};

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether `value` is one the field's type takes (anything else goes the general way, to its 400). */
function takes(attr: Attribute, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  switch (attr.type) {
    case 'string':
    case 'text':
      return true;
    case 'enumeration':
      return !!attr.enum?.includes(value);
    case 'integer':
      return INTEGER.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'datetime':
    case 'date':
      return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    default:
      return false;
  }
}

function whereOf(filters: unknown, fields: ReadonlySet<string>, attributes: Record<string, Attribute>): ListRead['where'] | null {
  if (filters === undefined) return {};
  if (!isRecord(filters)) return null;
  const where: ListRead['where'] = {};
  for (const [field, condition] of Object.entries(filters)) {
    const attr = attributes[field];
    if (!fields.has(field) || !attr) return null;
    const ops = isRecord(condition) ? condition : { $eq: condition };
    const out: Record<string, string | string[]> = {};
    for (const [op, value] of Object.entries(ops)) {
      if (!OPERATORS.has(op)) return null;
      if (LIST_OPERATORS.has(op)) {
        if (!Array.isArray(value) || !value.length || value.length > 100 || !value.every((v) => takes(attr, v))) return null;
        out[op] = value as string[];
      } else if (takes(attr, value)) out[op] = value;
      else return null;
    }
    if (!Object.keys(out).length) return null;
    where[field] = out;
  }
  return where;
}

/** Types the plain read sorts by: those whose filter values it takes (a JSON column goes the general way). */
const SORTABLE = new Set(['string', 'text', 'enumeration', 'integer', 'boolean', 'datetime', 'date']);

function orderOf(sort: unknown, fields: ReadonlySet<string>, attributes: Record<string, Attribute>): ListRead['orderBy'] | null {
  if (sort === undefined) return [];
  const parts =
    typeof sort === 'string'
      ? sort.split(',')
      : Array.isArray(sort) && sort.every((s) => typeof s === 'string')
        ? (sort as string[])
        : null;
  if (!parts || parts.length > 5) return null;
  const orderBy: ListRead['orderBy'] = [];
  for (const part of parts) {
    const m = SORT.exec(part.trim());
    if (!m || !fields.has(m[1]) || !SORTABLE.has(attributes[m[1]]?.type)) return null;
    orderBy.push({ [m[1]]: (m[2] ?? 'asc').toLowerCase() as 'asc' | 'desc' });
  }
  return orderBy;
}

/** What of the organisation a list row may carry by this path: its plain public fields. */
const ORGANISATION_FIELDS = new Set(['name', 'code', 'level']);

/** `populate[organisation][fields][i]=name…`, the desk's own list: the organisation's plain fields, nothing deeper. */
function organisationOf(populate: unknown): string[] | null | undefined {
  if (populate === undefined) return null;
  if (!isRecord(populate) || Object.keys(populate).join() !== 'organisation') return undefined;
  const org = populate.organisation;
  if (!isRecord(org) || Object.keys(org).join() !== 'fields') return undefined;
  const fields = org.fields;
  if (!Array.isArray(fields) || !fields.length || !fields.every((f) => typeof f === 'string' && ORGANISATION_FIELDS.has(f)))
    return undefined;
  return [...new Set(fields as string[])];
}

const WHOLE = /^\d{1,9}$/;

function pageOf(
  pagination: unknown,
  limits: { defaultLimit: number; maxLimit: number },
): Pick<ListRead, 'start' | 'limit' | 'paged'> | null {
  if (pagination !== undefined && !isRecord(pagination)) return null;
  const p = pagination ?? {};
  const keys = Object.keys(p);
  const paged = !keys.some((k) => k === 'start' || k === 'limit');
  const allowed = paged ? ['page', 'pageSize'] : ['start', 'limit'];
  if (!keys.every((k) => allowed.includes(k) && typeof p[k] === 'string' && WHOLE.test(p[k] as string))) return null;
  const numbers = Object.fromEntries(keys.map((k) => [k, Number(p[k])]));
  if (numbers.page === 0 || numbers.limit === 0) return null;
  const { start, limit } = paging.withDefaultPagination(numbers, {
    defaults: { offset: { limit: limits.defaultLimit }, page: { pageSize: limits.defaultLimit } },
    maxLimit: limits.maxLimit,
  }) as { start: number; limit: number };
  return { start, limit, paged };
}

/**
 * The query-engine read for `query` (the request's parsed query string) when it has the list's
 * common shape over `fields`, or null. `limits` are the REST API's (config/api.ts).
 */
export function plainListRead(
  query: Query,
  attributes: Record<string, Attribute>,
  fields: readonly string[],
  limits: { defaultLimit: number; maxLimit: number },
): ListRead | null {
  if (!Object.keys(query).every((k) => k === 'filters' || k === 'sort' || k === 'pagination' || k === 'populate')) return null;
  const organisation = organisationOf(query.populate);
  if (organisation === undefined) return null;
  const known = new Set(fields);
  const where = whereOf(query.filters, known, attributes);
  const orderBy = where && orderOf(query.sort, known, attributes);
  const page = orderBy && pageOf(query.pagination, limits);
  return page ? { where: where!, organisation, orderBy: orderBy!, ...page } : null;
}

/** The response's pagination for a read of `read` that found `total`, as Strapi's core service words it. */
export function listPagination(read: ListRead, total: number): Record<string, number> {
  const info = { start: read.start, limit: read.limit };
  return { ...(read.paged ? paging.transformPagedPaginationInfo(info, total) : paging.transformOffsetPaginationInfo(info, total)) };
}
