/** Warnings (预警): raised by the rules, acknowledged, acted on and closed; the notice (预警单). */
import type { DataBody, PageQuery, Pagination, Row } from './common';

export type Colour = 'red' | 'orange' | 'yellow' | 'blue';
export type WarningState = 'raised' | 'acknowledged' | 'acted' | 'closed';
export type WarningAction = 'acknowledge' | 'act' | 'close';

/** A warning's fields as the desk reads them (optional: rows come from the document service). */
export interface WarningFields {
  colour: Colour;
  state: WarningState;
  reason: string | null;
  ruleCode: string;
  rule: { name: string } | null;
  petition: { documentId: string; referenceNo?: string; subject?: string } | null;
  raisedAt: string;
  dueAt: string | null;
  escalatedAt: string | null;
  actionNote: string | null;
  recipients: { id: number; username: string; fullName?: string | null }[];
  noticeDocument: { documentId: string } | null;
}

export type Warning = Row<WarningFields>;

/** GET /api/warnings?state=&colour=&petition=&mine= */
export declare namespace GetWarnings {
  export interface Request {
    query: PageQuery & { state?: WarningState; colour?: Colour; petition?: string; mine?: string };
  }
  export interface Response {
    data: Warning[];
    meta: { pagination: Pagination };
  }
}

/** GET /api/warnings/:id */
export declare namespace GetWarning {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Warning;
  }
}

/** POST /api/warnings/:id/acknowledge | act | close (409 with the reason). */
export declare namespace MoveWarning {
  export interface Request {
    params: { id: string };
    body: DataBody<{ note?: string }>;
  }
  export interface Response {
    data: Warning;
  }
}

/** POST /api/warnings/:id/notice — issues the notice (预警单), 201. */
export declare namespace IssueNotice {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Row;
  }
}

/** GET /api/warning-rules — the active rules, for the desk's legend. */
export declare namespace GetRules {
  export interface Response {
    data: Row<{ colour: Colour }>[];
  }
}
