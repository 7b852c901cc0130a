import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { isLeapfrog } from '../case-flow/visits';

/**
 * Visits recorded before 越级 was defined as "beyond the responsible organ and the one above
 * it" were marked 越级 one level too early; at start each stored mark is recomputed with the
 * one rule, so the measures and the credit hints read the lawful answer. Idempotent.
 */
export async function recomputeLeapfrogVisits(strapi: Core.Strapi): Promise<number> {
  const marked: any[] = await strapi.db.query(UID.visit).findMany({
    where: { isLeapfrog: true },
    select: ['id', 'level', 'purpose'],
    populate: { petition: { select: ['id'], populate: { organisation: { select: ['level'] } } } },
  });
  const wrong = marked.filter((v) => v.purpose === 'performance' || !isLeapfrog(v.level, v.petition?.organisation?.level ?? 'county')).map((v) => v.id);
  if (wrong.length) await strapi.db.query(UID.visit).updateMany({ where: { id: { $in: wrong } }, data: { isLeapfrog: false } });
  return wrong.length;
}
