import type { Knex } from 'knex';

/**
 * The names of the triggers whose name matches `like` (SQL LIKE), on either database. Start-up
 * code makes a trigger only when it is missing: dropping and remaking one takes an ACCESS
 * EXCLUSIVE lock on its table while other instances serve (README "The cluster test and
 * benchmark": a restart deadlocked the others' registrations).
 */
export async function triggerNames(knex: Knex | Knex.Transaction, postgres: boolean, like: string): Promise<Set<string>> {
  const rows: { name: string }[] = postgres
    ? (await knex.raw(`SELECT tgname AS name FROM pg_trigger WHERE tgname LIKE ? AND NOT tgisinternal`, [like])).rows
    : await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`, [like]);
  return new Set(rows.map((r) => r.name));
}
