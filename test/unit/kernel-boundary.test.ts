import fs from 'fs';
import path from 'path';

/** The plugin reaches the app's kernel by its name, `@fangtiao/kernel`, never by a path into src/. */
const ROOT = path.join(__dirname, '..', '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}

test('no plugin server module imports the app’s src/ by relative path', () => {
  const offenders = files(path.join(ROOT, 'plugins/fangtiao/server/src')).filter((f) =>
    /from '(\.\.\/)+src\//.test(fs.readFileSync(f, 'utf8')),
  );
  expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the plugin’s pure rules take only the kernel’s pure entry (no Strapi behind them)', () => {
  const rules = files(path.join(ROOT, 'plugins/fangtiao/server/src')).filter((f) => !f.includes(`${path.sep}strapi${path.sep}`));
  // A type-only import of Strapi's types is no dependency at run time.
  const offenders = rules.filter((f) =>
    /^import (?!type )[^;]*from '(@fangtiao\/kernel|@strapi\/[^']+)'/m.test(fs.readFileSync(f, 'utf8')),
  );
  expect(
    offenders
      .map((f) => path.relative(ROOT, f))
      .filter((f) => !/server\/src\/(index|constants|settings-guard|json|pagination|admin-actions)\.ts$/.test(f)),
  ).toEqual([]);
});

/**
 * Raw SQL on case data goes through the kernel (`caseSql`), which checks the scope against the
 * caller; the query engine is scoped by the kernel's lifecycle hook. So outside the kernel's
 * own folders, no module may take a knex connection (`strapi.db.connection`, `.raw(`, a
 * transaction's `trx`) in a file that names a case-data type or table — apart from DDL
 * (indexes, triggers) at start.
 */
import { CASE_DATA } from '../../src/jurisdiction/query-scope';

const KERNEL_DIRS = ['src/kernel/', 'src/jurisdiction/', 'src/personal-data/', 'src/database/'];
const CASE_TABLES = [
  'petitions',
  'visits',
  'petition_moves',
  'mediation_sessions',
  'fangtiao_credit_flags',
  'fangtiao_credit_flag_moves',
  'fangtiao_warnings',
  'fangtiao_backlog_packages',
  'fangtiao_documents',
];
const DDL = /CREATE (UNIQUE )?INDEX|DROP INDEX|CREATE (OR REPLACE )?(TRIGGER|FUNCTION)|DROP TRIGGER/;

/**
 * The raw-SQL lines of a source text that are not DDL. A call Prettier wrapped (`.raw(` at the end
 * of its line) is judged with the next line, where its statement starts.
 */
function rawSqlLines(text: string): string[] {
  const lines = text.split('\n');
  return lines
    .map((l, i) => (/\($/.test(l.trimEnd()) ? `${l} ${lines[i + 1] ?? ''}` : l))
    .filter((l) => /db\.connection\b|\.raw\(|\btrx\(|\(\{ trx \}\)|\breadRows\(/.test(l) && !DDL.test(l) && !/^\s*(\*|\/\/)/.test(l));
}

/** Whether a source text names a case-data type (by UID or the app's UID constants) or table. */
function namesCaseData(text: string): boolean {
  if (Object.keys(CASE_DATA).some((uid) => text.includes(uid))) return true;
  if (/\bUIDS?\.(petition|visit|move|session)\b/.test(text)) return true;
  return CASE_TABLES.some((t) => new RegExp(`["'\`]${t}["'\`]`).test(text));
}

test('the detector sees raw SQL on case data when it is there', () => {
  expect(rawSqlLines("await strapi.db.connection.raw('SELECT * FROM petitions')")).toHaveLength(1);
  expect(rawSqlLines('const knex = strapi.db.connection;')).toHaveLength(1);
  // The kernel's direct read (src/database/direct-read.ts) is raw SQL too.
  expect(rawSqlLines("const rows = await readRows(strapi, 'SELECT id FROM petitions');")).toHaveLength(1);
  expect(rawSqlLines('await knex.raw(`CREATE INDEX IF NOT EXISTS "x" ON "visits" ("a")`)')).toHaveLength(0);
  // As Prettier wraps a long one: the statement on the next line.
  expect(rawSqlLines('await strapi.db.connection.raw(\n  `CREATE INDEX IF NOT EXISTS "x" ON "visits" ("a")`,\n);')).toHaveLength(0);
  expect(rawSqlLines('await strapi.db.connection.raw(\n  `SELECT * FROM petitions`,\n);')).toHaveLength(1);
  expect(namesCaseData("strapi.db.metadata.get('api::visit.visit')")).toBe(true);
  expect(namesCaseData('meta(UID.petition)')).toBe(true);
  expect(namesCaseData("knex('fangtiao_credit_flags')")).toBe(true);
  expect(namesCaseData("strapi.db.query('plugin::fangtiao.room')")).toBe(false);
});

/** Files whose raw SQL touches only tables that are not case data, though they name case data elsewhere. */
const RAW_SQL_ON_OTHER_TABLES: Record<string, string> = {
  'plugins/fangtiao/server/src/notifications/strapi/service.ts':
    'the e-mail batch joins notifications and users only; the deadline reminders read cases through the query engine',
  'plugins/fangtiao/server/src/public/strapi/info-request-service.ts':
    'raw SQL on its own table (fangtiao_public_info_requests); the case is read through findInScope',
  'plugins/fangtiao/server/src/experts/strapi/matching.ts': 'the matching candidates query reads expert pools and profiles only',
  'plugins/fangtiao/server/src/measures/strapi/aggregates.ts':
    'knex on its own tables (fangtiao_measure_months, fangtiao_measure_coverage) and index DDL; the case data is read and counted through caseSql',
};

test('no module outside the kernel runs raw SQL on case data by itself', () => {
  const all = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'plugins/fangtiao/server/src'))];
  const offenders = all
    .map((f) => path.relative(ROOT, f))
    .filter((f) => !KERNEL_DIRS.some((d) => f.startsWith(d)) && !RAW_SQL_ON_OTHER_TABLES[f])
    .filter((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      return rawSqlLines(text).length > 0 && namesCaseData(text);
    });
  expect(offenders).toEqual([]);
  // An exception that no longer names a file (moved, split) must be re-examined, not kept.
  for (const f of Object.keys(RAW_SQL_ON_OTHER_TABLES)) expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
});
