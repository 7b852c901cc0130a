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
