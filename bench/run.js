#!/usr/bin/env node
'use strict';
/**
 * `npm run bench -- <area>`: compiles the app, runs bench/<area>.js and writes
 * bench/results/<area>.json ({"metrics": {...}}) and a readable <area>.txt table.
 *
 * An area module exports `async run({ root, log })` returning
 * `{ metrics: { name: number }, rows: [[metric, value, target], ...] }`.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const area = process.argv[2];
const log = (...args) => console.log('[bench]', ...args);

function usage(message) {
  const areas = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run.js')
    .map((f) => f.slice(0, -3));
  console.error(`${message}\nusage: npm run bench -- <area>   (areas: ${areas.join(', ')})`);
  process.exit(2);
}

/** Right-pads columns; numbers get at most 3 decimals. */
function table(rows) {
  const cells = [['metric', 'value', 'target'], ...rows].map((r) =>
    r.map((c) => (typeof c === 'number' ? String(Math.round(c * 1000) / 1000) : String(c ?? ''))),
  );
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

async function main() {
  if (!area || !/^[\w-]+$/.test(area)) usage('which area?');
  const file = path.join(__dirname, `${area}.js`);
  if (area === 'run' || !fs.existsSync(file)) usage(`no bench/${area}.js`);

  // Areas measure the compiled app in dist/, so it must match the sources.
  const started = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  log(`compiled TypeScript in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { metrics, rows } = await require(file).run({ root, log });
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`metric ${k} is not a finite number: ${v}`);
  }
  const outDir = path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${area}.json`), JSON.stringify({ metrics }, null, 2) + '\n');
  const text = table(rows);
  fs.writeFileSync(path.join(outDir, `${area}.txt`), text);
  console.log(`\n${text}`);
  log(`wrote bench/results/${area}.json and ${area}.txt`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
