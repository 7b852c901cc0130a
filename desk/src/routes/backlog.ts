// 包案 (五个一): the backlog packages of the caller's jurisdiction — one leader, one work team,
// one resolution plan, one case file per backlog case — their progress, resolving them, and
// the 红黑榜 (red: resolved on time; black: overdue or without progress). Routes:
//   #/backlog?state=&mine=   #/backlog/board?org=&staleDays=   #/backlog/<documentId> (backlog-package.js)
import * as api from '../lib/api';
import { h, append, clear, fmtDate, fmtDateTime, spinner, banner, setBusy } from '../lib/ui';
import type { Backlog, Measures } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import type { Petition } from '../lib/types';

type Package = Backlog.BacklogPackage;

/** Who reads packages (the server answers 403 to others); clerks and leaders also edit them. */
export const READERS = ['clerk', 'leader', 'supervisor'];
export const EDITORS = ['clerk', 'leader'];
export const P_STATES: Record<string, string> = { open: '化解中', resolved: '已化解' };
const ONES = [
  ['leader', '包案领导'],
  ['workTeam', '工作专班'],
  ['plan', '化解方案'],
  ['caseFile', '案件卷宗'],
];
const WHY: Record<string, string> = { overdue: '逾期未化解', 'no-progress': '长期无进展' };
export const person = (u: { fullName?: string | null; name?: string; username?: string } | null | undefined) =>
  u ? u.fullName || u.name || u.username || '' : '';
const enc = encodeURIComponent;

const tabs = (active: string) =>
  h(
    'div',
    { class: 'bl-tabs', role: 'tablist' },
    [
      ['list', '#/backlog', '包案台账'],
      ['board', '#/backlog/board', '红黑榜'],
    ].map(([k, href, t]) =>
      h(
        'a',
        { href, class: `chip bl-tab${k === active ? ' is-on' : ''}`, role: 'tab', 'aria-selected': k === active ? 'true' : 'false' },
        t,
      ),
    ),
  );

/** The five ones as ✓/✗ chips. */
export function onesChips(f: Backlog.FiveOnes | null | undefined) {
  return h(
    'ul',
    { class: 'bl-ones', 'aria-label': '五个一' },
    ONES.map(([k, t]) =>
      h(
        'li',
        { class: f && f[k as keyof Backlog.FiveOnes] ? 'present' : 'missing', dataset: { one: k } },
        h('span', { 'aria-hidden': 'true' }, f && f[k as keyof Backlog.FiveOnes] ? '✓ ' : '✗ '),
        t,
        h('span', { class: 'sr-only' }, f && f[k as keyof Backlog.FiveOnes] ? '（已落实）' : '（未落实）'),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------
// The list

export async function renderList(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const state = params.get('state') ?? 'open';
  const mine = params.get('mine') === 'true';
  const link = (k: string, v: string, text: string, on: boolean) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    return h('a', { href: `#/backlog?${p}`, class: `chip wn-filter${on ? ' is-on' : ''}`, 'aria-pressed': on ? 'true' : 'false' }, text);
  };
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, '包案（五个一）')),
    tabs('list'),
    h(
      'div',
      { class: 'wn-filters', role: 'group', 'aria-label': '筛选' },
      link('state', 'open', '化解中', state === 'open'),
      link('state', 'resolved', '已化解', state === 'resolved'),
      link('state', 'all', '全部', state === 'all'),
      ctx.me.role === 'leader'
        ? [h('span', { class: 'wn-sep', 'aria-hidden': 'true' }), link('mine', mine ? '' : 'true', '我包的案', mine)]
        : null,
    ),
  );
  const box = h('div', { class: 'bl-list' }, spinner());
  main.append(box);
  try {
    const r = await api.get<Backlog.GetPackages.Response>(
      `backlog-packages${api.query([
        ['state', state === 'all' ? '' : state],
        ['leader', mine ? ctx.me.id : ''],
        ['pagination[pageSize]', 100],
      ])}`,
    );
    const rows = r.data || [];
    const total = (r.meta && r.meta.pagination && r.meta.pagination.total) || rows.length;
    append(
      clear(box),
      h('p', { class: 'list-count muted' }, `共 ${total} 件`),
      rows.length ? rows.map(item) : h('p', { class: 'card muted' }, '没有符合条件的包案'),
    );
  } catch (err) {
    append(clear(box), banner('error', `无法读取包案：${err.message}`));
  }
}

function item(k: Package) {
  const p: Partial<NonNullable<Package['petition']>> = k.petition || {};
  const late = k.state === 'open' && k.targetDate && k.targetDate < new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  return h(
    'article',
    { class: 'card bl-item', dataset: { package: k.documentId, state: k.state } },
    h(
      'div',
      { class: 'chips' },
      h('span', { class: `chip state bl-s-${k.state}` }, P_STATES[k.state ?? ''] || k.state),
      late ? h('span', { class: 'chip wn-overdue' }, '已过化解时限') : null,
    ),
    h(
      'h2',
      { class: 'bl-title' },
      h('a', { href: `#/backlog/${enc(k.documentId)}` }, h('span', { class: 'mono' }, p.referenceNo || ''), ' ', p.subject || ''),
    ),
    onesChips(k.fiveOnes),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '包案领导'),
      h('dd', {}, person(k.leader) || h('span', { class: 'muted' }, '未确定')),
      h('dt', {}, '化解时限'),
      h('dd', {}, k.targetDate ? fmtDate(k.targetDate) : h('span', { class: 'muted' }, '未定')),
      h('dt', {}, '最近进展'),
      h('dd', {}, k.lastProgressAt ? fmtDateTime(k.lastProgressAt) : h('span', { class: 'muted' }, '暂无')),
    ),
  );
}

// ---------------------------------------------------------------------------------------
// 红黑榜

const boardTile = (n: number, t: string, cls = '') => h('div', { class: `bl-tile ${cls}` }, h('strong', {}, String(n)), h('span', {}, t));
const boardRow = (x: Backlog.BoardRow, why?: string) =>
  h(
    'li',
    { class: 'bl-row', dataset: { package: x.documentId } },
    h(
      'a',
      { href: `#/backlog/${enc(x.documentId)}` },
      h('span', { class: 'mono' }, (x.petition && x.petition.referenceNo) || ''),
      ' ',
      (x.petition && x.petition.subject) || '',
    ),
    h(
      'div',
      { class: 'muted' },
      [
        `包案领导：${(x.leader && x.leader.name) || '未确定'}`,
        x.targetDate ? `化解时限：${fmtDate(x.targetDate)}` : null,
        x.resolvedAt ? `化解于：${fmtDate(x.resolvedAt)}` : null,
        why ? WHY[why] || why : null,
        x.missing && x.missing.length ? `缺：${x.missing.join('、')}` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );

/** The board's organisation and staleness filters (in the hash). */
function boardFilter(ctx: WorkCtx, org: string, staleDays: string) {
  const orgSelect = h('select', { id: 'bl-org' }, h('option', { value: '' }, ctx.me.organisation ? ctx.me.organisation.name : '本单位'));
  const days = h('input', { id: 'bl-days', type: 'number', min: 1, max: 365, value: staleDays, class: 'bl-days' });
  const apply = () =>
    ctx.go(
      `#/backlog/board?${new URLSearchParams(
        [
          ['org', orgSelect.value],
          ['staleDays', days.value || '30'],
        ].filter(([, v]) => v),
      )}`,
    );
  const form = h(
    'form',
    { class: 'card bl-board-filter', onsubmit: (e: Event) => (e.preventDefault(), apply()) },
    h('label', { class: 'label', for: 'bl-org' }, '单位'),
    orgSelect,
    h('label', { class: 'label', for: 'bl-days' }, '无进展天数'),
    days,
    h('button', { type: 'submit', class: 'btn btn-small' }, '查看'),
  );
  api.get<Measures.GetOrganisations.Response>('measures/organisations').then(
    (r) => {
      for (const o of r.data || [])
        if (!ctx.me.organisation || o.code !== ctx.me.organisation.code)
          orgSelect.append(
            h(
              'option',
              { value: o.code },
              `${'　'.repeat(Math.max(0, ['city', 'county', 'township', 'village'].indexOf(o.level) - 1))}${o.name}`,
            ),
          );
      orgSelect.value = org;
    },
    () => {},
  );
  return form;
}

export async function renderBoard(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const org = params.get('org') || '';
  const staleDays = params.get('staleDays') || '30';
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '包案红黑榜')), tabs('board'));
  main.append(boardFilter(ctx, org, staleDays));
  const box = h('div', {}, spinner());
  main.append(box);
  try {
    const s = (
      await api.get<{ data: Backlog.Supervision }>(
        `backlog/supervision${api.query([
          ['organisation', org],
          ['staleDays', staleDays],
        ])}`,
      )
    ).data;
    const c = s.counts;
    append(
      clear(box),
      h('p', { class: 'muted' }, `${s.organisation.name}：红榜为按期化解的包案，黑榜为逾期未化解或${s.staleDays}天无进展的包案。`),
      h(
        'div',
        { class: 'bl-tiles' },
        boardTile(c.total, '包案'),
        boardTile(c.open, '化解中'),
        boardTile(c.resolved, '已化解'),
        boardTile(c.incomplete, '五个一未落实'),
        boardTile(c.red, '红榜', 'bl-red'),
        boardTile(c.black, '黑榜', 'bl-black'),
      ),
      h(
        'section',
        { class: 'card bl-list-red', id: 'red-list' },
        h('h2', { class: 'card-title' }, `红榜（${s.red.length}）`),
        s.red.length
          ? h(
              'ul',
              { class: 'bl-rows' },
              s.red.map((x) => boardRow(x)),
            )
          : h('p', { class: 'muted' }, '暂无'),
      ),
      h(
        'section',
        { class: 'card bl-list-black', id: 'black-list' },
        h('h2', { class: 'card-title' }, `黑榜（${s.black.length}）`),
        s.black.length
          ? h(
              'ul',
              { class: 'bl-rows' },
              s.black.map((x) => boardRow(x, x.why)),
            )
          : h('p', { class: 'muted' }, '暂无'),
      ),
    );
  } catch (err) {
    append(clear(box), banner('error', err.status === 404 ? '该单位不在您的管辖范围内' : `无法读取红黑榜：${err.message}`));
  }
}

// ---------------------------------------------------------------------------------------
// The case page: the backlog case's package

/** The package of a backlog case, or (clerk, leader) a button that opens one. */
export function caseCard(p: Petition, ctx: WorkCtx) {
  if (!p.isBacklog || !READERS.includes(ctx.me.role)) return null;
  const box = h('section', { class: 'card bl-case', id: 'backlog-package' }, h('h2', { class: 'card-title' }, '包案（五个一）'), spinner());
  api
    .get<Backlog.GetPackages.Response>(`backlog-packages?petition=${enc(p.documentId)}`)
    .then((r) => {
      const k = (r.data || [])[0];
      box.lastChild?.remove();
      if (k) {
        append(
          box,
          onesChips(k.fiveOnes),
          h('p', {}, `包案领导：${person(k.leader) || '未确定'} · ${P_STATES[k.state ?? ''] || k.state}`),
          h('a', { class: 'btn btn-small', href: `#/backlog/${enc(k.documentId)}` }, '打开包案'),
        );
      } else if (EDITORS.includes(ctx.me.role)) {
        const b = h('button', { type: 'button', class: 'btn btn-primary btn-small', dataset: { action: 'open-package' } }, '建立包案');
        b.addEventListener('click', async () => {
          setBusy(b, true, '正在建立…');
          try {
            const made = (await api.post<Backlog.CreatePackage.Response>('backlog-packages', { data: { petition: p.documentId } })).data;
            ctx.flash('success', '已建立包案，请落实五个一');
            ctx.go(`#/backlog/${enc(made.documentId)}`);
          } catch (err) {
            ctx.say('error', `未能建立包案：${err.message}`);
            setBusy(b, false);
          }
        });
        append(box, h('p', { class: 'muted' }, '本积案尚未建立包案'), b);
      } else append(box, h('p', { class: 'muted' }, '本积案尚未建立包案'));
    })
    .catch((err) => append(clear(box), banner('error', `无法读取包案：${err.message}`)));
  return box;
}
