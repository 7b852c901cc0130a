// 考核指标 — the supervisor's view on the desk: the measures of its jurisdiction (or an
// organisation inside it) for a period, against the previous period and the target, as
// charts (Chart.js); each figure opens the ledger rows behind it; XLSX export.
// Uses the desk's login (its session in sessionStorage, refreshed as the desk does).

import { auth, authorizedFetch } from '../lib/api';
import { fmtDateTime } from '../lib/ui';
import { periodChoices, screenColumns } from '../lib/rules';
import type { Measures } from '@fangtiao/contracts';

type Measure = Measures.Measure;
/** Chart.js, loaded by the page's own <script>: only what this page uses of it. */
interface Chart {
  destroy(): void;
}
type ChartConstructor = new (canvas: HTMLElement, config: unknown) => Chart;

// The page's own elements, by id: inputs and selects whose .value the page reads.
const $ = (id: string) => document.getElementById(id) as HTMLInputElement;

/** A JSON answer of the measures API as `T`, or (`blob`) the file; a refusal throws with its message in Chinese. */
async function call<T>(path: string, opts: { blob?: boolean } = {}): Promise<T> {
  const res = await authorizedFetch(path);
  if (opts.blob && res.ok) return (await res.blob()) as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const msg =
      res.status === 403
        ? '您的角色无权查看或导出考核指标'
        : res.status === 401
          ? '登录已过期，请回工作台重新登录'
          : body?.error?.message || `请求失败（${res.status}）`;
    throw new Error(msg);
  }
  return body as T;
}

/** The current and the 11 earlier periods of a kind (Shanghai calendar), as the server keys them. */
const periodOptions = (kind: string) => periodChoices(kind as Parameters<typeof periodChoices>[0]).map((p) => [p.key, p.label]);

const fmt = (m: Measure, v: number | null | undefined) =>
  v === null || v === undefined ? '—' : m.unit === 'rate' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const el = (tag: string, attrs: Record<string, unknown> = {}, ...children: unknown[]) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = String(v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v as EventListener);
    else e.setAttribute(k, String(v));
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
};

const charts: Record<string, Chart> = {};
function barChart(id: string, measures: Measure[], scale: (v: number | null) => number | null) {
  const data = {
    labels: measures.map((m) => m.label),
    datasets: [
      { label: '本期', data: measures.map((m) => scale(m.value)), backgroundColor: '#8f1d21' },
      { label: '上期', data: measures.map((m) => scale(m.previous.value)), backgroundColor: '#b9bec7' },
      { label: '目标', data: measures.map((m) => scale(m.target)), backgroundColor: '#17733a' },
    ],
  };
  charts[id]?.destroy();
  charts[id] = new (window as unknown as { Chart: ChartConstructor }).Chart($(id), {
    type: 'bar',
    data,
    options: {
      responsive: true,
      animation: false,
      onClick: (_: unknown, items: { index: number }[]) => items.length && showRows(measures[items[0].index]),
      scales: { y: { beginAtZero: true, ...(scale === pct ? { max: 100, ticks: { callback: (v: number) => `${v}%` } } : {}) } },
    },
  });
}

const query = () => {
  const q = new URLSearchParams({ period: $('m-period').value });
  if ($('m-org').value) q.set('org', $('m-org').value);
  return q.toString();
};
const showError = (e: unknown) => {
  $('m-error').textContent = e ? (e as Error).message || String(e) : '';
  $('m-error').hidden = !e;
};

async function load() {
  showError(null);
  try {
    const { data } = await call<Measures.GetDashboard.Response>(`/api/measures?${query()}`);
    const basis = data.aggregates ? `；月度汇总截至 ${fmtDateTime(data.aggregates.until)}，其后实时` : '';
    $('m-scope').textContent = `${data.organisation?.name ?? ''} · ${data.period.label}（上期 ${data.previous.label}${basis}）`;
    $('m-charts').hidden = false;
    $('m-table-wrap').hidden = false;
    $('m-rows-wrap').hidden = true;
    barChart(
      'm-rates',
      data.measures.filter((m) => m.unit === 'rate'),
      pct,
    );
    barChart(
      'm-counts',
      data.measures.filter((m) => m.unit === 'count'),
      (v: number | null) => (v === null ? null : v),
    );
    const table = $('m-table');
    table.replaceChildren(
      el('tr', {}, ...['指标', '本期', '构成', '上期', '上年同期', '目标', '', ''].map((h) => el('th', {}, h))),
      ...data.measures.map((m) =>
        el(
          'tr',
          {},
          el('td', { title: m.formula }, m.label),
          el('td', {}, fmt(m, m.value)),
          el('td', { class: 'm-muted' }, m.unit === 'rate' ? `${m.numerator} / ${m.denominator}` : String(m.numerator)),
          el('td', {}, fmt(m, m.previous.value)),
          el('td', {}, fmt(m, m.yearAgo.value)),
          el('td', {}, m.target === null ? '—' : `${fmt(m, m.target)}${m.targetLabel ? `（${m.targetLabel}）` : ''}`),
          el('td', { class: m.met === null ? '' : m.met ? 'm-ok' : 'm-bad' }, m.met === null ? '' : m.met ? '达标' : '未达标'),
          el('td', {}, el('button', { type: 'button', class: 'm-link', onclick: () => showRows(m) }, '台账')),
        ),
      ),
    );
  } catch (e) {
    showError(e);
  }
}

async function showRows(m: Measure) {
  showError(null);
  try {
    const { data, meta } = await call<Measures.GetRows.Rows>(`/api/measures/${m.key}/rows?${query()}`);
    const cols = screenColumns(m.ledger);
    $('m-rows-title').textContent = `${m.label} · 台账（${meta.period.label}）`;
    $('m-rows-meta').textContent =
      `${m.formula}。${m.numeratorLabel} ${meta.numerator}${m.unit === 'rate' ? `，${m.denominatorLabel} ${meta.denominator}` : ''}${meta.truncated ? '（仅显示前 20000 条）' : ''}`;
    $('m-rows').replaceChildren(
      el('tr', {}, ...cols.map(([, h]) => el('th', {}, h)), el('th', {}, '计入')),
      ...data.map((r) =>
        el(
          'tr',
          {},
          ...cols.map(([k]) => el('td', {}, r[k] ?? '')),
          el(
            'td',
            {},
            r.inNumerator ? el('span', { class: 'm-tag' }, m.numeratorLabel) : '',
            m.unit === 'rate' && r.inDenominator ? el('span', { class: 'm-tag' }, m.denominatorLabel) : '',
          ),
        ),
      ),
    );
    $('m-rows-wrap').hidden = false;
    $('m-rows-wrap').scrollIntoView({ behavior: 'smooth' });
  } catch (e) {
    showError(e);
  }
}

async function exportXlsx() {
  showError(null);
  try {
    const blob = await call<Blob>(`/api/measures/export?${query()}`, { blob: true });
    const a = el('a', { href: URL.createObjectURL(blob), download: `考核指标-${$('m-period').value}.xlsx` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    showError(e);
  }
}

function fillPeriods() {
  $('m-period').replaceChildren(...periodOptions($('m-kind').value).map(([k, l]) => el('option', { value: k }, l)));
}

async function start() {
  if (!auth.token) {
    $('m-login').hidden = false;
    return;
  }
  $('m-filters').hidden = false;
  fillPeriods();
  try {
    const { data } = await call<Measures.GetOrganisations.Response>('/api/measures/organisations');
    $('m-org').replaceChildren(...data.map((o, i) => el('option', { value: i === 0 ? '' : o.code }, `${o.name}（${o.code}）`)));
  } catch (e) {
    showError(e);
    return;
  }
  $('m-kind').addEventListener('change', () => {
    fillPeriods();
    load();
  });
  $('m-period').addEventListener('change', load);
  $('m-org').addEventListener('change', load);
  $('m-export').addEventListener('click', exportXlsx);
  await load();
}

start();
