#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: install → .env → build → start with demo data, as production runs (NODE_ENV=production, `strapi start`). Plain Node (CommonJS) with no
 * dependencies, so it runs on a fresh clone before node_modules exists. Every step is skipped
 * when there is nothing to do, so a second run starts in seconds and keeps the data.
 */
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureDeps } = require('./ensure-deps');
const { buildApp } = require('./admin-build');

const root = path.join(__dirname, '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

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

/**
 * The desk's form rules, the production admin panel (from .cache/admin-build when its inputs
 * have not changed, see ./admin-build.js) and the server's TypeScript.
 */
function build() {
  // The desk's copy of the server's form rules (public/desk/vendor/, generated).
  run([path.join(root, 'scripts', 'build-desk.js')], 'build-desk');
  try {
    buildApp({ env: childEnv() });
  } catch (err) {
    console.error(`\n✗ ${err.message}`);
    process.exit(1);
  }
}

function start() {
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: root,
    stdio: 'inherit',
    // As production runs it: the production bundle, no auto-reload, Strapi's production defaults.
    env: childEnv({ FANGTIAO_DEMO: 'true', NODE_ENV: 'production' }),
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
console.log(
  `      (steps 1–3 took ${secs(started)}) 演示账号会打印在下方 the demo accounts are printed below once Strapi is up; Ctrl-C stops it.\n`,
);
start();
