#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: install → .env → build → start with demo data. Plain Node (CommonJS) with no
 * dependencies, so it runs on a fresh clone before node_modules exists. Every step is skipped
 * when there is nothing to do, so a second run starts in seconds and keeps the data.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureDeps } = require('./ensure-deps');

const root = path.join(__dirname, '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const adminStamp = path.join(root, 'dist', '.admin-build-stamp');

let stepStarted = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
function step(n, text) {
  stepStarted = Date.now();
  console.log(`\n[${n}/4] ${text}`);
}
const done = () => console.log(`      完成 done in ${secs(stepStarted)}`);

/** Runs a command in the app folder and stops the demo when it fails. */
function run(args, what) {
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: childEnv() });
  if (res.status !== 0) {
    console.error(`\n✗ ${what} 失败 failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
}

function childEnv(extra = {}) {
  return {
    ...process.env,
    STRAPI_TELEMETRY_DISABLED: 'true',
    ...extra,
  };
}

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
 * bundled, the installed packages, and the STRAPI_ADMIN_* variables vite inlines at build time.
 */
function adminInputsHash() {
  const plugins = path.join(root, 'plugins');
  const pluginDirs = fs.existsSync(plugins) ? fs.readdirSync(plugins).map((p) => path.join(plugins, p)) : [];
  const files = [
    ...listFiles(path.join(root, 'src', 'admin')),
    // The form-schema editor bundles the server's own rules from these.
    ...listFiles(path.join(root, 'src', 'case-types')),
    ...listFiles(path.join(root, 'src', 'personal-data')),
    ...pluginDirs.flatMap((p) => [path.join(p, 'package.json'), ...listFiles(path.join(p, 'admin'))]),
    path.join(root, 'package-lock.json'),
    path.join(root, 'config', 'plugins.ts'),
    path.join(root, 'config', 'admin.ts'),
  ].filter((f) => fs.existsSync(f));
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(`${path.relative(root, f)}\0`).update(fs.readFileSync(f)).update('\0');
  for (const [k, v] of Object.entries(process.env).sort()) {
    if (k.startsWith('STRAPI_ADMIN_') || k === 'PUBLIC_URL' || k === 'ADMIN_PATH') hash.update(`${k}=${v}\0`);
  }
  return hash.digest('hex');
}

function build() {
  // The desk's copy of the server's form rules (public/desk/vendor/, generated).
  run([path.join(root, 'scripts', 'build-desk.js')], 'build-desk');
  const hash = adminInputsHash();
  const built = fs.existsSync(path.join(root, 'dist', 'build', 'index.html'));
  const stamp = fs.existsSync(adminStamp) ? fs.readFileSync(adminStamp, 'utf8').trim() : '';
  if (built && stamp === hash) {
    // The admin bundle is current: compiling the server code is all that is left (seconds).
    console.log('      管理后台无变化 admin panel unchanged → compiling TypeScript only');
    run([require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.json'], 'tsc');
    return;
  }
  console.log('      strapi build (TypeScript + admin panel, ~1–3 min the first time)');
  run([strapiBin, 'build'], 'strapi build');
  fs.writeFileSync(adminStamp, hash + '\n');
}

function start() {
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: root,
    stdio: 'inherit',
    env: childEnv({ FANGTIAO_DEMO: 'true' }),
  });
  // Ctrl-C reaches the whole process group; relay other stop signals so Strapi shuts down cleanly.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const started = Date.now();
step(1, '安装依赖 Installing dependencies…');
try {
  ensureDeps();
} catch (err) {
  console.error(`\n✗ ${err.message}`);
  process.exit(1);
}
done();

step(2, '准备环境 Preparing .env and the database folder…');
run([path.join(__dirname, 'prepare-env.js')], 'prepare-env');
done();

step(3, '构建 Building…');
build();
done();

step(4, '启动 Starting Strapi with demo data…');
console.log(`      (steps 1–3 took ${secs(started)}) 演示账号会打印在下方 the demo accounts are printed below once Strapi is up; Ctrl-C stops it.\n`);
start();
