/** 司法确认: applying to the court to confirm a mediation agreement, within 30 days; filing and ruling recorded. */
import type { DataBody, Row } from './common';

export type RulingOutcome = 'confirmed' | 'rejected';

/** Where a case's 司法确认 stands: the agreement's 30-day window, the filing and the ruling once recorded. */
export interface Status {
  effectiveAt: string;
  deadline: string;
  windowOpen: boolean;
  windowRefusal: string | null;
  court: string | null;
  filedAt?: string | null;
  caseNumber?: string | null;
  ruledAt?: string | null;
  outcome?: RulingOutcome | null;
  outcomeLabel: string | null;
  [field: string]: unknown;
}

/** GET /api/petitions/:id/judicial-confirmation */
export declare namespace GetStatus {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Status;
  }
}

/** POST /api/petitions/:id/judicial-confirmation/application — issues the application (201). */
export declare namespace IssueApplication {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Row;
  }
}

/** POST …/filing: the court's filing; …/ruling: its ruling. */
export declare namespace RecordFiling {
  export interface Request {
    params: { id: string };
    body: DataBody<{ court?: string; caseNumber?: string; filedAt: string; note?: string }>;
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}
export declare namespace RecordRuling {
  export interface Request {
    params: { id: string };
    body: DataBody<{ outcome: RulingOutcome; ruledAt: string; note?: string }>;
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}
