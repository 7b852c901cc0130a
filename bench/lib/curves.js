'use strict';
/**
 * The scale bench's chart: time against rows, log-log, one line per path, drawn by vega-lite
 * (compiled to a vega spec, rendered to SVG in Node, no native dependencies).
 */
const PATHS = [
  ['county_list_p95_ms', '县级干部列表 p95 (ms)'],
  ['city_list_p95_ms', '市级督查列表 p95 (ms)'],
  ['id_search_ms', '身份证号精确查找 (ms)'],
  ['name_search_ms', '姓名前缀查找 (ms)'],
  ['create_ms', '登记（20项表单）(ms)'],
  ['county_dashboard_ms', '县年度指标 (ms)'],
  ['city_dashboard_live_ms', '市年度指标，实时计算 (ms)'],
  ['city_dashboard_ms', '市年度指标，月度汇总 + 2日实时 (ms)'],
  ['city_dashboard_20d_live_ms', '市年度指标，月度汇总 + 20日实时 (ms)'],
  ['measure_refresh_s', '月度汇总任务 (ms)', 1000],
  ['scan_s', '每日预警扫描 (ms)', 1000],
  ['credit_expiry_s', '失信到期任务 (ms)', 1000],
];

/** ESM-only packages, from the app's node_modules (devDependencies) or BENCH_VEGA_DIR. */
async function esm(name) {
  const fs = require('fs');
  const path = require('path');
  const { pathToFileURL } = require('url');
  const dirs = [...(require.resolve.paths(name) ?? []), process.env.BENCH_VEGA_DIR].filter(Boolean);
  const dir = dirs.map((d) => path.join(d, name)).find((d) => fs.existsSync(path.join(d, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const dot = pkg.exports?.['.'];
  const entry = (typeof dot === 'string' ? dot : (dot?.import ?? dot?.default)) ?? pkg.module ?? pkg.main ?? 'index.js';
  return import(pathToFileURL(path.join(dir, typeof entry === 'string' ? entry : entry.default)).href);
}

async function drawCurves(metrics, sizes) {
  const vega = await esm('vega');
  const vl = await esm('vega-lite');
  const values = [];
  for (const [key, label, scale = 1] of PATHS) {
    for (const [size, rows] of Object.entries(sizes)) {
      const v = metrics[`${key}_${size}`];
      if (typeof v === 'number' && v > 0) values.push({ path: label, rows, ms: v * scale });
    }
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: '访调 规模成本曲线（PostgreSQL，2 核共享机器）', font: 'sans-serif' },
    width: 560,
    height: 380,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rows', type: 'quantitative', scale: { type: 'log' }, title: '信访事项（行）' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: '耗时 (ms)' },
      color: {
        field: 'path',
        type: 'nominal',
        title: '路径',
        sort: PATHS.map(([, l]) => l),
        scale: { scheme: 'tableau20' },
        legend: { labelLimit: 320 },
      },
    },
    config: { font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

module.exports = { drawCurves };
