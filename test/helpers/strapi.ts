import path from 'path';
import crypto from 'crypto';
import fs from 'fs';
import { createStrapi, type Core } from '@strapi/strapi';

const ROOT = path.join(__dirname, '..', '..');
const rand = () => crypto.randomBytes(16).toString('hex');

/** Secrets and switches for a test instance; a developer's .env is not needed. */
function testEnv() {
  const defaults: Record<string, string> = {
    APP_KEYS: [rand(), rand()].join(','),
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
    FANGTIAO_PII_KEYS: `t1:${crypto.randomBytes(32).toString('base64')}`,
  };
  for (const [k, v] of Object.entries(defaults)) process.env[k] ??= v;
  process.env.NODE_ENV = 'test';
  process.env.SERVE_ADMIN_PANEL = 'false';
  process.env.CRON_ENABLED = 'false';
  process.env.FANGTIAO_DEMO = 'false';
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_LOG_LEVEL ??= 'error';
}

/** A fresh, empty database per test file: a new SQLite file, or a new PostgreSQL database. */
function pgAdmin() {
  const { Client } = require('pg');
  return new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'fangtiao',
    password: process.env.DATABASE_PASSWORD ?? 'fangtiao',
    database: 'postgres',
  });
}

async function freshDatabase(name: string) {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const admin = pgAdmin();
    await admin.connect();
    await dropWithRetry(admin, name);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    process.env.DATABASE_NAME = name;
    delete process.env.DATABASE_URL;
  } else {
    const dir = path.join(ROOT, '.tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    process.env.DATABASE_CLIENT = 'sqlite';
    process.env.DATABASE_FILENAME = file;
  }
}

let instance: Core.Strapi | null = null;
let created = false;

/** Each test process keeps issued documents in its own private storage directory. */
function freshPrivateDir(name: string) {
  const dir = path.join(ROOT, '.tmp', `${name}_private`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.env.FANGTIAO_PRIVATE_DIR = dir;
}

/** Boots the compiled app (see global-setup) on a fresh database; one instance per test file. */
export async function startStrapi(): Promise<Core.Strapi> {
  if (instance) return instance;
  testEnv();
  // Named per process too: two test runs in one checkout must not share a database.
  const name = `ft_test_${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}`;
  await freshDatabase(name);
  freshPrivateDir(name);
  created = true;
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();
  await app.server.mount();
  instance = app;
  return app;
}

/** Stops the instance but keeps its database and files (a test that restarts the app in another process). */
export async function releaseStrapi() {
  if (!instance) return;
  const app = instance;
  instance = null;
  await app.destroy();
}

export async function stopStrapi() {
  await releaseStrapi();
  if (!created) return;
  created = false;
  await dropDatabase();
  if (process.env.FANGTIAO_PRIVATE_DIR) fs.rmSync(process.env.FANGTIAO_PRIVATE_DIR, { recursive: true, force: true });
}

/**
 * DROP … WITH (FORCE) may not terminate an autovacuum worker that just started on the
 * database (it runs as the superuser: "must be a member of the role whose process is being
 * terminated"); a plain DROP makes autovacuum give way. A few tries, a moment apart.
 */
async function dropWithRetry(admin: any, name: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"${attempt % 2 ? ' WITH (FORCE)' : ''}`);
      return;
    } catch (e: any) {
      if (attempt >= 10 || !['42501', '55006'].includes(e?.code)) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Removes the test file's database once Strapi has let go of it. */
async function dropDatabase() {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const admin = pgAdmin();
    await admin.connect();
    try {
      await dropWithRetry(admin, process.env.DATABASE_NAME!);
    } finally {
      await admin.end();
    }
  } else if (process.env.DATABASE_FILENAME) {
    const file = process.env.DATABASE_FILENAME;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

export const httpServer = () => instance!.server.httpServer;
