/**
 * Who is told after a move of a credit flag (outside the move's transaction: a notification
 * never undoes a move), and the reminder before an objection decision falls due. Messages: notify.ts.
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { deliveryDueAt } from '../delivery';
import { decisionDueSoon } from '../deadlines';
import type { CreditAction } from '../rules';
import { FLAG } from './common';
import { creditNotifier } from './notify';

/** Who is told after a move (outside the move's transaction: a notification never undoes a move). */
export async function notifyMove(strapi: Core.Strapi, action: CreditAction, flag: any) {
  const tell = creditNotifier(strapi);
  const full = await strapi.db.query(FLAG).findOne({
    where: { id: flag.id },
    populate: {
      proposedBy: { select: ['id'] },
      reviewedBy: { select: ['id'] },
      objectionDecidedBy: { select: ['id'] },
      repairDecidedBy: { select: ['id'] },
      ground: { select: ['name'] },
    },
  });
  try {
    const calendar = await getService(strapi, 'hearing-planning').calendar();
    switch (action) {
      case 'approve':
      case 'reject':
        return await tell.reviewed(full);
      case 'notify':
        return await tell.forPerson(full, 'notice', deliveryDueAt(calendar, full.notifiedAt));
      case 'lodge_objection':
        return await tell.objectionLodged(full);
      case 'decide_objection':
        return await tell.forPerson(full, 'objection-decision', deliveryDueAt(calendar, full.objectionDecidedAt));
      case 'apply_repair':
        return await tell.repairApplied(full);
      case 'decide_repair':
        return await tell.forPerson(full, 'repair-decision', deliveryDueAt(calendar, full.repairDecidedAt));
      default:
        return null;
    }
  } catch (e: any) {
    strapi.log.warn(`[credit] notification after ${action} on ${flag.documentId} failed: ${e?.message ?? e}`);
    return null;
  }
}

/**
 * Reminds the eligible deciders of every objection whose decision falls due within 2 working
 * days, once per objection. For the scheduled job; `now` injected. Returns how many were reminded.
 */
export async function remindObjectionDecisions(strapi: Core.Strapi, now: Date = new Date()): Promise<number> {
  const calendar = await getService(strapi, 'hearing-planning').calendar();
  const open = await strapi.db.query(FLAG).findMany({
    where: { state: 'objected', objectionReviewDueAt: { $gte: now } },
    populate: { proposedBy: { select: ['id'] }, reviewedBy: { select: ['id'] }, ground: { select: ['name'] } },
    limit: 1000,
  });
  let reminded = 0;
  for (const f of open) {
    // An extension moves the due date: the reminder is due again for the new date.
    if (f.objectionDueRemindedAt && new Date(f.objectionDueRemindedAt) >= new Date(f.objectionReviewExtendedAt ?? 0)) continue;
    if (!decisionDueSoon(f.objectionReviewDueAt, now, calendar)) continue;
    await creditNotifier(strapi).decisionDueSoon(f);
    await strapi.db.query(FLAG).update({ where: { id: f.id }, data: { objectionDueRemindedAt: now } });
    reminded += 1;
  }
  return reminded;
}
