#!/usr/bin/env node
/**
 * `npm run lint`: ESLint (typescript-eslint, eslint.config.cjs) over src/, plugins/, desk/, test/
 * and scripts/, then the desk's type-check (`tsc -p desk/tsconfig.json`: esbuild, which bundles the
 * desk, does not check types; the server's own tsc runs in every build), then Prettier's check
 * (`.prettierrc.json`) over FORMAT_GLOBS: the files that differ are listed with the command that
 * formats them. Prints every error and every warning but one kind: `any` in the code, which is
 * counted instead — the count for the server code (src/ and plugins/<plugin>/server/) is printed
 * and held to the ceiling in scripts/any-ceiling.json, so it can only fall: over the ceiling is an
 * error; under it, the step says to lower the ceiling to the new count (commit that with the change).
 * Exits 1 on any error. Well under a minute on a quiet machine.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ESLint } = require('eslint');

const ROOT = path.join(__dirname, '..');
const TARGETS = ['src', 'plugins', 'desk', 'test', 'scripts', 'eslint.config.cjs'];
const ANY = '@typescript-eslint/no-explicit-any';
const CEILING_FILE = path.join(__dirname, 'any-ceiling.json');
/** What Prettier checks: the code and the top-level config (not package-lock.json, not public/). */
const FORMAT_GLOBS = [
  'src/**/*.{ts,js,json}',
  'plugins/**/*.{ts,tsx,js,json}',
  'desk/src/**/*.ts',
  'config/**/*.ts',
  'scripts/**/*.{js,cjs}',
  'test/**/*.ts',
  'bench/**/*.js',
  'eslint.config.cjs',
  'jest.config.js',
  'jest.cluster.config.js',
  'package.json',
  'tsconfig.json',
  '.prettierrc.json',
];

const isServer = (file) => {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return (rel.startsWith('src/') && !rel.startsWith('src/admin/')) || /^plugins\/[^/]+\/server\//.test(rel);
};

async function main() {
  const started = Date.now();
  const eslint = new ESLint({ cwd: ROOT });
  const results = await eslint.lintFiles(TARGETS);
  let serverAny = 0;
  let otherAny = 0;
  const byModule = new Map();
  for (const r of results) {
    const anys = r.messages.filter((m) => m.ruleId === ANY).length;
    if (isServer(r.filePath)) {
      serverAny += anys;
      const rel = path.relative(ROOT, r.filePath).split(path.sep);
      const key = rel[0] === 'src' ? `src/${rel[1]}` : rel.slice(0, 5).join('/');
      if (anys) byModule.set(key, (byModule.get(key) ?? 0) + anys);
    } else otherAny += anys;
    r.messages = r.messages.filter((m) => m.ruleId !== ANY);
    r.warningCount = r.messages.filter((m) => m.severity === 1).length;
    r.errorCount = r.messages.filter((m) => m.severity === 2).length;
  }
  const formatter = await eslint.loadFormatter('stylish');
  const text = await formatter.format(results);
  if (text) process.stdout.write(text);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const top = [...byModule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  process.stdout.write(`\n[lint] ${results.length} files, ${errors} errors, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(
    `[lint] \`any\` in server code (src/, plugins/*/server/): ${serverAny}; elsewhere (admin, tests, scripts): ${otherAny}\n`,
  );
  process.stdout.write(`[lint] most in: ${top.map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  const ceiling = checkCeiling(serverAny);
  if (ceiling.message) process.stdout.write(`${ceiling.message}\n`);
  const desk = checkDesk();
  const formatted = checkFormat();
  process.exitCode = errors || ceiling.over || !desk || !formatted ? 1 : 0;
}

/** The desk's TypeScript (browser, bundled by scripts/build-desk.js), checked on its own tsconfig. */
function checkDesk() {
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'desk', 'tsconfig.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const out = `${tsc.stdout || ''}${tsc.stderr || ''}`;
  if (out.trim()) process.stdout.write(out);
  const errors = (out.match(/error TS\d+/g) || []).length;
  process.stdout.write(
    `[lint] desk type-check (tsc -p desk/tsconfig.json): ${tsc.status === 0 ? 'clean' : `${errors} errors`}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return tsc.status === 0;
}

/**
 * Prettier's check over `globs` in `root` (`--list-different`: the names of the files it would
 * change), printed through `write`. Cached in <root>/.cache/prettier-lint (content and options), so
 * a second run reads only what changed. Returns whether every file is formatted.
 */
function checkFormat({ root = ROOT, globs = FORMAT_GLOBS, write = (text) => process.stdout.write(text) } = {}) {
  const started = Date.now();
  const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [ROOT] });
  const cache = ['--cache', '--cache-location', path.join(root, '.cache', 'prettier-lint')];
  const run = spawnSync(process.execPath, [prettier, '--list-different', ...cache, ...globs], { cwd: root, encoding: 'utf8' });
  const files = (run.stdout || '').split('\n').filter(Boolean);
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  // 1 is "some files differ"; anything else (2) is Prettier failing, e.g. on a syntax error.
  if (run.status !== 0 && run.status !== 1) {
    write(`${run.stderr || ''}[lint] error: prettier failed (exit ${run.status}), ${took}\n`);
    return false;
  }
  if (!files.length) {
    write(`[lint] prettier (.prettierrc.json): clean, ${took}\n`);
    return true;
  }
  write(`[lint] error: ${files.length} files not formatted by Prettier (.prettierrc.json), ${took}:\n`);
  for (const f of files) write(`  ${f}\n`);
  write(`[lint] fix: npx prettier --write ${files.join(' ')}\n`);
  return false;
}

/**
 * Holds the server's `any` count to the ceiling stored in `file`: over it is an error; under it,
 * a note to lower the ceiling. Returns whether the count is over, and the line to print (or null).
 */
function checkCeiling(count, file = CEILING_FILE) {
  const { server: ceiling } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const rel = path.relative(ROOT, file);
  if (count > ceiling)
    return {
      over: true,
      message: `[lint] error: ${count} \`any\` in server code, over the ceiling of ${ceiling} (${rel}): type the new code instead`,
    };
  if (count < ceiling)
    return {
      over: false,
      message: `[lint] under the ceiling of ${ceiling}: set "server" in ${rel} to ${count} and commit it, so it cannot rise again`,
    };
  return { over: false, message: null };
}

module.exports = { checkCeiling, checkFormat, FORMAT_GLOBS };

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`[lint] failed: ${err.stack || err.message}\n`);
    process.exitCode = 2;
  });
}
