// 以案定补台账 (#/subsidies?month=YYYY-MM&committee=<documentId>): the month's per-case subsidies of
// the mediation committees in the caller's jurisdiction, with each mediator's subtotal, the grand
// total, the XLSX and the 一案一档 of the month's cases. Server: plugin subsidy/ (README "以案定补").
import * as api from '../lib/api';
import { h, append, clear, spinner, banner, setBusy, fmtDate } from '../lib/ui';
import { cached, type WorkCtx } from '../lib/shell';
import { exportButton, exportProgress } from '../lib/export-job';
import type { GetLedger, SubsidyRow, LedgerTotals } from '@fangtiao/contracts/subsidy';

/** The roles the server lets read the ledger (src/access/permissions.ts, SUBSIDY_READ). */
export const READERS = ['clerk', 'leader', 'supervisor'];
const yuan = (n: number) => `¥${n.toFixed(2)}`;

/** This month in Beijing (YYYY-MM): the ledger's month is the conclusion's Beijing month. */
export const thisMonth = (now = new Date()) => fmtDate(now).slice(0, 7);

function ledgerTable(rows: SubsidyRow[], totals: LedgerTotals) {
  const cell = (label: string, value: unknown, cls = '') =>
    h('td', { 'data-label': label, class: cls }, value == null ? '' : String(value));
  return h(
    'div',
    { class: 'table-wrap card' },
    h(
      'table',
      { class: 'lg-table sb-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['调解组织', '调解员', '案件编号', '案件类型', '复杂程度', '办结日期', '补贴金额（元）', '备注'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { dataset: { subsidy: r.documentId } },
            cell('调解组织', r.committeeName),
            cell('调解员', r.mediatorName),
            h(
              'td',
              { 'data-label': '编号', class: 'mono' },
              h('a', { href: `#/case/${encodeURIComponent(r.petitionKey)}` }, r.referenceNo || '（未编号）'),
            ),
            cell('类型', r.caseTypeName || '（未分类）'),
            cell('复杂程度', r.complexityLabel),
            cell('办结', fmtDate(r.concludedAt)),
            cell('金额', yuan(r.amount), 'sb-amount'),
            h('td', { 'data-label': '备注' }, r.rateMissing ? h('span', { class: 'badge badge-failure' }, '未设置补贴标准') : null),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        totals.mediators.map((m) =>
          h(
            'tr',
            { class: 'sb-subtotal', dataset: { mediator: m.mediatorName } },
            h('th', { scope: 'row', colspan: 6 }, `${m.mediatorName} 小计 ${m.cases} 件`),
            cell('小计', yuan(m.amount), 'sb-amount'),
            h('td', {}),
          ),
        ),
        h(
          'tr',
          { class: 'sb-total' },
          h('th', { scope: 'row', colspan: 6 }, `合计 ${totals.cases} 件`),
          cell('合计', yuan(totals.amount), 'sb-amount'),
          h('td', {}),
        ),
      ),
    ),
  );
}

async function exportXlsx(button: HTMLButtonElement, q: string, month: string, ctx: WorkCtx) {
  setBusy(button, true, '正在导出…');
  try {
    const file = await api.download(`/api/subsidies/export${q}`, `以案定补台账-${month}.xlsx`);
    ctx.say('success', `已下载${file.name}`);
  } catch (err) {
    ctx.say('error', `未能导出：${err.message}`);
  } finally {
    setBusy(button, false);
  }
}

/** The month and committee pickers; 查看 puts them in the hash. */
function filterForm(month: string, committee: string, ctx: WorkCtx, actions: HTMLElement[]) {
  const when = h('input', { type: 'month', id: 'sb-month', value: month, required: true });
  const pick = h('select', { id: 'sb-committee' }, h('option', { value: '' }, '全部调解组织'));
  cached<{ documentId: string; name: string }>('committees?pagination[pageSize]=100&sort=name').then(
    (list) => {
      for (const c of list || []) pick.append(h('option', { value: c.documentId }, c.name));
      pick.value = committee;
    },
    () => {},
  );
  const show = () =>
    ctx.go(
      `#/subsidies?${new URLSearchParams(
        [
          ['month', when.value || month],
          ['committee', pick.value],
        ].filter(([, v]) => v),
      )}`,
    );
  return h(
    'form',
    { class: 'card bl-board-filter sb-filter', onsubmit: (e: Event) => (e.preventDefault(), show()) },
    h('label', { class: 'label', for: 'sb-month' }, '月份'),
    when,
    h('label', { class: 'label', for: 'sb-committee' }, '调解组织'),
    pick,
    h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, '查看'),
    ...actions,
  );
}

export async function renderSubsidies(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const asked = params.get('month') || '';
  const month = /^\d{4}-\d{2}$/.test(asked) ? asked : thisMonth();
  const committee = params.get('committee') || '';
  const q = api.query([
    ['month', month],
    ['committee', committee],
  ]);
  const xlsx = h(
    'button',
    { type: 'button', class: 'btn btn-small', dataset: { action: 'xlsx' }, onclick: () => exportXlsx(xlsx, q, month, ctx) },
    '下载 Excel',
  );
  // The listed cases, one 一案一档 each.
  let cases: string[] = [];
  const progress = exportProgress('一案一档生成进度');
  const caseFiles = exportButton('case-files', () => ({ documentId: { $in: cases } }), progress, ctx.say);
  caseFiles.disabled = true;
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, '以案定补台账')),
    filterForm(month, committee, ctx, [xlsx, caseFiles, h('div', { class: 'toolbar-row sb-progress' }, progress.bar, progress.text)]),
  );
  const box = h('div', {}, spinner());
  main.append(box);
  try {
    const { data } = (await api.get(`subsidies${q}`)) as GetLedger.Response;
    cases = data.rows.map((r) => r.petitionKey);
    caseFiles.disabled = !cases.length;
    const tile = (n: string | number, t: string) => h('div', { class: 'bl-tile' }, h('strong', {}, String(n)), h('span', {}, t));
    const missing = data.rows.filter((r) => r.rateMissing).length;
    append(
      clear(box),
      h(
        'div',
        { class: 'bl-tiles', id: 'sb-tiles' },
        tile(data.totals.cases, '件'),
        tile(yuan(data.totals.amount), '补贴合计'),
        tile(data.totals.mediators.length, '调解员'),
      ),
      missing ? banner('warn', `${missing} 件案件办结时未设置补贴标准，按 0 元计；请管理员在后台“以案定补标准”中设置`) : null,
      data.rows.length
        ? ledgerTable(data.rows, data.totals)
        : h('p', { class: 'card muted', id: 'sb-empty' }, `${month} 没有办结的调解案件`),
    );
  } catch (err) {
    append(clear(box), banner('error', err.status === 404 ? '该调解组织不在您的管辖范围内' : `无法读取台账：${err.message}`));
  }
}
