import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';

/** What the person did on their page that the desk must see (the inbox notice's title). */
export const PERSON_ACTIONS = {
  'info-reply': '信访人答复了补充材料要求',
  material: '信访人补充了材料',
  'review-request': '信访人网上申请复查',
  're-review-request': '信访人网上申请复核',
} as const;
export type PersonAction = keyof typeof PERSON_ACTIONS;

/**
 * Tells the staff handling a case that the person acted on it online: its clerk and mediator
 * (and whoever else the caller names, e.g. the asker of an info request), in the inbox with a
 * link to the case on the desk. Called after the person's change is saved; never throws
 * (`notify` logs its own failures), so a notice cannot undo what the person did.
 */
export async function notifyHandlers(
  strapi: Core.Strapi,
  petitionId: number,
  action: PersonAction,
  opts: { detail?: string; also?: Array<number | null | undefined> } = {},
) {
  try {
    const p = await strapi.db.query(UID.petition).findOne({
      where: { id: petitionId },
      select: ['documentId', 'referenceNo', 'subject'],
      populate: { assignedClerk: { select: ['id'] }, mediator: { select: ['id'] } },
    });
    if (!p) return 0;
    return await getService(strapi, 'notification').notify([p.assignedClerk?.id, p.mediator?.id, ...(opts.also ?? [])], {
      kind: 'petitioner-action',
      title: `${PERSON_ACTIONS[action]}：${p.referenceNo}`,
      body: [p.subject, opts.detail].filter(Boolean).join('\n'),
      link: `/desk/#/case/${p.documentId}`,
    });
  } catch (e: any) {
    strapi.log.warn(`[public] staff notice (${action}) failed: ${e?.message ?? e}`);
    return 0;
  }
}
