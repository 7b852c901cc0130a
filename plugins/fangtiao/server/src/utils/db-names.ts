/**
 * Table, column and join-table names of a model, from Strapi's database metadata, for the plugin's
 * few raw SQL queries (knex). @strapi/database types a relation attribute without its column
 * name, so the attributes are read through the small shape below.
 */
import type { Core } from '@strapi/strapi';

export type JoinTable = {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  /** A component link's own condition (its field, component type): column → value. */
  on?: Record<string, string>;
};
type DbAttribute = { type?: string; columnName?: string; joinTable?: JoinTable };

export function dbNames(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid);
  const attributes = meta.attributes as Record<string, DbAttribute | undefined>;
  return {
    table: meta.tableName,
    /** The column Strapi stores the attribute in. */
    column: (attr: string) => attributes[attr]?.columnName as string,
    /** The attribute's type as the database layer knows it (`datetime`, `json`, `integer`, …). */
    type: (attr: string) => attributes[attr]?.type,
    /** The link table of a relation attribute, if it has one. */
    joinTable: (attr: string) => attributes[attr]?.joinTable,
    has: (attr: string) => attributes[attr] !== undefined,
  };
}
