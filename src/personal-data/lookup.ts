import type { Core } from '@strapi/strapi';

/**
 * Exact look-ups of a person by number, fast: the ids of the records of `uid` whose
 * component `attr` holds a row with one of `hashes` in its hash column. Two indexed
 * searches (component rows by hash, then the component join table by row) instead of the
 * query engine's LEFT JOIN from every record in scope to every party, which walked a whole
 * county per look-up (bench/pii.js measured it).
 */
export async function idsWithComponentHash(strapi: Core.Strapi, uid: string, attr: string, hashAttr: string, hashes: string[]): Promise<number[]> {
  if (!hashes.length) return [];
  const owner: any = strapi.db.metadata.get(uid as any);
  const link = owner.attributes[attr];
  const component: any = strapi.db.metadata.get(link.target);
  const hashColumn = component.attributes[hashAttr].columnName ?? hashAttr;
  const jt = link.joinTable;
  const run = async (knex: any) => {
    const rows = await knex(jt.name)
      .distinct(jt.joinColumn.name)
      .whereIn(jt.inverseJoinColumn.name, knex(component.tableName).select('id').whereIn(hashColumn, hashes))
      .andWhere(jt.on ?? {});
    return rows.map((r: any) => Number(r[jt.joinColumn.name]));
  };
  // Inside a transaction (SQLite has one connection) the query must join it.
  return strapi.db.inTransaction() ? strapi.db.transaction(({ trx }) => run(trx)) : run(strapi.db.connection);
}
