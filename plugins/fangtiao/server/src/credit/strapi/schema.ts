import { SCOPE_ATTRIBUTES } from '../../constants';
import {
  BASIS_KINDS,
  CREDIT_CHANNELS,
  CREDIT_STATE_CODES,
  OBJECTION_DECISIONS,
  REPAIR_APPLICANTS,
  REPAIR_DECISIONS,
  REPAIR_OUTCOMES,
} from '../rules';
import { QUERY_ACTIONS } from '../query-log';

export const CREDIT_UID = {
  ground: 'plugin::fangtiao.credit-ground',
  flag: 'plugin::fangtiao.credit-flag',
  move: 'plugin::fangtiao.credit-flag-move',
  queryLog: 'plugin::fangtiao.credit-query-log',
} as const;

// A fresh object per attribute: Strapi writes each relation's join table into its attribute object.
const user = () => ({ type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' }) as const;
const inAdmin = () => ({ 'content-manager': { visible: true }, 'content-type-builder': { visible: false } });

/** A ground for a credit flag (失信情形) with its legal basis; edited by administrators. */
export const creditGround = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_credit_grounds',
    info: {
      singularName: 'credit-ground',
      pluralName: 'credit-grounds',
      displayName: '失信情形 Credit ground',
      description: 'The configured grounds for a credit flag, each with its legal basis and the document it rests on',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      code: { type: 'string', required: true, unique: true, regex: '^[a-z0-9-]{2,60}$' },
      name: { type: 'string', required: true },
      legalBasis: { type: 'text', required: true },
      basisKind: { type: 'enumeration', enum: [...BASIS_KINDS], required: true },
      active: { type: 'boolean', default: true },
    },
  },
};

/**
 * A credit-record flag (失信记录) on one person in one case, moved through its due process
 * (see ../rules.ts). Scoped through its petition. Never deleted.
 */
export const creditFlag = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_credit_flags',
    info: {
      singularName: 'credit-flag',
      pluralName: 'credit-flags',
      displayName: '失信记录 Credit flag',
      description: 'Proposed, independently reviewed, notified, contestable and time-limited; changed only through its moves',
    },
    options: { draftAndPublish: false },
    pluginOptions: { ...inAdmin(), fangtiao: { scopeFrom: 'petition' } },
    attributes: {
      personName: { type: 'string', required: true },
      idNumber: { type: 'string', required: true, pluginOptions: { fangtiao: { personal: 'id-number' } } },
      /** Keyed hash of idNumber for exact lookups (the number itself is stored encrypted). */
      idNumberHash: { type: 'string', private: true },
      ground: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.credit-ground' },
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      /** The issuing organisation: the case's responsible unit when the flag was proposed. */
      organisation: { type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' },
      basisDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      evidence: { type: 'json' },
      facts: { type: 'text', required: true },
      state: { type: 'enumeration', enum: CREDIT_STATE_CODES, required: true, default: 'proposed' },
      proposedBy: user(),
      proposedAt: { type: 'datetime' },
      reviewedBy: user(),
      reviewedAt: { type: 'datetime' },
      reviewNote: { type: 'text' },
      notifiedAt: { type: 'datetime' },
      noticeDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      objectionDeadline: { type: 'datetime' },
      /** Deliveries (送达) of the notice and the decisions: { of, method, deliveredAt, proof, note, deliveredBy, receipt, recordedAt }. */
      deliveries: { type: 'json' },
      deliveryReceipts: { type: 'media', multiple: true, allowedTypes: ['files', 'images'] },
      noticeDeliveredAt: { type: 'datetime' },
      objectionDecisionDeliveredAt: { type: 'datetime' },
      repairDecisionDeliveredAt: { type: 'datetime' },
      objectionText: { type: 'text' },
      objectionAttachments: { type: 'media', multiple: true, allowedTypes: ['files', 'images'] },
      objectionLodgedBy: user(),
      objectionLodgedAt: { type: 'datetime' },
      objectionReviewDueAt: { type: 'datetime' },
      /** Who brought the objection (the person or their lawyer), as the receiving officer recorded it. */
      objectionBy: { type: 'string' },
      objectionChannel: { type: 'enumeration', enum: Object.keys(CREDIT_CHANNELS) },
      /** The written 异议处理决定书 (PDF), issued with the decision. */
      objectionDecisionDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      objectionReviewExtendedBy: user(),
      objectionReviewExtendedAt: { type: 'datetime' },
      objectionReviewExtensionReason: { type: 'text' },
      objectionDecidedBy: user(),
      objectionDecidedAt: { type: 'datetime' },
      objectionDecidedLate: { type: 'boolean' },
      objectionDecision: { type: 'enumeration', enum: Object.keys(OBJECTION_DECISIONS) },
      objectionReasons: { type: 'text' },
      withdrawnAt: { type: 'datetime' },
      activatedBy: user(),
      activeFrom: { type: 'datetime' },
      expiresAt: { type: 'datetime' },
      expiredAt: { type: 'datetime' },
      repairApplication: { type: 'text' },
      repairApplicant: { type: 'enumeration', enum: Object.keys(REPAIR_APPLICANTS) },
      repairApplicantName: { type: 'string' },
      repairChannel: { type: 'enumeration', enum: Object.keys(CREDIT_CHANNELS) },
      repairReceivedBy: user(),
      /** The person's signed application (in person), as for objections. */
      repairAttachments: { type: 'media', multiple: true, allowedTypes: ['files', 'images'] },
      repairOutcome: { type: 'enumeration', enum: Object.keys(REPAIR_OUTCOMES) },
      /** The written 信用修复决定书 (PDF), issued with the decision. */
      repairDecisionDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      /** When the decider of a pending objection was last reminded that the decision falls due. */
      objectionDueRemindedAt: { type: 'datetime', private: true },
      repairAppliedAt: { type: 'datetime' },
      repairDecidedBy: user(),
      repairDecidedAt: { type: 'datetime' },
      repairDecision: { type: 'enumeration', enum: Object.keys(REPAIR_DECISIONS) },
      repairReasons: { type: 'text' },
      repairedAt: { type: 'datetime' },
      removedAt: { type: 'datetime' },
      removalNote: { type: 'text' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** The history of a flag: one row per move — who, in which role, why, from, to, when. */
export const creditFlagMove = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_credit_flag_moves',
    info: {
      singularName: 'credit-flag-move',
      pluralName: 'credit-flag-moves',
      displayName: '失信记录流转 Credit flag move',
      description: 'One move of a credit flag through its due process',
    },
    options: { draftAndPublish: false },
    // Internal history (written only by the flag's moves): not listed in the Content Manager.
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false }, fangtiao: { scopeFrom: 'flag' } },
    attributes: {
      flag: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.credit-flag' },
      action: { type: 'string', required: true },
      fromState: { type: 'string' },
      toState: { type: 'string', required: true },
      reason: { type: 'text' },
      input: { type: 'json' },
      actor: user(),
      actorRole: { type: 'string' },
      at: { type: 'datetime', required: true },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/**
 * The query log (查询记录): one row per flag per view, list, history read, export or download —
 * who, in which role, when. Kept 10 years (../query-log.ts); written only by the credit service,
 * never edited, deleted only by the cleanup job once its 10 years have ended.
 */
export const creditQueryLog = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_credit_query_logs',
    info: {
      singularName: 'credit-query-log',
      pluralName: 'credit-query-logs',
      displayName: '失信记录查询记录 Credit query log',
      description: 'Every view and export of a credit flag; kept 10 years',
    },
    options: { draftAndPublish: false },
    // Internal (written only by the credit service); read through GET /api/credit-flags/:id/queries.
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      flagDocumentId: { type: 'string', required: true },
      action: { type: 'enumeration', enum: Object.keys(QUERY_ACTIONS), required: true },
      userId: { type: 'integer' },
      username: { type: 'string' },
      role: { type: 'string' },
      at: { type: 'datetime', required: true },
      detail: { type: 'json' },
    },
  },
};
