import type { Core } from '@strapi/strapi';

/** The knex instance (or transaction) the look-ups run on. */
type Knex = Core.Strapi['db']['connection'];

/**
 * Exact look-ups of a person by number, fast: the ids of the records of `uid` whose
 * component `attr` holds a row with one of `hashes` in its hash column. Two indexed
 * searches (component rows by hash, then the component join table by row) instead of the
 * query engine's LEFT JOIN from every record in scope to every party, which walked a whole
 * county per look-up (bench/pii.js measured it).
 */
export async function idsWithComponentHash(
  strapi: Core.Strapi,
  uid: string,
  attr: string,
  hashAttr: string,
  hashes: string[],
): Promise<number[]> {
  if (!hashes.length) return [];
  const owner: any = strapi.db.metadata.get(uid as any);
  const link = owner.attributes[attr];
  const component: any = strapi.db.metadata.get(link.target);
  const hashColumn = component.attributes[hashAttr].columnName ?? hashAttr;
  const jt = link.joinTable;
  const run = async (knex: Knex) => {
    const rows = await knex(jt.name)
      .distinct(jt.joinColumn.name)
      .whereIn(jt.inverseJoinColumn.name, knex(component.tableName).select('id').whereIn(hashColumn, hashes))
      .andWhere(jt.on ?? {});
    return rows.map((r: any) => Number(r[jt.joinColumn.name]));
  };
  // Inside a transaction (SQLite has one connection) the query must join it.
  return strapi.db.inTransaction() ? strapi.db.transaction(({ trx }) => run(trx)) : run(strapi.db.connection);
}

/**
 * Candidate records for a search by a party's name: the ids of the records of `uid` whose
 * component `attr` holds a row whose `nameAttr` starts with (or contains) the text, newest
 * first, one batch at a time. These are candidates only: the caller reads them through the
 * document service, whose jurisdiction middleware keeps what the user may see.
 *
 * A prefix is answered from the index on the name column (src/database/setup.ts): GLOB on
 * SQLite (case-sensitive, so a plain index serves it), LIKE on PostgreSQL (text_pattern_ops),
 * then the join table from the component's side — not the query engine's LEFT JOIN from every
 * case in scope to every party (as idsWithComponentHash above). `scope` (a scope column and
 * code) narrows the candidates to one jurisdiction's records.
 */
export type NameMatch = 'prefix' | 'contains';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const escapeGlob = (s: string) => s.replace(/[*?[\]]/g, (c) => `[${c}]`);

export async function idsByComponentName(
  strapi: Core.Strapi,
  uid: string,
  attr: string,
  nameAttr: string,
  text: string,
  match: NameMatch,
  opts: { before?: number; limit: number; scope?: { attr: string; code: string } },
): Promise<number[]> {
  const owner: any = strapi.db.metadata.get(uid as any);
  const link = owner.attributes[attr];
  const component: any = strapi.db.metadata.get(link.target);
  const nameColumn = component.attributes[nameAttr].columnName ?? nameAttr;
  const jt = link.joinTable;
  const sqlite = strapi.db.dialect.client === 'sqlite';
  const run = async (knex: Knex) => {
    if (match === 'prefix' && opts.scope) return prefixInScope(knex, opts.scope);
    const parties = knex(component.tableName).select('id');
    if (match === 'prefix' && sqlite) parties.whereRaw('?? GLOB ?', [nameColumn, `${escapeGlob(text)}*`]);
    else if (match === 'prefix') parties.whereRaw("?? LIKE ? ESCAPE '\\'", [nameColumn, `${escapeLike(text)}%`]);
    else parties.whereRaw("?? LIKE ? ESCAPE '\\'", [nameColumn, `%${escapeLike(text)}%`]);
    const q = knex(jt.name)
      .distinct(jt.joinColumn.name)
      .whereIn(jt.inverseJoinColumn.name, parties)
      .andWhere(jt.on ?? {})
      .orderBy(jt.joinColumn.name, 'desc')
      .limit(opts.limit);
    if (opts.before !== undefined) q.andWhere(jt.joinColumn.name, '<', opts.before);
    // Only candidates in the caller's jurisdiction: a "contains" match has no index, and
    // without this it read every party of the province (bench/scale.js); still only candidates.
    if (opts.scope)
      q.whereIn(
        jt.joinColumn.name,
        knex(owner.tableName)
          .select('id')
          .where(owner.attributes[opts.scope.attr].columnName ?? opts.scope.attr, opts.scope.code),
      );
    return (await q).map((r: any) => Number(r[jt.joinColumn.name]));
  };
  /**
   * A name prefix in one jurisdiction: from the name index to the links to the records, in that
   * order. Written as a subquery on the scope, SQLite started from the scope's records instead (50,000
   * petitions of a county, 922 ms per search at 100,000 petitions); CROSS JOIN fixes SQLite's join
   * order (it has no statistics to choose by), and PostgreSQL plans it as an inner join.
   */
  const prefixInScope = async (knex: Knex, scope: { attr: string; code: string }) => {
    const on = Object.entries(jt.on ?? {});
    const bindings: unknown[] = [jt.joinColumn.name, component.tableName, jt.name, owner.tableName, nameColumn];
    bindings.push(sqlite ? `${escapeGlob(text)}*` : `${escapeLike(text)}%`, jt.inverseJoinColumn.name);
    for (const [column, value] of on) bindings.push(column, value);
    bindings.push(jt.joinColumn.name, owner.attributes[scope.attr].columnName ?? scope.attr, scope.code);
    if (opts.before !== undefined) bindings.push(jt.joinColumn.name, opts.before);
    bindings.push(jt.joinColumn.name, opts.limit);
    const sql =
      'SELECT DISTINCT l.?? AS id FROM ?? c CROSS JOIN ?? l CROSS JOIN ?? p ' +
      `WHERE c.?? ${sqlite ? 'GLOB ?' : "LIKE ? ESCAPE '\\'"} AND l.?? = c.id${on.map(() => ' AND l.?? = ?').join('')} ` +
      `AND p.id = l.?? AND p.?? = ?${opts.before !== undefined ? ' AND l.?? < ?' : ''} ORDER BY l.?? DESC LIMIT ?`;
    const result = await knex.raw(sql, bindings);
    const rows: Array<{ id: number | string }> = Array.isArray(result) ? result : result.rows;
    return rows.map((r) => Number(r.id));
  };
  // Inside a transaction (SQLite has one connection) the query must join it.
  return strapi.db.inTransaction() ? strapi.db.transaction(({ trx }) => run(trx)) : run(strapi.db.connection);
}
