import Database from 'better-sqlite3';
import { cacheStatements } from '../../src/database/statement-cache';

const open = (limit?: number) => {
  const db = new Database(':memory:');
  let prepared = 0;
  const prepare = db.prepare.bind(db);
  (db as any).prepare = (sql: string) => ((prepared += 1), prepare(sql));
  cacheStatements(db as any, limit);
  return { db, prepared: () => prepared };
};

test('the same SQL is compiled once and its statement reused', () => {
  const { db, prepared } = open();
  db.prepare('CREATE TABLE t (a INTEGER)').run();
  for (let i = 0; i < 5; i += 1) db.prepare('INSERT INTO t (a) VALUES (?)').run(i);
  expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 5 });
  expect(prepared()).toBe(3);
});

test('a cached statement sees a column added after it was compiled, and a recreated table', () => {
  const { db } = open();
  db.exec('CREATE TABLE t (a INTEGER)');
  db.prepare('INSERT INTO t (a) VALUES (?)').run(1);
  expect(db.prepare('SELECT * FROM t').all()).toEqual([{ a: 1 }]);
  db.exec('ALTER TABLE t ADD COLUMN b TEXT');
  expect(db.prepare('SELECT * FROM t').all()).toEqual([{ a: 1, b: null }]);
  db.exec('DROP TABLE t; CREATE TABLE t (c TEXT)');
  db.exec("INSERT INTO t (c) VALUES ('x')");
  expect(db.prepare('SELECT * FROM t').all()).toEqual([{ c: 'x' }]);
});

test('the least recently used statement leaves when the cache is full', () => {
  const { db, prepared } = open(2);
  db.prepare('SELECT 1').get();
  db.prepare('SELECT 2').get();
  db.prepare('SELECT 1').get(); // 1 is now the most recent
  db.prepare('SELECT 3').get(); // 2 leaves
  expect(prepared()).toBe(3);
  db.prepare('SELECT 1').get();
  expect(prepared()).toBe(3);
  db.prepare('SELECT 2').get();
  expect(prepared()).toBe(4);
});
