import type { Core, UID as StrapiUID } from '@strapi/strapi';

/**
 * Locks one record's row (`SELECT … FOR UPDATE`) until the surrounding transaction ends, so a
 * read-check-write on it (a move from its current state, a visit bumping its count) cannot
 * interleave with another one on any instance: the second waits, then reads the committed
 * row. PostgreSQL only, and only inside `strapi.db.transaction`; SQLite runs one write
 * transaction at a time anyway. Takes the lock before the caller's scoped read, so what it
 * reads is current; locking a row out of scope reveals nothing (the read then 404s).
 */
export async function lockRow(strapi: Core.Strapi, uid: string, documentId: string): Promise<void> {
  if (strapi.db.dialect.client !== 'postgres' || !strapi.db.inTransaction()) return;
  const meta = strapi.db.metadata.get(uid as StrapiUID.Schema) as unknown as { tableName: string; attributes: Record<string, { columnName?: string }> };
  const column = meta.attributes.documentId?.columnName ?? 'document_id';
  // Inside a transaction, `transaction()` without a callback hands back the current one.
  const trx = (await strapi.db.transaction()).get();
  await trx(meta.tableName).select('id').where(column, documentId).forUpdate();
}
