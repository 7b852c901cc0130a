import type { Core, UID as StrapiUID } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import { caseSql, type SqlScope } from '../jurisdiction/case-sql';
import { currentCaller } from '../jurisdiction/current';
import { systemReason } from '../jurisdiction/query-scope';
import { SCOPE_COLUMNS } from '../jurisdiction/scope';
import { triggerNames } from './triggers';

/**
 * Petitions counted by scope and state, for the list's total (件数). A list page is read from
 * its index (scope, state, deadline), but its total was `count(id)` over every case of the
 * scope in that state, on every page: at a city of a 10,000,000 province, 100,000 index entries
 * a request (README "Province scale"). The database keeps the counts itself, by triggers on
 * `petitions`, so no write path of the app, the admin panel, a job or a bulk load can miss one:
 *
 * - every insert, delete, and change of a case's state or scope columns appends signed rows to
 *   `fangtiao_petition_counts` (scope columns, state, n = +k or −k). Appending never waits on
 *   another transaction's row, so two clerks moving cases of one township never block or
 *   deadlock each other, and a rolled-back write takes its rows with it;
 * - a list's total is `SUM(n)` over the caller's scope and the asked-for states: the scope's
 *   villages or townships × states, plus what was appended since the last compaction;
 * - the `petition-counts` job (hourly) folds the appended rows into one per key.
 *
 * Strapi's schema sync may make `petitions` again (SQLite alters a table by copying it), which
 * drops its triggers. So at every start, when the triggers of this version are not all there,
 * they are made and the counts filled from `petitions` anew, in one transaction that holds
 * writers off (on PostgreSQL a lock on `petitions`, under an advisory lock as instances may
 * boot together). `FANGTIAO_LIST_COUNTS=off` makes the list count rows again.
 */

export const COUNTS_TABLE = 'fangtiao_petition_counts';
/** Trigger names carry a version: a start with other definitions makes them again. */
const VERSION = 'v1';
const TRIGGERS = ['ins', 'del', 'upd', 'trunc'].map((op) => `${COUNTS_TABLE}_${op}_${VERSION}`);

function names(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(UID.petition as StrapiUID.Schema) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string }>;
  };
  const columns = [...SCOPE_COLUMNS, 'state'].map((attr) => meta.attributes[attr].columnName!);
  return { petitions: `"${meta.tableName}"`, columns, key: columns.map((c) => `"${c}"`) };
}

const postgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/**
 * The table: the four scope columns and the state as `petitions` names them, and the signed
 * count. Made when missing, or again when it lacks one of those columns (one renamed since).
 * Returns whether it was made.
 */
async function createTable(strapi: Core.Strapi, trx: Knex.Transaction): Promise<boolean> {
  const { key, columns } = names(strapi);
  if (await trx.schema.hasTable(COUNTS_TABLE)) {
    let complete = true;
    for (const c of columns) complete = complete && (await trx.schema.hasColumn(COUNTS_TABLE, c));
    if (complete) return false;
    await trx.raw(`DROP TABLE "${COUNTS_TABLE}"`);
  }
  const cols = key.map((k) => `${k} VARCHAR(255)`).join(', ');
  const id = postgres(strapi) ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  await trx.raw(`CREATE TABLE "${COUNTS_TABLE}" (id ${id}, ${cols}, n INTEGER NOT NULL)`);
  // A total reads one scope column and the state: one index per level, as the list indexes.
  for (const [i, c] of key.slice(0, SCOPE_COLUMNS.length).entries())
    await trx.raw(`CREATE INDEX "ix_${COUNTS_TABLE}_${SCOPE_COLUMNS[i]}" ON "${COUNTS_TABLE}" (${c}, ${key[key.length - 1]})`);
  return true;
}

/** The triggers' statements on each database (made in `install`, inside its transaction). */
function triggerSql(strapi: Core.Strapi): string[] {
  const { petitions, key } = names(strapi);
  const cols = key.join(', ');
  const of = (row: string) => key.map((k) => `${row}.${k}`).join(', ');
  const changed = key.map((k) => `OLD.${k} IS DISTINCT FROM NEW.${k}`).join(' OR ');
  const [ins, del, upd, trunc] = TRIGGERS;
  const into = `INSERT INTO "${COUNTS_TABLE}" (${cols}, n)`;
  if (!postgres(strapi)) {
    return [
      `CREATE TRIGGER "${ins}" AFTER INSERT ON ${petitions} BEGIN ${into} VALUES (${of('NEW')}, 1); END`,
      `CREATE TRIGGER "${del}" AFTER DELETE ON ${petitions} BEGIN ${into} VALUES (${of('OLD')}, -1); END`,
      `CREATE TRIGGER "${upd}" AFTER UPDATE OF ${cols} ON ${petitions} WHEN ${changed.replace(/IS DISTINCT FROM/g, 'IS NOT')} ` +
        `BEGIN ${into} VALUES (${of('OLD')}, -1), (${of('NEW')}, 1); END`,
    ];
  }
  // PostgreSQL: a bulk insert or delete appends one row per key, not per case (transition tables).
  const fn = (name: string, body: string) =>
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN ${body}; RETURN NULL; END; $$ LANGUAGE plpgsql`;
  const grouped = (rows: string, sign: string) => `${into} SELECT ${cols}, ${sign}count(*) FROM ${rows} GROUP BY ${cols}`;
  return [
    fn('fangtiao_petition_counts_ins', grouped('new_rows', '')),
    fn('fangtiao_petition_counts_del', grouped('old_rows', '-')),
    // The comparison is in the function, not a WHEN or an UPDATE OF list on the trigger: those
    // would make PostgreSQL refuse Strapi's schema sync any change of those columns' types.
    fn('fangtiao_petition_counts_upd', `IF ${changed} THEN ${into} VALUES (${of('OLD')}, -1), (${of('NEW')}, 1); END IF`),
    fn('fangtiao_petition_counts_trunc', `DELETE FROM "${COUNTS_TABLE}"`),
    `CREATE TRIGGER "${ins}" AFTER INSERT ON ${petitions} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fangtiao_petition_counts_ins()`,
    `CREATE TRIGGER "${del}" AFTER DELETE ON ${petitions} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fangtiao_petition_counts_del()`,
    `CREATE TRIGGER "${upd}" AFTER UPDATE ON ${petitions} FOR EACH ROW EXECUTE FUNCTION fangtiao_petition_counts_upd()`,
    `CREATE TRIGGER "${trunc}" AFTER TRUNCATE ON ${petitions} FOR EACH STATEMENT EXECUTE FUNCTION fangtiao_petition_counts_trunc()`,
  ];
}

/** Makes the table and triggers, and fills the counts when the triggers were not all there. Idempotent; at start. */
export async function installPetitionCounts(strapi: Core.Strapi): Promise<{ filled: boolean }> {
  const { petitions, key } = names(strapi);
  return strapi.db.transaction(async ({ trx }) => {
    if (postgres(strapi)) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('fangtiao_petition_counts'))`);
    const made = await createTable(strapi, trx);
    const found = [...(await triggerNames(trx, postgres(strapi), `${COUNTS_TABLE}_%`))];
    const expected = postgres(strapi) ? TRIGGERS : TRIGGERS.slice(0, 3);
    if (!made && expected.every((t) => found.includes(t))) return { filled: false };
    // Writers wait from here to the commit: no case is written between the fill and the triggers.
    if (postgres(strapi)) await trx.raw(`LOCK TABLE ${petitions} IN SHARE ROW EXCLUSIVE MODE`);
    for (const t of found) await trx.raw(`DROP TRIGGER IF EXISTS "${t}"${postgres(strapi) ? ` ON ${petitions}` : ''}`);
    for (const sql of triggerSql(strapi)) await trx.raw(sql);
    await trx.raw(`DELETE FROM "${COUNTS_TABLE}"`);
    const cols = key.join(', ');
    await trx.raw(`INSERT INTO "${COUNTS_TABLE}" (${cols}, n) SELECT ${cols}, count(*) FROM ${petitions} GROUP BY ${cols}`);
    return { filled: true };
  });
}

/**
 * Folds the appended rows into one per key (keys that sum to 0 go). Returns the rows removed.
 * On PostgreSQL one statement: its DELETE takes only rows its snapshot sees, so a row a running
 * transaction appends meanwhile is neither lost nor counted twice. SQLite has one writer.
 */
export async function compactPetitionCounts(strapi: Core.Strapi): Promise<number> {
  const { key } = names(strapi);
  const cols = key.join(', ');
  const t = `"${COUNTS_TABLE}"`;
  if (postgres(strapi)) {
    const r = await strapi.db.connection.raw(
      `WITH gone AS (DELETE FROM ${t} RETURNING ${cols}, n), ` +
        `folded AS (INSERT INTO ${t} (${cols}, n) SELECT ${cols}, SUM(n) FROM gone GROUP BY ${cols} HAVING SUM(n) <> 0 RETURNING 1) ` +
        `SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded) AS removed`,
    );
    return Number(r.rows[0].removed);
  }
  return strapi.db.transaction(async ({ trx }) => {
    const [{ top, n_before: before }] = await trx.raw(`SELECT MAX(id) AS top, count(*) AS n_before FROM ${t}`);
    if (!top) return 0;
    await trx.raw(`INSERT INTO ${t} (${cols}, n) SELECT ${cols}, SUM(n) FROM ${t} WHERE id <= ? GROUP BY ${cols} HAVING SUM(n) <> 0`, [top]);
    await trx.raw(`DELETE FROM ${t} WHERE id <= ?`, [top]);
    const [{ n_after: after }] = await trx.raw(`SELECT count(*) AS n_after FROM ${t}`);
    return Number(before) - Number(after);
  });
}

type StateWhere = Record<string, Record<string, string | string[]>>;
const STATE_OPS: Record<string, string> = { $eq: '=', $ne: '<>', $in: 'IN', $notIn: 'NOT IN' };

/**
 * The number of petitions a list with `where` (the list's own filters, before the jurisdiction
 * hook adds the caller's scope) finds, read from the counts; null when the filters name anything
 * but the state, or the counts are off. The scope is the one the hook would add: the caller's
 * jurisdiction in an end user's request, none for the admin panel, jobs and `asSystem` code.
 */
export async function countedTotal(strapi: Core.Strapi, where: StateWhere): Promise<number | null> {
  if (process.env.FANGTIAO_LIST_COUNTS === 'off') return null;
  if (Object.keys(where).some((k) => k !== 'state')) return null;
  const ops = Object.entries(where.state ?? {});
  if (!ops.every(([op]) => op in STATE_OPS)) return null;
  let scope: SqlScope = null;
  if (!systemReason()) {
    const caller = await currentCaller(strapi);
    if (caller && !caller.jurisdiction) return null; // the query engine's own refusal follows
    if (caller) scope = { level: caller.jurisdiction!.level, code: caller.jurisdiction!.code };
  }
  const sql = caseSql(strapi, scope, 'list total');
  const { key } = names(strapi);
  const state = `c.${key[key.length - 1]}`;
  const bindings: (string | number)[] = [];
  const conditions = [sql.where('c', UID.petition, bindings)];
  for (const [op, value] of ops) {
    const values = Array.isArray(value) ? value : [value];
    conditions.push(`${state} ${STATE_OPS[op]} ${Array.isArray(value) ? `(${values.map(() => '?').join(', ')})` : '?'}`);
    bindings.push(...values);
  }
  const [row] = await sql.read<{ n: number | string | null }>(
    `SELECT COALESCE(SUM(c.n), 0) AS n FROM "${COUNTS_TABLE}" c WHERE ${conditions.join(' AND ')}`,
    bindings,
  );
  return Number(row?.n ?? 0);
}
