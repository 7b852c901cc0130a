#!/usr/bin/env node
'use strict';
/**
 * First-run set-up: writes .env with fresh random secrets when it is missing (never
 * committed), adds any secret a newer version needs, and creates the SQLite folder.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const envFile = path.join(root, '.env');
const rand = (n = 24) => crypto.randomBytes(n).toString('base64url');

const wanted = {
  HOST: '0.0.0.0',
  PORT: '1337',
  APP_KEYS: [rand(), rand(), rand(), rand()].join(','),
  API_TOKEN_SALT: rand(),
  ADMIN_JWT_SECRET: rand(32),
  TRANSFER_TOKEN_SALT: rand(),
  JWT_SECRET: rand(32),
  ENCRYPTION_KEY: rand(32),
  // ID and phone numbers at rest (AES-256-GCM + HMAC lookups); see README "Personal data at rest".
  FANGTIAO_PII_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
  DEMO_PASSWORD: `Demo-${rand(6)}`,
  STRAPI_TELEMETRY_DISABLED: 'true',
};

const existing = fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : '';
const present = new Set(
  existing
    .split('\n')
    .map((l) => l.split('=')[0].trim())
    .filter(Boolean),
);
const missing = Object.entries(wanted).filter(([k]) => !present.has(k));
if (missing.length) {
  const lines = missing.map(([k, v]) => `${k}=${v}`).join('\n');
  fs.writeFileSync(envFile, (existing && !existing.endsWith('\n') ? existing + '\n' : existing) + lines + '\n', { mode: 0o600 });
  console.log(existing ? `[setup] added ${missing.map(([k]) => k).join(', ')} to .env` : '[setup] wrote .env with new random secrets');
}
fs.mkdirSync(path.join(root, 'database', 'data'), { recursive: true });
