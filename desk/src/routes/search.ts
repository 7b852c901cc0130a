// 查找案件: one search box for a person's name, ID number, phone number, a reference number or
// a subject; what the box holds is detected as the server detects it (src/search/query.ts,
// bundled into vendor/form-rules.js). Results come back in one list, each with what it matched.
import * as api from '../lib/api';
import { h, fmtDate, stateChip, spinner, banner } from '../lib/ui';
import * as L from '../lib/labels';
import { detectQuery, SEARCH_BY_LABELS as BY_LABELS, MATCHED_LABELS as MATCHED } from '../lib/rules';
import type { WorkCtx } from '../lib/shell';
import type { SearchHit, SearchResult } from '../lib/types';

const SEARCH_BY_LABELS: Record<string, string> = BY_LABELS;
const MATCHED_LABELS: Record<string, string> = MATCHED;

/** Roles that read personal data masked: they search by name and reference only. */
export const MASKED_READERS = ['supervisor'];
export const SEARCHERS = ['clerk', 'mediator', 'leader', 'reviewer', 'supervisor'];

function searchHash(params: Record<string, string>) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, String(v));
  const s = qs.toString();
  return `#/search${s ? `?${s}` : ''}`;
}

function resultItem(p: SearchHit) {
  const matched = (p.matched || []).map((m) => `${MATCHED_LABELS[m.field] || m.field}${m.party ? `：${m.party}` : ''}`);
  return h(
    'li',
    { class: 'case-item search-hit', dataset: { id: p.documentId } },
    h(
      'a',
      { class: 'case-link', href: `#/case/${encodeURIComponent(p.documentId)}` },
      h(
        'div',
        { class: 'case-top' },
        h('span', { class: 'ref mono' }, p.referenceNo || '（未编号）'),
        matched.length ? h('span', { class: 'matched' }, `匹配 ${matched.join('；')}`) : null,
      ),
      h('h3', { class: 'case-subject' }, p.subject || '（无摘要）'),
      h('div', { class: 'chips' }, stateChip(L.STATES[p.state] || p.state, p.state)),
      h(
        'p',
        { class: 'case-meta muted' },
        [
          (p.parties || []).map((x) => [x.name, x.idNumber, x.phone].filter(Boolean).join(' ')).join('；'),
          p.organisation && p.organisation.name,
          p.caseType && p.caseType.name,
          p.registeredAt && `登记 ${fmtDate(p.registeredAt)}`,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
  );
}

export async function renderSearch(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const masked = MASKED_READERS.includes(ctx.me.role);
  const q = h('input', {
    type: 'search',
    id: 'search-q',
    name: 'q',
    value: params.get('q') || '',
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    placeholder: masked ? '姓名或编号' : '姓名、身份证号码、手机号码、编号或事项',
  });
  const hint = h('p', { class: 'help', id: 'search-hint', 'aria-live': 'polite' });
  const state = h(
    'select',
    { id: 'search-state', name: 'state' },
    h('option', { value: '' }, '全部状态'),
    Object.entries(L.STATES).map(([v, t]) => h('option', { value: v, selected: params.get('state') === v }, t)),
  );
  const from = h('input', { type: 'date', id: 'search-from', value: params.get('from') || '' });
  const to = h('input', { type: 'date', id: 'search-to', value: params.get('to') || '' });
  const detect = () => {
    const text = q.value.trim();
    if (!text)
      return (hint.textContent = masked
        ? '按姓名或编号查找（身份证号码、电话号码对您脱敏显示，不能用于查找）'
        : '输入完整的18位身份证号码或11位手机号码可精确查找');
    const { by } = detectQuery(text);
    hint.textContent =
      masked && (by === 'id' || by === 'phone') ? `识别为${SEARCH_BY_LABELS[by]}：您只能按姓名或编号查找` : `按${SEARCH_BY_LABELS[by]}查找`;
  };
  q.addEventListener('input', detect);
  detect();
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        ctx.go(searchHash({ q: q.value.trim(), state: state.value, from: from.value, to: to.value }));
      },
    },
    h('label', { for: 'search-q', class: 'label' }, '查找案件'),
    h('div', { class: 'search-row' }, q, h('button', { class: 'btn btn-primary', type: 'submit' }, '查找')),
    hint,
    h(
      'div',
      { class: 'search-filters' },
      h('label', {}, h('span', { class: 'label' }, '状态'), state),
      h('label', {}, h('span', { class: 'label' }, '登记自'), from),
      h('label', {}, h('span', { class: 'label' }, '至'), to),
    ),
  );
  const results = h('div', { class: 'search-results' });
  main.append(h('section', { class: 'card' }, form), results);
  q.focus();

  const criteria = ['q', 'state', 'from', 'to'].filter((k) => params.get(k));
  if (!criteria.length) return;
  results.replaceChildren(spinner('正在查找…'));
  try {
    const res = await api.get<SearchResult>(
      `petitions/search${api.query(criteria.map((k): [string, string] => [k, params.get(k) || '']))}`,
    );
    const rows = res.data || [];
    results.replaceChildren(
      h(
        'p',
        { class: 'muted', role: 'status' },
        rows.length
          ? `找到 ${rows.length} 件（按${SEARCH_BY_LABELS[res.meta.by] || ''}）${res.meta.more ? '，仅显示最近的，请补充条件缩小范围' : ''}`
          : '没有找到符合条件的案件',
      ),
      // No list when nothing was found (replaceChildren would print a null as text).
      ...(rows.length ? [h('ul', { class: 'case-list' }, rows.map(resultItem))] : []),
    );
  } catch (err) {
    results.replaceChildren(banner('error', err.message));
  }
}
