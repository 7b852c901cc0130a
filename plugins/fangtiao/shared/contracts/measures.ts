/** The 考核指标 dashboard: measures for an organisation and a period, their rows, the export. */

export type Figure = { numerator: number; denominator: number | null; value: number | null };

export type Measure = Figure & {
  key: string;
  label: string;
  unit: 'rate' | 'count';
  better: 'higher' | 'lower';
  ledger: 'petitions' | 'visits' | 'moves';
  formula: string;
  numeratorLabel: string;
  denominatorLabel: string | null;
  previous: Figure;
  yearAgo: Figure;
  target: number | null;
  targetLabel: string;
  met: boolean | null;
  trend: { key: string; label: string; value: number | null }[];
};

export type PeriodInfo = { kind: string; key: string; label: string; start: string; end: string };

export type Dashboard = {
  organisation: { level: string; code: string; name?: string } | null;
  period: PeriodInfo;
  previous: PeriodInfo;
  yearAgo: PeriodInfo;
  computedAt: string;
  /** Months before `until` were summed from the monthly aggregates counted at `refreshedAt`; null: all computed live. */
  aggregates: { until: string; refreshedAt: string } | null;
  measures: Measure[];
};

/** The query every measures endpoint reads: the organisation (its code), the kind of period and its key. */
export interface MeasuresQuery {
  org?: string;
  kind?: string;
  period?: string;
}

/** GET /fangtiao/measures */
export declare namespace GetDashboard {
  export interface Request {
    /** `trend`: how many earlier periods the trend lines show. */
    query: MeasuresQuery & { trend?: string };
  }
  export interface Response {
    data: Dashboard;
  }
}

/** GET /fangtiao/measures/organisations — the organisations the caller may choose. */
export declare namespace GetOrganisations {
  export interface Response {
    data: { code: string; name: string; level: string }[];
  }
}

/** GET /fangtiao/measures/:measure/rows — the records behind one figure. */
export declare namespace GetRows {
  export interface Request {
    params: { measure: string };
    query: MeasuresQuery;
  }
  export interface Response {
    data: Record<string, unknown>[];
    /** The measure, the period and the counts the rows stand for. */
    meta: Record<string, unknown>;
  }
  /** The same, as the desk reads it. */
  export interface Rows {
    data: (Record<string, unknown> & { inNumerator?: boolean; inDenominator?: boolean })[];
    meta: { period: PeriodInfo; numerator: number; denominator: number | null; truncated?: boolean };
  }
}

/** A first petition's row in the 初信初访台账: dates already written in Asia/Shanghai, labels in Chinese. */
export interface LedgerRow {
  documentId: string;
  referenceNo: string;
  subject: string;
  isBacklog: boolean;
  channelLabel: string;
  unit: string;
  registeredAt: string;
  stateLabel: string;
  dueAt: string;
  concludedAt: string;
}

/** GET /api/ledgers/first-petitions?cadence=day|week|month&period=&org= — the rows and the counts of the period. */
export declare namespace GetFirstPetitions {
  export interface Request {
    query: { cadence?: 'day' | 'week' | 'month'; period?: string; org?: string };
  }
  export interface Response {
    data: LedgerRow[];
    meta: {
      period: { key: string; label: string; periodLabel: string };
      organisation: { name: string } | null;
      counts: { registered: number; concluded: number; open: number; backlog: number };
      /** More than 5,000 rows: the first 5,000 only. */
      truncated?: boolean;
    };
  }
}
