#!/usr/bin/env node
'use strict';
/**
 * `npm run pii:rotate` — key rotation for personal data at rest (ID and phone numbers).
 *
 * 1. Puts a new key first in FANGTIAO_PII_KEYS in .env, keeping the old ones to read with.
 * 2. Boots the app once: its start re-encrypts every stored value under the new key and
 *    recomputes the lookup hashes (src/personal-data/at-rest.ts, reencryptStored).
 * 3. With --drop-old, removes the old keys from .env afterwards.
 * In a cluster: give every instance the new key list (new key first) and restart them before
 * running this, and drop the old keys everywhere only after it has finished.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.join(__dirname, '..');
const envFile = path.join(root, '.env');
require(path.join(root, 'scripts', 'prepare-env.js'));
const text = fs.readFileSync(envFile, 'utf8');
const line = text.split('\n').find((l) => l.startsWith('FANGTIAO_PII_KEYS='));
const keys = line ? line.slice('FANGTIAO_PII_KEYS='.length).split(',').filter(Boolean) : [];
const n = Math.max(0, ...keys.map((k) => Number(/^k(\d+):/.exec(k)?.[1] ?? 0))) + 1;
const next = [`k${n}:${crypto.randomBytes(32).toString('base64')}`, ...keys];
const write = (list) => {
  const body = fs
    .readFileSync(envFile, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('FANGTIAO_PII_KEYS='));
  while (body.length && body[body.length - 1] === '') body.pop();
  fs.writeFileSync(envFile, [...body, `FANGTIAO_PII_KEYS=${list.join(',')}`, ''].join('\n'), { mode: 0o600 });
};
write(next);
console.log(`[pii:rotate] new key k${n} first in FANGTIAO_PII_KEYS (${keys.length} older kept to read)`);

(async () => {
  process.env.FANGTIAO_PII_KEYS = next.join(',');
  process.env.CRON_ENABLED = 'false';
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: root, distDir: path.join(root, 'dist') });
  await app.load(); // bootstrap re-encrypts and rehashes everything not under the new key
  const left = await require(path.join(root, 'dist', 'src', 'personal-data', 'at-rest.js')).reencryptStored(app);
  await app.destroy();
  if (left !== 0) throw new Error(`${left} values were still not under the new key after the start`);
  console.log(`[pii:rotate] every stored ID and phone number is under k${n}`);
  if (process.argv.includes('--drop-old')) {
    write(next.slice(0, 1));
    console.log('[pii:rotate] old keys removed from .env');
  }
  process.exit(0);
})().catch((e) => {
  console.error(`[pii:rotate] failed: ${e.message}`);
  process.exit(1);
});
