#!/usr/bin/env node
/**
 * `npm run format:check`: Prettier (.prettierrc.json) on the files this branch changed against
 * main (or the ref given: `npm run format:check -- origin/main`) — a quick pre-merge check of
 * just those files (Markdown and CSS too). The whole tree is checked by `npm run lint` (in CI,
 * scripts/lint.js FORMAT_GLOBS). `-- --write` formats those files.
 */
const path = require('path');
const fs = require('fs');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const base = args.find((a) => !a.startsWith('--')) || 'main';

const mergeBase = execFileSync('git', ['merge-base', 'HEAD', base], { cwd: ROOT }).toString().trim();
const changed = execFileSync('git', ['diff', '--name-only', '--diff-filter=ACMR', mergeBase], { cwd: ROOT })
  .toString()
  .split('\n')
  .filter(
    (f) =>
      /\.(ts|tsx|js|cjs|mjs|json|css|md)$/.test(f) &&
      !/^(package-lock\.json|public\/desk\/vendor\/)/.test(f) &&
      fs.existsSync(path.join(ROOT, f)),
  );
if (!changed.length) {
  process.stdout.write(`[format] no changed files since ${base}\n`);
  process.exit(0);
}
const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [ROOT] });
const res = spawnSync(process.execPath, [prettier, write ? '--write' : '--check', ...changed], { cwd: ROOT, stdio: 'inherit' });
process.exit(res.status ?? 1);
