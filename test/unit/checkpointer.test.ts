import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { startCheckpointer } from '../../src/database/checkpointer';

/**
 * The SQLite checkpointer (src/database/checkpointer.ts): a worker thread copies the WAL back into
 * the database file while the app's connection, whose own checkpoints are a distant backstop, only
 * appends to it.
 */
function fixture() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
  const file = path.join(dir, 'app.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0'); // the app's connection never checkpoints in this test
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const write = () => {
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 4000; i += 1) insert.run('x'.repeat(200));
    })();
  };
  return { dir, file, db, write, size: () => fs.statSync(file).size };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('without the worker the rows stay in the WAL; with it they reach the database file within seconds', async () => {
  const f = fixture();
  try {
    const empty = f.size();
    f.write();
    await sleep(600);
    expect(f.size()).toBe(empty); // nothing copied back: no checkpoint ran
    const messages: string[] = [];
    const worker = startCheckpointer(f.file, (m) => messages.push(m), 100)!;
    try {
      // Waited for until all of it is there: a checkpoint copies page by page, and under load the
      // file was seen half-grown (CI, 5 December) when the wait stopped at the first growth.
      for (let i = 0; i < 50 && f.size() <= empty + 4000 * 200; i += 1) await sleep(100);
      expect(f.size()).toBeGreaterThan(empty + 4000 * 200);
      // The app's connection writes on while the worker checkpoints: nothing is refused or lost.
      f.write();
      expect((f.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(8000);
    } finally {
      await worker.stop();
    }
    expect(messages).toEqual([]);
  } finally {
    f.db.close();
    fs.rmSync(f.dir, { recursive: true, force: true });
  }
});

test('an in-memory database gets no worker, and stop() ends the worker', async () => {
  expect(startCheckpointer(':memory:', () => undefined)).toBeNull();
  const f = fixture();
  try {
    const worker = startCheckpointer(f.file, () => undefined, 50)!;
    const t0 = Date.now();
    await worker.stop();
    expect(Date.now() - t0).toBeLessThan(1500);
  } finally {
    f.db.close();
    fs.rmSync(f.dir, { recursive: true, force: true });
  }
});
