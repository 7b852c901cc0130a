import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { isLeapfrog } from '../case-flow/visits';

/** Visits read per round: a province holds millions, and one query may bind only so many ids (65,535 on PostgreSQL). */
const BATCH = 1_000;

/**
 * Visits recorded before 越级 was defined as "beyond the responsible organ and the one above
 * it" were marked 越级 one level too early; at start each stored mark is recomputed with the
 * one rule, so the measures and the credit hints read the lawful answer. Idempotent. Read in
 * id order a batch at a time: all at once, 150,000 marked visits (1,000,000 petitions) made the
 * populate bind more ids than PostgreSQL allows and the app did not start (bench/scale.js).
 */
export async function recomputeLeapfrogVisits(strapi: Core.Strapi): Promise<number> {
  let after = 0;
  let fixed = 0;
  for (;;) {
    const marked: any[] = await strapi.db.query(UID.visit).findMany({
      where: { isLeapfrog: true, id: { $gt: after } },
      select: ['id', 'level', 'purpose'],
      orderBy: { id: 'asc' },
      limit: BATCH,
      populate: { petition: { select: ['id'], populate: { organisation: { select: ['level'] } } } },
    });
    if (!marked.length) return fixed;
    after = marked[marked.length - 1].id;
    const wrong = marked
      .filter((v) => v.purpose === 'performance' || !isLeapfrog(v.level, v.petition?.organisation?.level ?? 'county'))
      .map((v) => v.id);
    if (wrong.length) await strapi.db.query(UID.visit).updateMany({ where: { id: { $in: wrong } }, data: { isLeapfrog: false } });
    fixed += wrong.length;
    if (marked.length < BATCH) return fixed;
  }
}
