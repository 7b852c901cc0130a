/**
 * Credit flags (失信记录) with due process: the request bodies of each move and the shapes the
 * desk reads. Bodies are `{ data: … }` (multipart: `data` as JSON text plus files.*).
 */

export type CreditAction =
  | 'approve'
  | 'reject'
  | 'notify'
  | 'lodge_objection'
  | 'extend_objection_review'
  | 'decide_objection'
  | 'activate'
  | 'apply_repair'
  | 'decide_repair'
  | 'expire'
  | 'remove';

export interface EvidenceRef {
  type: 'document' | 'visit';
  id: string;
}

/** POST /api/fangtiao/credit-flags — a clerk's proposal (提请). */
export interface ProposalInput {
  personName: string;
  idNumber: string;
  /** The ground's code or documentId. */
  ground: string;
  petition: string;
  basisDocument: string;
  facts: string;
  evidence: EvidenceRef[];
}

/** The inputs of each move, by action (none: an empty object). */
export interface MoveInputs {
  approve: { note?: string };
  reject: { reason: string };
  notify: Record<string, never>;
  lodge_objection: { text: string; objector?: string };
  extend_objection_review: { reason: string };
  decide_objection: { decision: 'upheld' | 'dismissed'; reasons: string };
  activate: Record<string, never>;
  apply_repair: { applicant: 'person' | 'lawyer' | 'clerk'; applicantName?: string; application: string };
  decide_repair: { decision: 'granted' | 'refused'; outcome?: 'delete' | 'annotate'; reasons: string };
  expire: Record<string, never>;
  remove: { reason?: string };
}

/** POST /api/fangtiao/credit-flags/:id/deliver — a delivery (送达) of the notice or a decision. */
export interface DeliveryInput {
  of: 'notice' | 'objection-decision' | 'repair-decision';
  method: string;
  deliveredAt: string;
  [proof: string]: unknown;
}

/** A move the caller may make next, as the flag offers it; `blocked` says why not yet. */
export interface AvailableMove {
  action: CreditAction | 'deliver';
  label: string;
  fields: readonly { key: string; label: string; kind: string; required: boolean; options?: Record<string, string> }[];
  blocked: string | null;
}

/** Every request body of the credit endpoints. */
export interface Body<T> {
  data: T;
}

/** POST /api/fangtiao/credit-flags/:id/<move> */
export declare namespace MoveFlag {
  export interface Request<A extends CreditAction = CreditAction> {
    params: { id: string };
    body: Body<MoveInputs[A]>;
  }
}

/** GET /api/fangtiao/credit-flags/export?format=csv|json (json answers with these records). */
export declare namespace ExportFlags {
  export interface Request {
    query: { format?: 'csv' | 'json' };
  }
  export interface Response {
    data: Record<string, string>[];
    meta: { count: number; exportedAt: string };
  }
}

/** Who acted on a flag, by name. */
export interface Actor {
  id?: number;
  username?: string;
  fullName?: string | null;
}

/** A written document of a flag (告知书, 异议处理决定书, 信用修复决定书) or its basis. */
export interface FlagDocument {
  documentId: string;
  title?: string;
  version?: number;
  issuedAt?: string;
  verificationCode?: string;
}

/** A file the person gave with an objection or a repair application. */
export interface FlagAttachment {
  id: string | number;
  mime?: string;
  size?: number;
}

/** A flag as the desk reads it (GET /api/credit-flags, …/:id): the list's rows carry the first part. */
export interface CreditFlag {
  documentId: string;
  state: string;
  stateLabel?: string;
  personName?: string;
  idNumber?: string | null;
  facts?: string;
  ground?: { code?: string; name: string; legalBasis?: string } | null;
  petition?: { documentId: string; referenceNo?: string; subject?: string } | null;
  organisation?: { name: string } | null;
  basisDocument?: FlagDocument | null;
  evidence?: EvidenceRef[];
  reviewNote?: string | null;
  proposedAt?: string;
  proposedBy?: Actor | null;
  reviewedAt?: string | null;
  reviewedBy?: Actor | null;
  notifiedAt?: string | null;
  noticeDeliveredAt?: string | null;
  deliveryOverdue?: boolean;
  deliveryWarnings?: { reason: string }[];
  deliveries?: { of: string; method: string; deliveredAt: string; proof?: string; deliveredBy?: Actor | null }[];
  objectionDeadline?: string | null;
  objectionText?: string | null;
  objectionBy?: string | null;
  objectionChannel?: string | null;
  objectionLodgedAt?: string | null;
  objectionLodgedBy?: Actor | null;
  objectionAttachments?: FlagAttachment[];
  objectionReviewDueAt?: string | null;
  objectionReviewExtendedAt?: string | null;
  objectionReviewExtensionReason?: string | null;
  objectionDecision?: string | null;
  objectionReasons?: string | null;
  objectionDecidedAt?: string | null;
  objectionDecidedBy?: Actor | null;
  objectionDecidedLate?: boolean;
  objectionDecisionDeliveredAt?: string | null;
  activeFrom?: string | null;
  activatedBy?: Actor | null;
  expiresAt?: string | null;
  repairApplication?: string | null;
  repairApplicant?: string | null;
  repairApplicantName?: string | null;
  repairChannel?: string | null;
  repairReceivedBy?: Actor | null;
  repairAttachments?: FlagAttachment[];
  repairAppliedAt?: string | null;
  repairDecision?: string | null;
  repairOutcome?: string | null;
  repairReasons?: string | null;
  repairDecidedAt?: string | null;
  repairDecidedBy?: Actor | null;
  withdrawnAt?: string | null;
  expiredAt?: string | null;
  removedAt?: string | null;
  noticeDocument?: FlagDocument | null;
  objectionDecisionDocument?: FlagDocument | null;
  repairDecisionDocument?: FlagDocument | null;
  /** Each open step's deadline and who must act. */
  deadlines?: { key: string; of?: string; label: string; dueAt?: string | null; overdue?: boolean; who: string }[];
  /** The moves the caller may make now. */
  available?: AvailableMove[];
}

/** One step of a flag's history (GET /api/credit-flags/:id/history). */
export interface FlagMove {
  action: string;
  at?: string;
  fromState?: string | null;
  toState: string;
  fromLabel?: string;
  toLabel?: string;
  reason?: string | null;
  actor?: Actor | null;
  actorRole?: string;
  input?: { objectionDecision?: string; repairDecision?: string; objectionDeadline?: string; expiresAt?: string; [k: string]: unknown };
}

/** A ground (失信情形) a clerk may propose under (GET /api/credit-grounds). */
export interface Ground {
  code: string;
  name: string;
  legalBasis?: string;
  basisKind?: string;
}

/** The server's hints for a case (GET /api/petitions/:id/credit-hints): what may apply, for the clerk to judge. */
export interface Hints {
  notice?: string;
  hints: { message?: string; groundName?: string; evidence?: EvidenceRef[] }[];
}

/** GET /api/credit-flags (paged) and GET /api/credit-flags/:id */
export declare namespace GetFlags {
  export interface Response {
    data: CreditFlag[];
    meta?: { pagination?: { page: number; pageSize: number; pageCount: number; total: number } };
  }
}
export declare namespace GetFlag {
  export interface Response {
    data: CreditFlag;
  }
}
