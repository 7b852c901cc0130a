import type { Core } from '@strapi/strapi';
import { T } from './tables';

/**
 * The contact e-mails of online filings, as keyed hashes only: what an e-mail login may see.
 * Raw SQL on this table only (no case data: the case is by id), as deliveries.ts.
 */
export async function linkEmail(strapi: Core.Strapi, petitionId: number, emailHash: string) {
  await strapi.db
    .connection(T.email)
    .insert({ petition_id: petitionId, email_hash: emailHash, created_at: Date.now() })
    .onConflict(['petition_id', 'email_hash'])
    .ignore();
}

/** The petitions filed with the address (at most 100). */
export async function petitionsOfEmail(strapi: Core.Strapi, emailHash: string): Promise<number[]> {
  return (await strapi.db.connection(T.email).where({ email_hash: emailHash }).limit(100).pluck('petition_id')).map(Number);
}

export async function isFiledWithEmail(strapi: Core.Strapi, petitionId: number, emailHash: string): Promise<boolean> {
  return !!(await strapi.db.connection(T.email).where({ petition_id: petitionId, email_hash: emailHash }).first());
}
