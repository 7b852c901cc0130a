#!/usr/bin/env node
'use strict';
/**
 * Runs `npm install` only when node_modules does not match package-lock.json.
 * Plain Node with no dependencies: it must work before anything is installed.
 *
 * npm keeps a copy of what it installed in node_modules/.package-lock.json; comparing it with
 * package-lock.json is much faster than letting npm work that out (~1 s against ~15 s).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const sameDeps = (a = {}, b = {}) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Why node_modules needs an install, or null when it is up to date. */
function staleReason() {
  const lockFile = path.join(root, 'package-lock.json');
  const hiddenFile = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(lockFile)) return 'no package-lock.json';
  if (!fs.existsSync(hiddenFile)) return 'node_modules is missing';
  const pkg = readJson(path.join(root, 'package.json'));
  const lock = readJson(lockFile);
  const hidden = readJson(hiddenFile);
  const top = lock.packages?.[''] ?? {};
  // package.json edited without a new lock: let npm resolve it.
  if (!sameDeps(pkg.dependencies, top.dependencies) || !sameDeps(pkg.devDependencies, top.devDependencies)) {
    return 'package.json and package-lock.json differ';
  }
  for (const [key, want] of Object.entries(lock.packages ?? {})) {
    if (!key) continue;
    const have = hidden.packages?.[key];
    // Optional packages for other platforms (e.g. @swc/core-darwin-arm64) are never installed here.
    if (!have) {
      if (want.optional || want.devOptional) continue;
      return `${key} is not installed`;
    }
    if (have.version !== want.version || have.resolved !== want.resolved) return `${key} is out of date`;
  }
  // A package no longer in the lock but still installed (e.g. one the project dropped) harms
  // nothing: no reinstall for it (the next real install prunes it).
  return null;
}

/** Installs when needed; returns true when it ran npm. Throws when npm fails. */
function ensureDeps({ log = console.log } = {}) {
  const reason = staleReason();
  if (!reason) {
    log('      node_modules 已是最新 up to date, skipping npm install');
    return false;
  }
  log(`      ${reason} → npm install`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (res.status !== 0) throw new Error(`npm install failed (exit ${res.status ?? res.signal})`);
  return true;
}

module.exports = { ensureDeps, staleReason };

if (require.main === module) {
  try {
    ensureDeps();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
