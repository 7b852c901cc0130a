/** 以案定补: the monthly subsidy ledger of mediation committees, and its XLSX export (audited). */

/** `month`: YYYY-MM (Beijing); `committee`: an organisation's documentId. */
export interface LedgerQuery {
  month?: string;
  committee?: string;
}

/** GET /api/subsidies */
export declare namespace GetLedger {
  export interface Request {
    query: LedgerQuery;
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}

/** GET /api/subsidies/export — the XLSX. */
export declare namespace ExportLedger {
  export interface Request {
    query: LedgerQuery;
  }
}
