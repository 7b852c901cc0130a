import type { Core } from '@strapi/strapi';
import { UID } from '../../../constants';
import { caseSql } from '../../../jurisdiction/case-sql';

export type Matter = { idNumberHashes: string[]; caseTypeId: number | null; subject: string };

/**
 * 重复信访: the latest earlier petition on the same matter (same subject, or same case type) by
 * one of the same people (a party's ID number, matched on its keyed hash), in the county given or
 * anywhere (`countyCode` null, for the city's link). One statement that starts from the hash
 * index and stops at the newest match: a person with many petitions costs no list of ids bound
 * into a second query (that list grew with every petition the person had filed). Table and
 * column names come from Strapi's metadata. With 230 petitions by one person: 0.24 ms on SQLite.
 */
export async function latestSameMatter(
  strapi: Core.Strapi,
  matter: Matter,
  countyCode: string | null,
): Promise<{ id: number; documentId: string } | null> {
  if (!matter.idNumberHashes.length) return null;
  const meta = (uid: string) => strapi.db.metadata.get(uid as any) as any;
  const petition = meta(UID.petition);
  const col = (attr: string) => petition.attributes[attr].columnName as string;
  const partiesLink = petition.attributes.parties.joinTable;
  const party = meta(petition.attributes.parties.target);
  const typeLink = petition.attributes.caseType.joinTable;
  const sql = caseSql(strapi, countyCode ? { level: 'county', code: countyCode } : null, 'repeat detection');
  // Bindings in the order their placeholders appear: the link's own condition, the hashes, the matter, the scope.
  const bindings: unknown[] = [];
  const onField = Object.entries(partiesLink.on ?? {}).map(([column, value]) => {
    bindings.push(value);
    return ` AND l."${column}" = ?`;
  });
  bindings.push(...matter.idNumberHashes, matter.subject);
  let sameType = '';
  if (matter.caseTypeId != null) {
    sameType = ` OR EXISTS (SELECT 1 FROM "${typeLink.name}" t WHERE t."${typeLink.joinColumn.name}" = p.id AND t."${typeLink.inverseJoinColumn.name}" = ?)`;
    bindings.push(matter.caseTypeId);
  }
  const scope = sql.where('p', UID.petition, bindings);
  // CROSS JOIN fixes SQLite's join order (it would otherwise start from every party link with
  // this field name, having no statistics); PostgreSQL plans it as an inner join.
  const text =
    `SELECT p.id AS id, p."${col('documentId')}" AS "documentId" FROM "${party.tableName}" c ` +
    `CROSS JOIN "${partiesLink.name}" l CROSS JOIN "${petition.tableName}" p ` +
    `WHERE l."${partiesLink.inverseJoinColumn.name}" = c.id${onField.join('')} AND p.id = l."${partiesLink.joinColumn.name}" ` +
    `AND c."${party.attributes.idNumberHash.columnName}" IN (${matter.idNumberHashes.map(() => '?').join(', ')}) ` +
    `AND (p."${col('subject')}" = ?${sameType}) AND ${scope} ` +
    `ORDER BY p."${col('registeredAt')}" DESC, p.id DESC LIMIT 1`;
  const [row] = sql.rows(await sql.run(text, bindings));
  return row ? { id: Number(row.id), documentId: String(row.documentId) } : null;
}
