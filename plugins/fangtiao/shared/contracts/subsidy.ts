/** 以案定补: the monthly subsidy ledger of mediation committees, and its XLSX export (audited). */

/** `month`: YYYY-MM (Beijing); `committee`: a mediation committee's documentId (api::committee). */
export interface LedgerQuery {
  month?: string;
  committee?: string;
}

/** One concluded case's subsidy for its mediator. */
export interface SubsidyRow {
  documentId: string;
  /** The case's documentId (a link to its page; the ledger's 一案一档 export). */
  petitionKey: string;
  referenceNo: string | null;
  mediatorName: string | null;
  committeeName: string | null;
  caseTypeName: string | null;
  complexity: 'ordinary' | 'difficult';
  /** 一般 / 疑难复杂 */
  complexityLabel: string;
  /** Yuan, to the fen. */
  amount: number;
  /** No rate was set: booked at 0. */
  rateMissing: boolean;
  month: string;
  concludedAt: string;
}

export interface LedgerTotals {
  /** Per mediator, by name: cases and sum. */
  mediators: { mediatorName: string; cases: number; amount: number }[];
  cases: number;
  amount: number;
}

/** GET /api/subsidies */
export declare namespace GetLedger {
  export interface Request {
    query: LedgerQuery;
  }
  export interface Response {
    data: { month: string; rows: SubsidyRow[]; totals: LedgerTotals };
  }
}

/** GET /api/subsidies/export — the XLSX. */
export declare namespace ExportLedger {
  export interface Request {
    query: LedgerQuery;
  }
}
