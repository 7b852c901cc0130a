/**
 * What the credit service's parts share: model UIDs, the populate specs a flag answers with,
 * who made which move, the input shapes. No behaviour.
 */
import { UID } from '../../constants';
import { formatDate } from '../../documents/format';
import { shanghaiDate } from '@fangtiao/kernel/pure';
import type { Caller } from '@fangtiao/kernel';
import type { CreditAction, CreditChannel, CreditFacts } from '../rules';
import { CREDIT_UID } from './schema';

export const FLAG = CREDIT_UID.flag;
export const MOVE = CREDIT_UID.move;
export const QUERY_LOG = CREDIT_UID.queryLog;
export const GROUND = CREDIT_UID.ground;
export const DOC = UID.generatedDocument;
export const VISIT = 'api::visit.visit';

/** A Shanghai calendar date as printed on documents: 2026年3月2日. */
export const printed = (d: Date | string) => formatDate(shanghaiDate(d));

// Populate specs are built fresh for every query (Strapi may annotate what it is given).
export const PERSON = () => ({ fields: ['username', 'fullName'] });
export const DOC_FIELDS = () => ({ fields: ['kind', 'title', 'version', 'verificationCode', 'issuedAt'] });

/** What a flag answers with: its references named, its people by name only. */
export const FLAG_POPULATE = () => ({
  ground: { fields: ['code', 'name', 'legalBasis', 'basisKind'] },
  petition: { fields: ['referenceNo', 'subject'] },
  organisation: { fields: ['name', 'code'] },
  basisDocument: DOC_FIELDS(),
  noticeDocument: DOC_FIELDS(),
  objectionDecisionDocument: DOC_FIELDS(),
  repairDecisionDocument: DOC_FIELDS(),
  objectionAttachments: { fields: ['name', 'mime', 'size'] },
  repairAttachments: { fields: ['name', 'mime', 'size'] },
  repairReceivedBy: PERSON(),
  deliveryReceipts: { fields: ['name', 'mime', 'size'] },
  proposedBy: PERSON(),
  reviewedBy: PERSON(),
  objectionLodgedBy: PERSON(),
  objectionReviewExtendedBy: PERSON(),
  objectionDecidedBy: PERSON(),
  activatedBy: PERSON(),
  repairDecidedBy: PERSON(),
});

/** Who made the move, by the field that names them. */
export const ACTOR_FIELD: Partial<Record<CreditAction, string>> = {
  approve: 'reviewedBy',
  reject: 'reviewedBy',
  lodge_objection: 'objectionLodgedBy',
  extend_objection_review: 'objectionReviewExtendedBy',
  decide_objection: 'objectionDecidedBy',
  activate: 'activatedBy',
  decide_repair: 'repairDecidedBy',
};

/** Terminal states: a new proposal on the same person, case and ground is possible again. */
export const CLOSED_STATES = ['rejected', 'withdrawn', 'repaired', 'expired', 'removed'];

export type Input = Record<string, any>;
/** How an objection or a repair application came in (see `lodgeObjection`). */
export type ChannelOptions = { channel: CreditChannel; caller?: Caller; person?: { idNumber: string }; files?: Upload[] };
export type Upload = { filepath: string; originalFilename?: string | null; mimetype?: string | null; size: number };

/** The facts the move rules read from a flag. */
export function factsOf(flag: any): CreditFacts {
  return {
    noticeDeliveredAt: flag.noticeDeliveredAt,
    objectionDecidedAt: flag.objectionDecidedAt,
    objectionDecisionDeliveredAt: flag.objectionDecisionDeliveredAt,
    objectionDeadline: flag.objectionDeadline,
    objectionReviewDueAt: flag.objectionReviewDueAt,
    objectionLodgedAt: flag.objectionLodgedAt,
    objectionReviewExtended: !!flag.objectionReviewExtendedAt,
    repairPending: !!flag.repairAppliedAt && !flag.repairDecidedAt,
    expiresAt: flag.expiresAt,
  };
}
