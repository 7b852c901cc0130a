/** Module search/: the terms of the 按人查案 search (pure). Imports: personal-data/ and time/ pure helpers only. */
import { idNumberProblem } from '../personal-data/id-number';
import { isValidPhone, normalisePhone } from '../personal-data/phone';
import { shanghaiInstant, shanghaiDate, DAY_MS } from '../time/shanghai';

/**
 * What a search box holds (pure; the desk bundles it, so the page detects as the server does):
 * an ID number (18 characters whose check digit is right), a mobile phone number (11 digits),
 * a reference number (`990102-2026-000123`, or its start), else a name or subject.
 */
export type SearchBy = 'id' | 'phone' | 'reference' | 'text' | 'name' | 'subject';
export const SEARCH_BY: readonly SearchBy[] = ['id', 'phone', 'reference', 'text', 'name', 'subject'];

export const SEARCH_BY_LABELS: Record<SearchBy, string> = {
  id: '身份证号码',
  phone: '手机号码',
  reference: '编号',
  text: '姓名或事项',
  name: '姓名（名称）',
  subject: '事项摘要',
};

/** The field a result matched on, for the list. */
export type MatchedField = 'idNumber' | 'phone' | 'referenceNo' | 'name' | 'subject';
export const MATCHED_LABELS: Record<MatchedField, string> = {
  idNumber: '身份证号码',
  phone: '手机号码',
  referenceNo: '编号',
  name: '姓名（名称）',
  subject: '事项摘要',
};

const REFERENCE = /^\d{4,9}-\d{1,4}(-\d{0,7})?$|^\d{4,9}-$/;
const MOBILE = /^1[3-9]\d{9}$/;

/** What the text is, detected; the value normalised for that kind. */
export function detectQuery(text: string): { by: Exclude<SearchBy, 'name' | 'subject'>; value: string } {
  const v = text.trim();
  const compact = v.replace(/[\s-]/g, '');
  if (compact.length === 18 && !idNumberProblem(compact)) return { by: 'id', value: compact.toUpperCase() };
  const phone = normalisePhone(v).replace(/-/g, '');
  if (MOBILE.test(phone) && isValidPhone(phone)) return { by: 'phone', value: phone };
  if (REFERENCE.test(v)) return { by: 'reference', value: v };
  return { by: 'text', value: v };
}

export type SearchParams = {
  q: string;
  by: SearchBy;
  value: string;
  state?: string[];
  organisation?: string;
  caseType?: string;
  from?: Date;
  to?: Date;
  limit: number;
};

export type ParamProblem = { path: string[]; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const SEARCH_LIMIT_MAX = 100;

/** A Shanghai calendar day as the instant it starts (`end`: the instant the next day starts). */
function shanghaiDay(text: string, end: boolean): Date | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const start = shanghaiInstant(Number(m[1]), Number(m[2]), Number(m[3]));
  if (Number.isNaN(start.getTime()) || shanghaiDate(start) !== text) return null;
  return end ? new Date(start.getTime() + DAY_MS) : start;
}

/** Reads and checks the query string of a search; every problem with its parameter. */
export function parseSearch(
  query: Record<string, unknown>,
  states: readonly string[],
): { params?: SearchParams; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : query[k] === undefined ? '' : null);
  const q = str('q');
  if (q === null) problems.push({ path: ['q'], message: '应为文本' });
  else if (q.length > 100) problems.push({ path: ['q'], message: '不超过100个字符' });
  const byText = str('by') || 'auto';
  let by: SearchBy = 'text';
  let value = q ?? '';
  if (byText === 'auto') ({ by, value } = detectQuery(value));
  else if ((SEARCH_BY as readonly string[]).includes(byText)) {
    by = byText as SearchBy;
    if (by === 'id') {
      value = value.replace(/\s/g, '').toUpperCase();
      if (idNumberProblem(value)) problems.push({ path: ['q'], message: '请输入完整的18位身份证号码（只能精确查找）' });
    } else if (by === 'phone') {
      value = normalisePhone(value).replace(/-/g, '');
      if (!isValidPhone(value)) problems.push({ path: ['q'], message: '请输入完整的电话号码（只能精确查找）' });
    }
  } else problems.push({ path: ['by'], message: '应为 auto、id、phone、reference、text、name 或 subject' });

  const stateText = str('state');
  const state = stateText
    ? stateText
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  if (stateText === null) problems.push({ path: ['state'], message: '应为状态代码，多个用逗号分隔' });
  for (const s of state ?? []) if (!states.includes(s)) problems.push({ path: ['state'], message: `没有状态 ${s}` });
  const organisation = str('organisation') || undefined;
  const caseType = str('caseType') || undefined;
  const day = (k: 'from' | 'to') => {
    const t = str(k);
    if (!t) return undefined;
    const d = shanghaiDay(t, k === 'to');
    if (!d) problems.push({ path: [k], message: '应为日期 YYYY-MM-DD' });
    return d ?? undefined;
  };
  const from = day('from');
  const to = day('to');
  const limitText = str('limit');
  const limit = limitText ? Number(limitText) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX)
    problems.push({ path: ['limit'], message: `应为1到${SEARCH_LIMIT_MAX}的整数` });
  const criteria = !!(value || state || organisation || caseType || from || to);
  if (!criteria && !problems.length) problems.push({ path: ['q'], message: '请输入查找内容或筛选条件' });
  if (problems.length) return { problems };
  return { params: { q: q ?? '', by, value, state, organisation, caseType, from, to, limit }, problems };
}
