// #/cases: my cases, with filters, paging and the list export.
import * as api from '../lib/api';
import { h, append, clear, fmtDate, deadlineChip, stateChip, badge, clarityChip, spinner, banner, setBusy as busy } from '../lib/ui';
import * as L from '../lib/labels';
import { app, PAGE_SIZE, go, shell, say, route, currentUser } from '../lib/shell';
import { input, select } from '../lib/fields';
import { exportButton, exportProgress } from '../lib/export-job';
import type { Common } from '@fangtiao/contracts';
import type { List, Petition } from '../lib/types';

// ---------------------------------------------------------------------------------------
// My cases

export function listFilters(params: URLSearchParams) {
  const pairs: [string, string][] = [];
  const state = params.get('state');
  const q = (params.get('q') || '').trim();
  if (state) pairs.push(['filters[state][$eq]', state]);
  if (q) pairs.push(['filters[$or][0][subject][$containsi]', q], ['filters[$or][1][referenceNo][$containsi]', q]);
  if (params.get('backlog') === '1') pairs.push(['filters[isBacklog][$eq]', 'true']);
  return pairs;
}

/** The same filters as an object, for the API calls that take a JSON body. */
export function listFilterObject(params: URLSearchParams) {
  const and: Record<string, unknown>[] = [];
  const state = params.get('state');
  const q = (params.get('q') || '').trim();
  if (state) and.push({ state: { $eq: state } });
  if (q) and.push({ $or: [{ subject: { $containsi: q } }, { referenceNo: { $containsi: q } }] });
  if (params.get('backlog') === '1') and.push({ isBacklog: { $eq: true } });
  return and.length ? { $and: and } : undefined;
}

export function casesHash(params: URLSearchParams, changes: Record<string, string | number | null | undefined> = {}) {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === '' || v === null || v === undefined) next.delete(k);
    else next.set(k, String(v));
  }
  const s = next.toString();
  return `#/cases${s ? `?${s}` : ''}`;
}

/** Search, state and backlog filters (in the hash), and the exports of what they list. */
function casesToolbar(params: URLSearchParams) {
  const q = input({
    type: 'search',
    name: 'q',
    value: params.get('q') || '',
    placeholder: '搜索事项摘要或编号',
    enterkeyhint: 'search',
    'aria-label': '搜索事项摘要或编号',
  });
  const state = select(Object.entries(L.STATES), {
    placeholder: '全部状态',
    value: params.get('state') || '',
    'aria-label': '按状态筛选',
    name: 'state',
  });
  state.addEventListener('change', () => go(casesHash(params, { state: state.value, page: '' })));
  const backlog = h('input', {
    type: 'checkbox',
    checked: params.get('backlog') === '1',
    onchange: (e: Event) => go(casesHash(params, { backlog: (e.target as HTMLInputElement).checked ? '1' : '', page: '' })),
  });
  const exportButtons = ['xlsx', 'csv'].map((fmt) =>
    h(
      'button',
      {
        class: 'btn btn-small',
        type: 'button',
        onclick: (e: MouseEvent) => exportLedger(fmt, e.currentTarget as HTMLButtonElement, params),
        dataset: { format: fmt },
      },
      fmt === 'xlsx' ? '导出 Excel' : '导出 CSV',
    ),
  );
  // The zips of the listed cases: their documents, or one 一案一档 per case (built on the server, with progress).
  const progress = exportProgress('打包进度');
  const filters = () => listFilterObject(params);
  exportButtons.push(exportButton('documents', filters, progress, say), exportButton('case-files', filters, progress, say));

  return h(
    'form',
    {
      class: 'toolbar card',
      role: 'search',
      novalidate: true,
      onsubmit: (e: Event) => (e.preventDefault(), go(casesHash(params, { q: q.value.trim(), page: '' }))),
    },
    h('div', { class: 'toolbar-row' }, q, h('button', { class: 'btn btn-primary', type: 'submit' }, '查询')),
    h('div', { class: 'toolbar-row' }, state, h('label', { class: 'check check-inline' }, backlog, h('span', {}, '只看积案'))),
    h(
      'div',
      { class: 'toolbar-row toolbar-export' },
      h('span', { class: 'muted' }, '导出台账'),
      h('span', { class: 'spacer' }),
      ...exportButtons,
    ),
    h('div', { class: 'toolbar-row' }, progress.bar, progress.text),
  );
}

async function exportLedger(fmt: string, button: HTMLButtonElement, params: URLSearchParams) {
  busy(button, true, '正在导出…');
  try {
    const pairs: [string, string][] = [['format', fmt], ['sort', 'dueAt:asc'], ...listFilters(params)];
    const file = await api.download(`/api/petitions/export${api.query(pairs)}`, `信访事项台账.${fmt}`);
    say('success', `已导出 ${file.name}`);
  } catch (err) {
    say('error', `导出失败：${err.message}`);
  } finally {
    busy(button, false);
  }
}

export async function renderCases(params: URLSearchParams, ticket: number) {
  const main = shell('cases', '我的案件');
  const page = Math.max(1, Number(params.get('page')) || 1);

  const toolbar = casesToolbar(params);
  const me = currentUser();
  const heading = h(
    'div',
    { class: 'page-head' },
    h('h1', {}, '我的案件'),
    me.role === 'clerk' ? h('a', { class: 'btn btn-primary btn-small', href: '#/register' }, '＋ 登记') : null,
  );
  const list = h('div', { class: 'case-list', 'aria-live': 'polite' }, spinner());
  append(main, heading, toolbar, list);

  let res: List<Petition>;
  try {
    res = await api.get<List<Petition>>(
      `petitions${api.query([
        ['sort', 'dueAt:asc'],
        ['pagination[page]', page],
        ['pagination[pageSize]', PAGE_SIZE],
        ...listFilters(params),
        ['populate[organisation][fields][0]', 'name'],
      ])}`,
    );
  } catch (err) {
    if (ticket !== app.ticket) return;
    list.replaceChildren(
      banner('error', `无法读取案件：${err.message}`, h('button', { class: 'btn btn-small', type: 'button', onclick: route }, '重试')),
    );
    return;
  }
  if (ticket !== app.ticket) return;

  const items = res.data || [];
  const pg: Pick<Common.Pagination, 'page' | 'pageCount' | 'total'> = (res.meta && res.meta.pagination) || {
    page,
    pageCount: 1,
    total: items.length,
  };
  if (!items.length) {
    list.replaceChildren(
      h(
        'div',
        { class: 'empty card' },
        h('p', {}, params.toString() ? '没有符合条件的案件' : '暂无案件'),
        me.role === 'clerk' ? h('a', { class: 'btn', href: '#/register' }, '登记信访事项') : null,
      ),
    );
    return;
  }
  append(
    clear(list),
    h('p', { class: 'list-count muted' }, `共 ${pg.total} 件，按到期时间排序`),
    h('ul', { class: 'cases' }, items.map(caseItem)),
    pager(pg, params),
  );
}

export function caseItem(p: Petition) {
  const missing = p.fiveClarityMissingLabels || [];
  return h(
    'li',
    { class: 'case-item', dataset: { id: p.documentId } },
    h(
      'a',
      { class: 'case-link', href: `#/case/${encodeURIComponent(p.documentId)}` },
      h('div', { class: 'case-top' }, h('span', { class: 'ref mono' }, p.referenceNo || '（未编号）'), deadlineChip(p.deadline)),
      h('h3', { class: 'case-subject' }, p.subject || '（无摘要）'),
      h(
        'div',
        { class: 'chips' },
        stateChip(p.stateLabel || L.STATES[p.state], p.state),
        p.isBacklog ? badge('积案', 'backlog') : null,
        p.isRepeat ? badge('重复', 'repeat') : null,
        p.channel === 'online' ? badge('网上', 'online') : null,
        clarityChip(p.fiveClarityScore),
      ),
      h(
        'p',
        { class: 'case-meta muted' },
        [
          L.CHANNELS[p.channel ?? ''] || p.channel,
          p.organisation && p.organisation.name,
          p.registeredAt && `登记 ${fmtDate(p.registeredAt)}`,
          p.dueAt && `到期 ${fmtDate(p.dueAt)}`,
          p.visitCount ? `来访${p.visitCount}次` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      missing.length ? h('p', { class: 'case-missing' }, `待补：${missing.join('、')}`) : null,
    ),
  );
}

export function pager(pg: { page: number; pageCount: number }, params: URLSearchParams) {
  if (!pg.pageCount || pg.pageCount <= 1) return null;
  const prev = pg.page > 1 ? casesHash(params, { page: pg.page - 1 }) : null;
  const next = pg.page < pg.pageCount ? casesHash(params, { page: pg.page + 1 }) : null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': '分页' },
    h('a', { class: `btn btn-small${prev ? '' : ' disabled'}`, href: prev || null, 'aria-disabled': prev ? null : 'true' }, '上一页'),
    h('span', { class: 'pager-text' }, `第 ${pg.page} / ${pg.pageCount} 页`),
    h('a', { class: `btn btn-small${next ? '' : ' disabled'}`, href: next || null, 'aria-disabled': next ? null : 'true' }, '下一页'),
  );
}
