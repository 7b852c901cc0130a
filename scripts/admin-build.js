'use strict';
/**
 * The admin panel's production build, made once per set of inputs and kept in a git-ignored
 * cache (.cache/admin-build/<hash>/), so `npm run demo` and the admin-panel browser test
 * rebuild only when the admin sources, the bundled plugin code or the installed packages
 * change. Plain Node (CommonJS, no dependencies): the demo runs it before anything is built.
 *
 * The build runs with NODE_ENV=production: @strapi/core sets NODE_ENV=development when it is
 * unset, and vite inlines it, which would give a development bundle (Redux's invariant
 * middlewares, React's development build).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const cacheRoot = path.join(root, '.cache', 'admin-build');
const distBuild = path.join(root, 'dist', 'build');

/** Every file under dir (sorted), or none when dir does not exist. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * A hash of everything the admin bundle is made from: the admin sources, the plugins that get
 * bundled (with the server modules their editors reuse), the installed packages, and the
 * STRAPI_ADMIN_* variables vite inlines at build time.
 */
function adminInputsHash() {
  const plugins = path.join(root, 'plugins');
  const pluginDirs = fs.existsSync(plugins) ? fs.readdirSync(plugins).map((p) => path.join(plugins, p)) : [];
  const files = [
    ...listFiles(path.join(root, 'src', 'admin')),
    // The editors bundle the server's own rules and lists from these.
    ...listFiles(path.join(root, 'src', 'case-types')),
    ...listFiles(path.join(root, 'src', 'personal-data')),
    ...listFiles(path.join(root, 'src', 'input-limits')),
    // The kernel's pure entry, which the plugin's rules import (src/kernel/pure.ts and what it re-exports).
    ...['kernel', 'time', 'case-flow', 'jurisdiction'].flatMap((d) => listFiles(path.join(root, 'src', d))),
    path.join(root, 'src', 'csv.ts'),
    path.join(root, 'src', 'constants.ts'),
    ...pluginDirs.flatMap((p) => [
      path.join(p, 'package.json'),
      ...listFiles(path.join(p, 'admin', 'src')),
      ...listFiles(path.join(p, 'shared')),
    ]),
    // Server modules the settings editors and the dashboard import (settings/shared.ts, pages/DashboardModel.ts).
    ...['warnings/rules.ts', 'hearings/roles.ts', 'measures/periods.ts'].map((f) =>
      path.join(root, 'plugins', 'fangtiao', 'server', 'src', f),
    ),
    path.join(root, 'package-lock.json'),
    path.join(root, 'config', 'plugins.ts'),
    path.join(root, 'config', 'admin.ts'),
    path.join(root, 'config', 'server.ts'),
  ].filter((f) => fs.existsSync(f));
  const hash = crypto.createHash('sha256');
  for (const f of files)
    hash
      .update(`${path.relative(root, f)}\0`)
      .update(fs.readFileSync(f))
      .update('\0');
  for (const [k, v] of Object.entries(process.env).sort()) {
    if (k.startsWith('STRAPI_ADMIN_') || k === 'PUBLIC_URL' || k === 'ADMIN_PATH') hash.update(`${k}=${v}\0`);
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * Makes dist/build the production admin bundle for the current inputs: copied from the cache
 * when it has one, otherwise built (`strapi build`, which also compiles the TypeScript) and
 * cached. Returns { built: boolean, seconds }. Throws when the build fails.
 */
function ensureAdminBuild({ log = console.log, env = process.env } = {}) {
  const started = Date.now();
  const hash = adminInputsHash();
  const cached = path.join(cacheRoot, hash);
  if (!fs.existsSync(path.join(cached, 'index.html'))) {
    log(`      strapi build (production, admin panel ${hash}) — a few minutes the first time`);
    const res = spawnSync(process.execPath, [strapiBin, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
    });
    if (res.status !== 0) throw new Error(`strapi build failed (exit ${res.status ?? res.signal})`);
    fs.writeFileSync(path.join(distBuild, '.admin-build-hash'), `${hash}\n`);
    // Keep only the newest few builds.
    fs.rmSync(`${cached}.tmp`, { recursive: true, force: true });
    fs.cpSync(distBuild, `${cached}.tmp`, { recursive: true });
    fs.renameSync(`${cached}.tmp`, cached);
    const old = fs
      .readdirSync(cacheRoot)
      .map((d) => path.join(cacheRoot, d))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const d of old.slice(3)) fs.rmSync(d, { recursive: true, force: true });
    return { built: true, seconds: (Date.now() - started) / 1000 };
  }
  const stamp = path.join(distBuild, '.admin-build-hash');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8').trim() !== hash) {
    fs.rmSync(distBuild, { recursive: true, force: true });
    fs.cpSync(cached, distBuild, { recursive: true });
    fs.writeFileSync(stamp, `${hash}\n`);
  }
  log(`      管理后台无变化 admin panel unchanged (${hash}, from .cache/admin-build)`);
  return { built: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * The whole production build (`npm run build`, `npm run demo`): the admin panel as above and
 * the server's TypeScript (which `strapi build` compiles itself when the panel is built).
 */
function buildApp(options = {}) {
  const admin = ensureAdminBuild(options);
  if (!admin.built) {
    const res = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (res.status !== 0) throw new Error(`tsc failed (exit ${res.status ?? res.signal})`);
  }
  return admin;
}

module.exports = { adminInputsHash, ensureAdminBuild, buildApp };

if (require.main === module) {
  try {
    buildApp();
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
}
