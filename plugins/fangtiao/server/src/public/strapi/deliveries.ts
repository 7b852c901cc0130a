import type { Core } from '@strapi/strapi';
import { T } from './tables';

/**
 * Electronic deliveries (送达) of the documents the person opens on their page: one row per
 * document, the first opening. Raw SQL on this table only (no case data: the case is by id).
 */
export async function deliveriesOf(strapi: Core.Strapi, petitionId: number): Promise<Map<string, number>> {
  const rows = await strapi.db.connection(T.delivery).where({ petition_id: petitionId }).select('document_id', 'delivered_at');
  return new Map(rows.map((d) => [d.document_id as string, Number(d.delivered_at)]));
}

/** Records the opening as the delivery unless it was delivered before; whether this was the first. */
export async function recordDelivery(
  strapi: Core.Strapi,
  row: { documentId: string; petitionId: number; at: number; recipientHash: string | null },
): Promise<boolean> {
  const knex = strapi.db.connection;
  const earlier = await knex(T.delivery).where({ document_id: row.documentId, method: 'electronic' }).first();
  if (earlier) return false;
  await knex(T.delivery)
    .insert({
      document_id: row.documentId,
      petition_id: row.petitionId,
      method: 'electronic',
      delivered_at: row.at,
      recipient_hash: row.recipientHash,
    })
    .onConflict(['document_id', 'method'])
    .ignore();
  return true;
}
