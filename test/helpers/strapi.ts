import path from 'path';
import crypto from 'crypto';
import fs from 'fs';
import { createStrapi, type Core } from '@strapi/strapi';
import { copyTemplate, pgAdmin, withRetry } from './db-template';

const ROOT = path.join(__dirname, '..', '..');
const rand = () => crypto.randomBytes(16).toString('hex');

/** Secrets and switches for a test instance; a developer's .env is not needed. */
function testEnv({ serveAdminPanel = false } = {}) {
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
  // Only the admin-panel browser test serves the (prebuilt, see global-setup) admin panel.
  process.env.SERVE_ADMIN_PANEL = String(serveAdminPanel);
  process.env.CRON_ENABLED = 'false';
  process.env.FANGTIAO_DEMO = 'false';
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  // makeUser's access tokens serve a whole test file, which may outlast the 10-minute default on
  // a busy machine; session tests set their own lifetimes.
  process.env.FANGTIAO_ACCESS_TOKEN_SECONDS ??= '3600';
}

/**
 * A fresh database per test file: a new SQLite file, or a new PostgreSQL database — a copy of
 * the template the global setup built (schema and start-up seeds in place), or empty.
 */
async function freshDatabase(name: string, empty: boolean) {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    process.env.DATABASE_NAME = name;
    delete process.env.DATABASE_URL;
    if (!empty && (await copyTemplate(name))) return;
    const admin = pgAdmin();
    await admin.connect();
    await withRetry(admin, `DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  } else {
    const dir = path.join(ROOT, '.tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    process.env.DATABASE_CLIENT = 'sqlite';
    process.env.DATABASE_FILENAME = file;
    if (!empty) await copyTemplate(name);
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
/** `empty`: start on an empty database instead of the template's copy (a first start). */
export async function startStrapi(options: { serveAdminPanel?: boolean; empty?: boolean } = {}): Promise<Core.Strapi> {
  if (instance) return instance;
  testEnv(options);
  // Named per process too: two test runs in one checkout must not share a database.
  const name = `ft_test_${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}`;
  await freshDatabase(name, !!options.empty);
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

/** Removes the test file's database once Strapi has let go of it. */
async function dropDatabase() {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const admin = pgAdmin();
    await admin.connect();
    try {
      await withRetry(admin, `DROP DATABASE IF EXISTS "${process.env.DATABASE_NAME!}"`);
    } finally {
      await admin.end();
    }
  } else if (process.env.DATABASE_FILENAME) {
    const file = process.env.DATABASE_FILENAME;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

export const httpServer = () => instance!.server.httpServer;
