/** Expert pools (admin 专家排班): the pools and one pool's week. */

export interface Pool {
  documentId: string;
  name: string;
  field: string;
  level: string;
  organisation?: { name: string } | null;
}

export type WeeklySlot = { weekday: number; start: string; end: string };

export interface PoolWeek {
  pool: Pool;
  weekStart: string;
  weekEnd: string;
  experts: {
    documentId: string;
    displayName: string;
    status: string;
    availability: { weekly?: WeeklySlot[]; exceptions?: { kind: string; from: string; to: string }[] } | null;
  }[];
  /** The week's bookings of the pool's members; a booking without a case has no reference. */
  bookings: {
    documentId: string;
    expert?: string;
    start: string;
    end: string;
    state: string;
    mode: string;
    field?: string;
    caseReference?: string | null;
  }[];
}

/** GET /fangtiao/expert-pools */
export declare namespace GetPools {
  export interface Response {
    data: Pool[];
  }
}

/** GET /fangtiao/expert-pools/:id/week?week= */
export declare namespace GetPoolWeek {
  export interface Request {
    params: { id: string };
    query: { week?: string };
  }
  export interface Response {
    data: PoolWeek;
  }
}
