/** Module database/: SQLite's WAL checkpoints, run on a worker thread instead of in requests. Imports: Node only. */
import path from 'path';
import { Worker } from 'worker_threads';
import type { Core } from '@strapi/strapi';

/**
 * In WAL mode SQLite copies the log back into the database file (a checkpoint, with an fsync)
 * whenever a commit leaves the log over `wal_autocheckpoint` pages — inside that commit, on the
 * event loop, in whichever request wrote last. A search's twenty audit entries touch some twenty
 * index pages; at SQLite's default of 1,000 pages a checkpoint ran every few dozen searches and
 * a twenty-row insert took 2.0 ms, against 1.15 ms with checkpoints every 10,000 pages (hot
 * pages are then copied back once, not ten times; measured on the search benchmark's database).
 *
 * So the app's connection checkpoints only past AUTOCHECKPOINT_PAGES (a backstop), and a worker
 * thread with its own connection to the same file runs a PASSIVE checkpoint every `everyMs`:
 * it never blocks readers or the writer, and its copying and fsync use the other core. Started
 * with the app (bootstrap), stopped with it (destroy). FANGTIAO_SQLITE_CHECKPOINTER=off leaves
 * checkpoints to SQLite (at the backstop).
 */
export const AUTOCHECKPOINT_PAGES = 10_000;

const WORKER = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let busy = false;
const timer = setInterval(() => {
  if (busy) return;
  busy = true;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
  busy = false;
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } finally { parentPort.postMessage({ stopped: true }); }
});
`;

export type Checkpointer = { stop: () => Promise<void> };

/** Starts the worker for the SQLite file at `filename` (nothing for an in-memory database). */
export function startCheckpointer(filename: string, log: (message: string) => void, everyMs = 250): Checkpointer | null {
  if (!filename || filename === ':memory:') return null;
  const driver = require.resolve('better-sqlite3', { paths: [process.cwd(), path.join(__dirname, '..', '..')] });
  const worker = new Worker(WORKER, { eval: true, workerData: { filename, driver, everyMs } });
  worker.unref(); // never what keeps the process alive
  let warned = false;
  worker.on('message', (m: { error?: string }) => {
    if (m.error && !warned) {
      warned = true;
      log(`SQLite checkpointer: ${m.error} (checkpoints fall back to the connection's, every ${AUTOCHECKPOINT_PAGES} pages)`);
    }
  });
  worker.on('error', (e) => log(`SQLite checkpointer stopped: ${e.message}`));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timeout);
          void worker.terminate().then(() => resolve());
        };
        const timeout = setTimeout(done, 2_000);
        worker.on('message', (m: { stopped?: boolean }) => m.stopped && done());
        worker.once('exit', () => {
          clearTimeout(timeout);
          resolve();
        });
        worker.postMessage('stop');
      }),
  };
}

/**
 * Each running app's checkpointer (tests boot several apps in one process), kept under a global
 * symbol: the app runs the compiled module and a test may load this one from source.
 */
const KEY = Symbol.for('fangtiao.sqlite-checkpointers');
const registry = globalThis as unknown as Record<symbol, WeakMap<Core.Strapi, Checkpointer> | undefined>;
const running: WeakMap<Core.Strapi, Checkpointer> = (registry[KEY] ??= new WeakMap());

/** The app's checkpointer, when it runs on SQLite (bootstrap); none on PostgreSQL or with FANGTIAO_SQLITE_CHECKPOINTER=off. */
export function startAppCheckpointer(strapi: Core.Strapi): void {
  if (strapi.db.dialect.client !== 'sqlite' || process.env.FANGTIAO_SQLITE_CHECKPOINTER === 'off') return;
  const filename = (strapi.config.get('database.connection') as { connection?: { filename?: string } }).connection?.filename ?? '';
  const checkpointer = startCheckpointer(filename, (m) => strapi.log.warn(m));
  if (checkpointer) running.set(strapi, checkpointer);
}

export const appCheckpointer = (strapi: Core.Strapi): Checkpointer | undefined => running.get(strapi);

export async function stopAppCheckpointer(strapi: Core.Strapi): Promise<void> {
  await running.get(strapi)?.stop();
  running.delete(strapi);
}
