/**
 * The petitioner's page (/p/), its endpoints at /api/p/… (no users-permissions auth: the session
 * is the ft_p cookie). Every printed date is a Beijing date or time, already formatted.
 */

/** A case as the person sees it: plain words, no staff names. */
export interface CaseSummary {
  referenceNo: string;
  subject: string;
  state: string;
  stateLabel: string;
  /** What the state means for the person, in one sentence. */
  meaning: string;
  office: string | null;
  registeredAt: string | null;
  nextDeadline: { label: string; date: string } | null;
  returnVisitOpen: boolean;
  returnVisitDone: boolean;
}

export interface CreditFlagView {
  id: string;
  ground: string;
  state: string;
  stateLabel: string;
  objectionDeadline: string | null;
  canObject: boolean;
  canApplyForRepair: boolean;
}

/** The review request (复查 / 复核) the person may make now, or why not. */
export interface ReviewView {
  action: 'review' | 're-review';
  label: string;
  due: string | null;
  open: boolean;
  reason?: string | null;
}

export interface DocumentView {
  id: string;
  title: string;
  version: number;
  issuedAt: string;
  deliveredAt: string | null;
}

export interface CaseStatus extends CaseSummary {
  credit: CreditFlagView[];
  /** The office's requests for more information, with the person's replies. */
  infoRequests: Record<string, unknown>[];
  review: ReviewView | null;
  documents: DocumentView[];
}

/** A session opened: its end, ISO 8601. */
export interface Session {
  expiresAt: string;
}

/** POST /api/p/otp — an SMS code to the phone (429 with Retry-After when asked too often). */
export declare namespace RequestCode {
  export interface Request {
    body: { phone: string };
  }
  export interface Response {
    data: { expiresInSeconds: number };
  }
}

/** POST /api/p/login — the SMS code; sets the session cookie. */
export declare namespace Login {
  export interface Request {
    body: { phone: string; code: string };
  }
  export interface Response {
    data: Session;
  }
}

/** POST /api/p/email/otp — the same code by e-mail. */
export declare namespace RequestEmailCode {
  export interface Request {
    body: { email: string };
  }
  export interface Response {
    data: { expiresInSeconds: number };
  }
}

/** POST /api/p/email/login */
export declare namespace EmailLogin {
  export interface Request {
    body: { email: string; code: string };
  }
  export interface Response {
    data: Session;
  }
}

/** POST /api/p/lookup — one case by its reference and query code (查询码). */
export declare namespace Lookup {
  export interface Request {
    body: { referenceNo: string; queryCode: string };
  }
  export interface Response {
    data: Session & { referenceNo: string };
  }
}

/** POST /api/p/logout — 204. */
export declare namespace Logout {
  export type Response = void;
}

/** GET /api/p/cases — the session's cases, newest first. */
export declare namespace GetCases {
  export interface Response {
    data: CaseSummary[];
    meta: { who: string; expiresAt: string };
  }
}

/** GET /api/p/cases/:ref */
export declare namespace GetCaseStatus {
  export interface Request {
    params: { ref: string };
  }
  export interface Response {
    data: CaseStatus;
  }
}

/** GET /api/p/cases/:ref/documents/:doc — the PDF, inline; the first opening is its electronic delivery. */
export declare namespace OpenDocument {
  export interface Request {
    params: { ref: string; doc: string };
  }
}

/** POST /api/p/cases/:ref/return-visit — the questionnaire (回访), once, after conclusion. */
export declare namespace AnswerReturnVisit {
  export interface Request {
    params: { ref: string };
    body: { resolved: 'yes' | 'partly' | 'no'; result: 'satisfied' | 'basically_satisfied' | 'not_satisfied'; comment?: string };
  }
  export interface Response {
    data: { result: string; resolved: string };
  }
}

/** POST /api/p/cases/:ref/info-requests/:request/reply — text and at most one file (multipart `file`, or JSON). */
export declare namespace ReplyToInfoRequest {
  export interface Request {
    params: { ref: string; request: string };
    body: { text?: string };
  }
  export interface Response {
    data: { ok: true };
  }
}

/** POST /api/p/cases/:ref/review-requests/:kind — 申请复查 / 申请复核 (409 with the reason outside the window). */
export declare namespace RequestReview {
  export interface Request {
    params: { ref: string; kind: 'review' | 're-review' };
  }
  export interface Response {
    data: { state: string; label: string };
  }
}

/** POST /api/p/cases/:ref/credit/:flag/objection and …/repair — the person's objection or repair application. */
export declare namespace CreditRequest {
  export interface Request {
    params: { ref: string; flag: string };
    body: Record<string, unknown>;
  }
  export interface Response {
    data: { ok: true };
  }
}

/** GET /api/p/intake — what the online form offers: the case types' public fields and the organisation tree. */
export declare namespace GetIntakeOptions {
  export interface Response {
    data: {
      caseTypes: { id: string; name: string; fields: Record<string, unknown>[] }[];
      organisations: { id: string; name: string; level: string; parent: string | null }[];
    };
  }
}

/** POST /api/p/petitions — an online petition (phone session only). */
export declare namespace SubmitPetition {
  export interface Request {
    body: Record<string, unknown>;
  }
  export interface Response {
    data: { referenceNo: string; queryCode: string };
  }
}

/** GET /api/petitions/:id/info-requests (desk) — the case's requests for more information, with the replies. */
export declare namespace ListInfoRequests {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Record<string, unknown>[];
  }
  /** The same, as the desk reads it. */
  export interface Items {
    data: InfoRequest[];
  }
}

/** A request for more information, and the person's reply once given (with its file). */
export interface InfoRequest {
  id: number | string;
  message: string;
  askedBy?: string;
  askedAt: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  replyBy: string;
  reply?: { at: string; text: string; file?: { name: string } | null } | null;
}

/** POST /api/petitions/:id/info-requests (desk) — asks the person (by SMS to each party with a phone), 201. */
export declare namespace AskInfoRequest {
  export interface Request {
    params: { id: string };
    body: { data: { message: string; replyBy?: string } };
  }
  export interface Response {
    data: Record<string, unknown>;
    /** How many text messages went out (one per party with a phone). */
    meta: { smsSent: number };
  }
}
