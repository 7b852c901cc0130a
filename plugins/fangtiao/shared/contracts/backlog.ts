/** Backlog (积案化解): packages of backlog cases with their leader, plan and progress; leader tenures and handovers. */
import type { DataBody, PageQuery, Pagination, Row } from './common';

/** A person on a package: the leader, the author of a progress note. */
export interface PersonRef {
  id: number;
  username?: string;
  fullName?: string | null;
  name?: string;
  organisation?: { name: string } | null;
}

/** The five ones as the server counts them; `missing` names those not yet in place. */
export interface FiveOnes {
  leader: boolean;
  workTeam: boolean;
  plan: boolean;
  caseFile: boolean;
  missing: string[];
}

/** A package's fields as the desk reads them (every one optional: rows come from the document service). */
export interface PackageFields {
  state: 'open' | 'resolved';
  petition: { documentId: string; referenceNo?: string; subject?: string } | null;
  leader: PersonRef | null;
  workTeam: string | null;
  plan: string | null;
  targetDate: string | null;
  caseFileDocuments: string[];
  caseFile: { name: string }[];
  fiveOnes: FiveOnes;
  progress: { at: string; text: string; byName?: string }[];
  openedAt: string;
  lastProgressAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export type BacklogPackage = Row<PackageFields>;

/** A package on the 红黑榜: black ones say why (overdue, no progress) and what of the five ones is missing. */
export interface BoardRow {
  documentId: string;
  petition?: { referenceNo?: string; subject?: string } | null;
  leader?: { name?: string } | null;
  targetDate?: string | null;
  resolvedAt?: string | null;
  why?: string;
  missing?: string[];
}

/** The 红黑榜 of an organisation. */
export interface Supervision {
  organisation: { name: string; code?: string };
  staleDays: number;
  counts: { total: number; open: number; resolved: number; incomplete: number; red: number; black: number };
  red: BoardRow[];
  black: BoardRow[];
}

export interface PackageInput {
  petition?: string;
  leader?: string;
  workTeam?: string;
  plan?: string;
  targetDate?: string;
  caseFileDocuments?: string[];
}

/** GET /api/backlog-packages?state=&petition=&leader= */
export declare namespace GetPackages {
  export interface Request {
    query: PageQuery & { state?: string; petition?: string; leader?: string };
  }
  export interface Response {
    data: BacklogPackage[];
    meta: { pagination: Pagination };
  }
}

/** GET /api/backlog-packages/:id */
export declare namespace GetPackage {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: BacklogPackage;
  }
}

/** POST /api/backlog-packages — 201. */
export declare namespace CreatePackage {
  export interface Request {
    body: DataBody<PackageInput>;
  }
  export interface Response {
    data: BacklogPackage;
  }
}

/** PUT /api/backlog-packages/:id */
export declare namespace UpdatePackage {
  export interface Request {
    params: { id: string };
    body: DataBody<PackageInput>;
  }
  export interface Response {
    data: BacklogPackage;
  }
}

/** POST /api/backlog-packages/:id/progress — one progress note. */
export declare namespace AddProgress {
  export interface Request {
    params: { id: string };
    body: DataBody<{ date?: string; text: string }>;
  }
  export interface Response {
    data: BacklogPackage;
  }
}

/** POST /api/backlog-packages/:id/resolve */
export declare namespace ResolvePackage {
  export interface Request {
    params: { id: string };
    body: DataBody<{ resolution: string; remarks?: string }>;
  }
  export interface Response {
    data: BacklogPackage;
  }
}

/** GET /api/backlog/supervision?organisation=&staleDays= — the supervisor's view: stale and overdue packages. */
export declare namespace GetSupervision {
  export interface Request {
    query: { organisation?: string; staleDays?: string };
  }
  export interface Response {
    data: Record<string, unknown>;
  }
}

/** A leader's tenure at an organisation; a closed one carries its handover sheet (离任交接表). */
export interface TenureFields {
  leader: PersonRef | null;
  successor: PersonRef | null;
  organisation: { name: string } | null;
  arrivedAt: string;
  leftAt: string | null;
  sheet: { backlogAtDeparture?: unknown[]; newCount?: number } | null;
  handoverDocument: { documentId: string } | null;
}

/** GET /api/leader-tenures?leader= */
export declare namespace GetTenures {
  export interface Request {
    query: { leader?: string };
  }
  export interface Response {
    data: Row<TenureFields>[];
  }
}

/** POST /api/leaders/:id/handover — a leader leaves the post; the successor takes the packages (201). */
export declare namespace Handover {
  export interface Request {
    params: { id: string };
    body: DataBody<{ successor: string; post?: string; reason?: string; explanation?: string }>;
  }
  export interface Response {
    data: Record<string, unknown>;
  }
  /** The same, as the desk reads it: the counts and the sheet. */
  export interface Result {
    data: { counts: { atArrival: number; atDeparture: number; new: number; handedOver: number }; document: { documentId: string } };
  }
}
