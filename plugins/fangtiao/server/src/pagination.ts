import { throwIfInvalid, type FieldError } from '@fangtiao/kernel';

/** As Strapi's own lists (config/api.ts: defaultLimit 25, maxLimit 100). */
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

export type Page = { page: number; pageSize: number; start: number; limit: number };

/**
 * The page a list request asks for, in the convention of every other list of the API:
 * `pagination[page]` and `pagination[pageSize]` (a page size over 100 is 100, as in Strapi).
 * The plugin's lists once took bare `page`/`pageSize`; those are refused with the name to
 * use, so an old client learns why instead of silently getting page 1.
 */
export function pageOf(query: Record<string, any> = {}): Page {
  const problems: FieldError[] = [];
  for (const old of ['page', 'pageSize'] as const) {
    if (old in query) problems.push({ path: [old], message: `请改用 pagination[${old}]` });
  }
  const p = query.pagination ?? {};
  if (typeof p !== 'object' || Array.isArray(p)) {
    problems.push({ path: ['pagination'], message: '应为 pagination[page] 与 pagination[pageSize]' });
    throwIfInvalid(problems, '分页参数有误');
  }
  for (const k of Object.keys(p)) {
    if (k !== 'page' && k !== 'pageSize')
      problems.push({ path: ['pagination', k], message: '只支持 pagination[page] 与 pagination[pageSize]' });
  }
  const int = (key: 'page' | 'pageSize', fallback: number) => {
    if (p[key] === undefined || p[key] === '') return fallback;
    const n = Number(p[key]);
    if (Number.isInteger(n) && n >= 1 && n <= 1_000_000) return n;
    problems.push({ path: ['pagination', key], message: '应为正整数' });
    return fallback;
  };
  const page = int('page', 1);
  const pageSize = Math.min(int('pageSize', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  throwIfInvalid(problems, '分页参数有误');
  return { page, pageSize, start: (page - 1) * pageSize, limit: pageSize };
}

/** `meta.pagination` of a list response, as Strapi's own lists answer it. */
export const paginationMeta = ({ page, pageSize }: Page, total: number) => ({
  page,
  pageSize,
  pageCount: Math.ceil(total / pageSize),
  total,
});
