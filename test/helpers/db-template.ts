import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

/**
 * The database every test file starts from. Booting the app on an empty database creates some
 * 150 tables and their indexes and writes the start-up seeds: about 12 s of a test file's 20 s
 * start on two cores. The global setup does that once, into a template; each test file then
 * gets a copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) and its boot
 * finds the schema in place. The copy is still the file's own, fresh database.
 */
const ROOT = path.join(__dirname, '..', '..');
export const TEMPLATE_ENV = 'FANGTIAO_TEST_DB_TEMPLATE';
const rand = () => crypto.randomBytes(16).toString('hex');

export function pgAdmin() {
  const { Client } = require('pg');
  return new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'fangtiao',
    password: process.env.DATABASE_PASSWORD ?? 'fangtiao',
    database: 'postgres',
  });
}

const postgres = () => process.env.DATABASE_CLIENT === 'postgres';
const sqliteTemplate = (name: string) => path.join(ROOT, '.tmp', `${name}.db`);

/**
 * DROP … WITH (FORCE) may not terminate an autovacuum worker that just started on the
 * database (it runs as the superuser: "must be a member of the role whose process is being
 * terminated"); a plain DROP makes autovacuum give way. The same error code answers a copy
 * whose template another session still holds. A few tries, a moment apart.
 */
export async function withRetry(admin: any, sql: string, attempts = 10) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(sql.startsWith('DROP') && attempt % 2 ? `${sql} WITH (FORCE)` : sql);
      return;
    } catch (e: any) {
      if (attempt >= attempts || !['42501', '55006'].includes(e?.code)) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Builds the template (global setup); its name goes to the workers through the environment. */
export async function buildTemplate(): Promise<string> {
  const name = `ft_tpl_${process.pid}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    APP_KEYS: `${rand()},${rand()}`,
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
    FANGTIAO_PII_KEYS: `t1:${crypto.randomBytes(32).toString('base64')}`,
    NODE_ENV: 'test',
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    FANGTIAO_DEMO: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    FANGTIAO_PRIVATE_DIR: path.join(ROOT, '.tmp', `${name}_private`),
  };
  if (postgres()) {
    const admin = pgAdmin();
    await admin.connect();
    try {
      await withRetry(admin, `DROP DATABASE IF EXISTS "${name}"`);
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    Object.assign(env, { DATABASE_NAME: name, DATABASE_URL: undefined });
  } else {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const file = sqliteTemplate(name);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    Object.assign(env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file });
  }
  execFileSync(process.execPath, [path.join(__dirname, 'boot-once.js')], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.rmSync(env.FANGTIAO_PRIVATE_DIR!, { recursive: true, force: true });
  if (!postgres()) {
    // One self-contained file to copy: the write-ahead log folded in.
    const Database = require('better-sqlite3');
    const db = new Database(env.DATABASE_FILENAME);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
  }
  process.env[TEMPLATE_ENV] = name;
  return name;
}

/** A fresh database for one test file, copied from the template when there is one. */
export async function copyTemplate(name: string): Promise<boolean> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return false;
  if (postgres()) {
    const admin = pgAdmin();
    await admin.connect();
    try {
      await withRetry(admin, `DROP DATABASE IF EXISTS "${name}"`);
      // Two workers copying at once: the second waits for the first's hold on the template.
      await withRetry(admin, `CREATE DATABASE "${name}" TEMPLATE "${template}"`, 40);
    } finally {
      await admin.end();
    }
    return true;
  }
  fs.copyFileSync(sqliteTemplate(template), process.env.DATABASE_FILENAME!);
  return true;
}

/** Removes the template (global teardown). */
export async function dropTemplate() {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  if (postgres()) {
    const admin = pgAdmin();
    await admin.connect();
    try {
      await withRetry(admin, `DROP DATABASE IF EXISTS "${template}"`);
    } finally {
      await admin.end();
    }
  } else {
    fs.rmSync(sqliteTemplate(template), { force: true });
  }
}
