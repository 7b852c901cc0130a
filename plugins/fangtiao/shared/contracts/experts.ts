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

// ---------------------------------------------------------------------------------------
// 专家咨询 on the desk: a case's requests for an expert's opinion, their bookings, the record.

/** The 专家咨询记录 a done booking issued. */
export interface ConsultationRecord {
  documentId: string;
  version?: number;
  verificationCode?: string;
}

/** A booking of one expert for a consultation. */
export interface Booking {
  documentId: string;
  state: string;
  start: string;
  end: string;
  mode: string;
  opinion?: string | null;
  expert?: { documentId?: string; displayName: string; title?: string | null } | null;
  document?: ConsultationRecord | null;
  /** The expert's own bookings carry their request and case. */
  consultation?: Partial<Consultation> | null;
  petition?: { documentId?: string; referenceNo?: string } | null;
}

/** A request for an expert's opinion. */
export interface Consultation {
  documentId: string;
  state: string;
  field: string;
  urgency: string;
  mode: string;
  level: string;
  difficult?: boolean;
  question: string;
  windowStart: string;
  windowEnd: string;
  minutes?: number;
  escalationReason?: string | null;
  recusals?: { expertName?: string; reason: string }[];
  bookings?: Booking[];
  cancelReason?: string | null;
  cancelledAt?: string | null;
  /** On the expert's list of open requests. */
  caseReference?: string | null;
  petition?: { documentId: string } | null;
}

/** An expert suggested for a request, least loaded this week first. */
export interface Suggestion {
  documentId: string;
  displayName: string;
  title?: string | null;
  organisation?: string | null;
  load?: number;
  weeklyLimit?: number | null;
  firstFree: string;
}

/** GET /api/petitions/:id/consultations; GET /api/experts/desk (the expert's open requests). */
export declare namespace ListConsultations {
  export interface Response {
    data: Consultation[];
  }
}

/** GET /api/consultations/:id; POST /api/petitions/:id/consultations (201). */
export declare namespace GetConsultation {
  export interface Response {
    data: Consultation;
  }
}

/** GET /api/consultations/:id/suggestions */
export declare namespace GetSuggestions {
  export interface Response {
    data: { suggestions: Suggestion[]; escalated?: boolean };
  }
}

/** GET /api/experts/me/bookings; POST /api/bookings/:id/accept | decline | opinion answers one. */
export declare namespace MyBookings {
  export interface Response {
    data: Booking[];
  }
}
export declare namespace MoveBooking {
  export interface Response {
    data: Booking;
  }
}

/** A leave or a one-off slot in an expert's availability. */
export interface AvailabilityException {
  kind: 'leave' | 'slot' | string;
  from: string;
  to: string;
  note?: string;
}

/** GET/PUT /api/experts/me — the expert's own profile: availability, on duty or on leave, the calendar link. */
export interface ExpertProfile {
  documentId: string;
  displayName?: string;
  title?: string | null;
  status?: string;
  availability?: { weekly?: WeeklySlot[]; exceptions?: AvailabilityException[] } | null;
  calendarUrl?: string | null;
}
export declare namespace MyProfile {
  export interface Response {
    data: ExpertProfile;
  }
}
