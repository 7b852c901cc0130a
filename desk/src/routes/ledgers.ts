// 初信初访台账 (#/ledgers?cadence=day|week|month&period=&org=): the first petitions of a day
// (日日清), a week (周周结) or a month (月月审) in the caller's jurisdiction, with the counts
// the scheduled jobs record and the XLSX download. Clerks, leaders and supervisors.
import * as api from '../lib/api';
import { h, append, clear, spinner, banner, setBusy } from '../lib/ui';
import type { Measures } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

export const READERS = ['clerk', 'leader', 'supervisor'];
const CADENCES = [
  ['day', '日日清'],
  ['week', '周周结'],
  ['month', '月月审'],
];
const INPUTS: Record<string, string> = { day: 'date', week: 'week', month: 'month' };
const enc = encodeURIComponent;

function ledgerTable(rows: Measures.LedgerRow[]) {
  return h(
    'div',
    { class: 'table-wrap card' },
    h(
      'table',
      { class: 'lg-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['信访编号', '事项摘要', '渠道', '责任单位', '登记时间', '状态', '办理期限', '办结时间'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((x) =>
          h(
            'tr',
            { dataset: { petition: x.documentId }, class: x.isBacklog ? 'lg-backlog' : '' },
            h('td', { class: 'mono', 'data-label': '编号' }, h('a', { href: `#/case/${enc(x.documentId)}` }, x.referenceNo || '')),
            h('td', { 'data-label': '事项' }, x.subject, x.isBacklog ? h('span', { class: 'badge badge-backlog' }, '积案') : null),
            h('td', { 'data-label': '渠道' }, x.channelLabel),
            h('td', { 'data-label': '责任单位' }, x.unit),
            h('td', { 'data-label': '登记' }, x.registeredAt),
            h('td', { 'data-label': '状态' }, x.stateLabel),
            h('td', { 'data-label': '期限' }, x.dueAt),
            h('td', { 'data-label': '办结' }, x.concludedAt),
          ),
        ),
      ),
    ),
  );
}

function cadenceTabs(cadence: string, href: (cadence: string) => string) {
  return h(
    'div',
    { class: 'bl-tabs', role: 'tablist' },
    CADENCES.map(([k, t]) =>
      h(
        'a',
        {
          href: href(k),
          class: `chip bl-tab${k === cadence ? ' is-on' : ''}`,
          role: 'tab',
          'aria-selected': k === cadence ? 'true' : 'false',
        },
        t,
      ),
    ),
  );
}

async function exportLedger(download: HTMLButtonElement, q: string, ctx: WorkCtx) {
  setBusy(download, true, '正在导出…');
  try {
    const file = await api.download(`/api/ledgers/first-petitions/export${q}`, `初信初访台账.xlsx`);
    ctx.say('success', `已下载${file.name}`);
  } catch (err) {
    ctx.say('error', `未能导出：${err.message}`);
  } finally {
    setBusy(download, false);
  }
}

/** The organisations below the caller's, for the filter (the caller's own is the first option). */
function fillOrganisations(orgSelect: HTMLSelectElement, ctx: WorkCtx, org: string) {
  api.get<Measures.GetOrganisations.Response>('measures/organisations').then(
    (r) => {
      for (const o of r.data || [])
        if (!ctx.me.organisation || o.code !== ctx.me.organisation.code) orgSelect.append(h('option', { value: o.code }, o.name));
      orgSelect.value = org;
    },
    () => {},
  );
}

export async function renderLedgers(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const asked = params.get('cadence') || '';
  const cadence = CADENCES.some(([k]) => k === asked) ? asked : 'day';
  const period = params.get('period') || '';
  const org = params.get('org') || '';
  const href = (c: string) => `#/ledgers?cadence=${c}${org ? `&org=${enc(org)}` : ''}`;
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '初信初访台账')), cadenceTabs(cadence, href));
  // <input type=week> gives 2026-W49, type=month 2026-12, type=date 2026-12-04: the server's keys.
  const when = h('input', { type: INPUTS[cadence], id: 'lg-period', value: period });
  const orgSelect = h('select', { id: 'lg-org' }, h('option', { value: '' }, ctx.me.organisation ? ctx.me.organisation.name : '本单位'));
  const show = () =>
    ctx.go(
      `#/ledgers?${new URLSearchParams(
        [
          ['cadence', cadence],
          ['period', when.value],
          ['org', orgSelect.value],
        ].filter(([, v]) => v),
      )}`,
    );
  const download = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'xlsx' } }, '下载 Excel');
  main.append(
    h(
      'form',
      { class: 'card bl-board-filter lg-filter', onsubmit: (e: Event) => (e.preventDefault(), show()) },
      h('label', { class: 'label', for: 'lg-period' }, cadence === 'day' ? '日期' : cadence === 'week' ? '周' : '月份'),
      when,
      h('label', { class: 'label', for: 'lg-org' }, '单位'),
      orgSelect,
      h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, '查看'),
      download,
    ),
  );
  fillOrganisations(orgSelect, ctx, org);
  const q = api.query([
    ['cadence', cadence],
    ['period', period],
    ['org', org],
  ]);
  download.addEventListener('click', () => exportLedger(download, q, ctx));
  const box = h('div', {}, spinner());
  main.append(box);
  try {
    const r = await api.get<Measures.GetFirstPetitions.Response>(`ledgers/first-petitions${q}`);
    const m = r.meta;
    if (!period) when.value = m.period.key;
    const rows = r.data || [];
    const c = m.counts;
    const tile = (n: number, t: string) => h('div', { class: 'bl-tile' }, h('strong', {}, String(n)), h('span', {}, t));
    append(
      clear(box),
      h(
        'p',
        { class: 'muted', id: 'lg-caption' },
        `${m.period.label} · ${m.period.periodLabel} · ${(m.organisation && m.organisation.name) || ''}`,
      ),
      h(
        'div',
        { class: 'bl-tiles' },
        tile(c.registered, '登记'),
        tile(c.concluded, '办结'),
        tile(c.open, '未办结'),
        tile(c.backlog, '积案'),
      ),
      m.truncated ? banner('warn', '行数过多，仅显示前 5000 行；请缩小范围或下载 Excel') : null,
      rows.length ? ledgerTable(rows) : h('p', { class: 'card muted' }, '该期间没有初信初访'),
    );
  } catch (err) {
    append(clear(box), banner('error', err.status === 404 ? '该单位不在您的管辖范围内' : `无法读取台账：${err.message}`));
  }
}
