/** 履行回访: follow-ups of a mediation agreement's performance, due after the agreed dates. */
import type { DataBody, Row } from './common';

export type PerformanceResult = 'performed' | 'partly' | 'not_performed';
export type PerformanceState = 'pending' | 'due' | PerformanceResult;

export type PerformanceCheck = Row<{ state: PerformanceState; obligor: string | null; what: string; dueDate: string; note: string | null }>;

/** GET /api/petitions/:id/performance */
export declare namespace ListChecks {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: PerformanceCheck[];
  }
}

/** POST /api/performance-checks/:id/record — the mediator's record of one follow-up. */
export declare namespace RecordCheck {
  export interface Request {
    params: { id: string };
    body: DataBody<{ result: PerformanceResult; note?: string }>;
  }
  export interface Response {
    data: PerformanceCheck;
  }
}
