/**
 * Real app processes (`strapi start` on the compiled app) sharing one database, for tests of
 * what must hold across instances. One cluster per test file:
 *
 *   const cluster = appCluster('ft_auth_cluster');
 *   beforeAll(() => cluster.create());  afterAll(() => cluster.destroy());
 *   const a = await cluster.start('A', { FANGTIAO_DEMO: 'true', … });   // a.url, a.stop()
 *
 * On PostgreSQL each cluster gets a database of its own; on SQLite the processes share one file
 * (not a deployment — SQLite is one process — but it shows state kept in the database).
 */
import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import net from 'net';
import path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const onPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

export const pgConfig = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'fangtiao',
  password: process.env.DATABASE_PASSWORD ?? 'fangtiao',
});

/** Runs one statement as the test role on the `postgres` database (create and drop test databases). */
export async function pgAdmin(sql: string) {
  const { Client } = require('pg');
  const c = new Client({ ...pgConfig(), database: 'postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const healthy = (port: number) =>
  new Promise<boolean>((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/_health' }, (res) => resolve(res.statusCode === 204)).on('error', () => resolve(false));
  });

export interface AppInstance {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; resolves when the process has exited. */
  kill(): Promise<void>;
}

/** Resolves when `child` has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  return exited(child).then(() => clearTimeout(kill));
}

/**
 * `strapi start` on the compiled app in a child process, with `env` over this process's
 * environment (so, by default, this test file's database); resolves once it answers /_health.
 */
export async function startApp(label: string, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<AppInstance> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), STRAPI_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${label} exited: ${output.slice(-2000)}`);
    if (await healthy(port)) {
      return {
        url: `http://127.0.0.1:${port}`,
        child,
        stop: () => stopChild(child),
        kill: () => {
          child.kill('SIGKILL');
          return exited(child);
        },
      };
    }
    await sleep(300);
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not start: ${output.slice(-2000)}`);
}

export function appCluster(baseName: string) {
  const name = `${baseName}_${process.pid}`;
  const sqliteFile = path.join(ROOT, '.tmp', `${name}.db`);
  const privateDir = path.join(ROOT, '.tmp', `${name}_private`); // shared by the instances, as in a deployment
  const children: ChildProcess[] = [];
  const rand = () => crypto.randomBytes(16).toString('hex');
  const secrets = {
    APP_KEYS: [rand(), rand()].join(','),
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
  };
  const removeSqlite = () => {
    for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) fs.rmSync(f, { force: true });
  };
  const database = (): Record<string, string> =>
    onPostgres()
      ? {
          DATABASE_CLIENT: 'postgres',
          DATABASE_NAME: name,
          DATABASE_HOST: pgConfig().host,
          DATABASE_PORT: String(pgConfig().port),
          DATABASE_USERNAME: pgConfig().user,
          DATABASE_PASSWORD: pgConfig().password,
        }
      : { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: sqliteFile };

  const stop = stopChild;

  return {
    /** The database (PostgreSQL) or file (SQLite) the instances share. */
    databaseName: name,
    sqliteFile,

    async create() {
      if (onPostgres()) {
        await pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await pgAdmin(`CREATE DATABASE "${name}"`);
      } else {
        fs.mkdirSync(path.dirname(sqliteFile), { recursive: true });
        removeSqlite();
      }
    },

    async destroy() {
      await Promise.all(children.map(stop));
      if (onPostgres()) await pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      else removeSqlite();
      fs.rmSync(privateDir, { recursive: true, force: true });
    },

    /** Starts an instance with the cluster's secrets and database; resolves once it answers /_health. */
    async start(label: string, env: Record<string, string> = {}): Promise<AppInstance> {
      const app = await startApp(label, {
        ...secrets,
        ...database(),
        FANGTIAO_PRIVATE_DIR: privateDir,
        NODE_ENV: 'test',
        SERVE_ADMIN_PANEL: 'false',
        STRAPI_TELEMETRY_DISABLED: 'true',
        FANGTIAO_DEMO: 'false',
        CRON_ENABLED: 'false',
        FANGTIAO_EMAIL: 'false',
        ...env,
      });
      children.push(app.child);
      return app;
    },
  };
}
