import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { caseSql } from '../jurisdiction/case-sql';

const STORE = { type: 'app', name: 'fangtiao', key: 'first-repeat-at' } as const;

/**
 * Each case keeps the time of its first repeat visit (`firstRepeatAt`, written with the visit:
 * petition-records.ts), from which the measures date a backlog that a repeat visit started.
 * Before the column existed the measures found it among the scope's visits through the visits'
 * link table, which PostgreSQL read whole for a city (README "Province scale"). Cases recorded
 * before get theirs here, once per database: one set-based statement, then a mark in Strapi's
 * store so later starts skip it. Returns how many cases it filled (null when already done).
 */
export async function fillFirstRepeatVisits(strapi: Core.Strapi): Promise<number | null> {
  const store = strapi.store(STORE);
  if ((await store.get({})) === 'done') return null;
  type Meta = {
    tableName: string;
    attributes: Record<
      string,
      { columnName?: string; joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } } }
    >;
  };
  const meta = (uid: string) => strapi.db.metadata.get(uid as Parameters<typeof strapi.db.metadata.get>[0]) as unknown as Meta;
  const petition = meta(UID.petition);
  const visit = meta(UID.visit);
  const link = visit.attributes.petition.joinTable!;
  const col = (m: Meta, attr: string) => `"${m.attributes[attr].columnName}"`;
  const repeats =
    `FROM "${link.name}" l JOIN "${visit.tableName}" v ON v.id = l."${link.joinColumn.name}" ` +
    `WHERE l."${link.inverseJoinColumn.name}" = "${petition.tableName}".id AND v.${col(visit, 'isRepeat')} = TRUE`;
  const sql = caseSql(strapi, null, 'first repeat visits of cases recorded before the column');
  const result = await sql.run(
    `UPDATE "${petition.tableName}" SET ${col(petition, 'firstRepeatAt')} = (SELECT MIN(v.${col(visit, 'visitedAt')}) ${repeats}) ` +
      `WHERE ${col(petition, 'firstRepeatAt')} IS NULL AND EXISTS (SELECT 1 ${repeats})`,
  );
  await store.set({ value: 'done' });
  // better-sqlite3 answers { changes }, pg { rowCount }.
  const counted = result as { changes?: number; rowCount?: number } | null;
  return Number(counted?.changes ?? counted?.rowCount ?? 0);
}
