/** Hearings (听证会商): kinds, rooms, the people to invite, slot search, scheduling and its moves, minutes. */
import type { DataBody, Row } from './common';

export type HearingKind = 'hearing' | 'joint_consultation' | 'evaluation' | string;
export type HearingState = 'scheduled' | 'held' | 'cancelled';
export type Outcome = 'accepted' | 'not-accepted' | 'adjourned';

/** A participant as the desk gives it: a staff user, an expert, a party of the case (by index), or a named outsider. */
export interface ParticipantInput {
  role: string;
  user?: string | number;
  expert?: string;
  party?: number;
  name?: string;
  category?: 'deputy' | 'cppcc' | 'resident' | 'other';
  organisation?: string;
}

/** What a hearing is planned from (slot search and scheduling). */
export interface PlanInput {
  kind: string;
  petition?: string;
  organisation?: string;
  participants: ParticipantInput[];
  /** 30-minute steps, at most 480. */
  minutes?: number;
  urgent?: boolean;
  videoLink?: string;
  room?: string;
}

export type Hearing = Row<{ kind: string; state: HearingState; title: string; start: string; end: string }>;

/** GET /api/hearing-types */
export declare namespace GetKinds {
  export interface Response {
    data: { code: string; name: string; [setting: string]: unknown }[];
  }
}

/** GET /api/rooms?organisation= */
export declare namespace GetRooms {
  export interface Request {
    query: { organisation?: string };
  }
  export interface Response {
    data: Row<{ name: string; capacity: number }>[];
  }
}

/** GET /api/hearings/people?petition= — staff and experts the caller may invite. */
export declare namespace GetPeople {
  export interface Request {
    query: { petition?: string };
  }
  export interface Response {
    data: unknown;
  }
}

/** POST /api/hearings/slots — the earliest slots where everyone and a room are free. */
export declare namespace SearchSlots {
  export interface Request {
    body: DataBody<PlanInput & { hearing?: string; days?: number; from?: string; count?: number }>;
  }
  export interface Response {
    data: {
      slots: { start: string; end: string; room?: unknown }[];
      earliestAllowed: string;
      horizonEnd: string;
      noticeWorkingDays: number;
      [key: string]: unknown;
    };
  }
}

/** POST /api/hearings — 201. */
export declare namespace CreateHearing {
  export interface Request {
    body: DataBody<PlanInput & { start: string; title?: string; isPublic?: boolean }>;
  }
  export interface Response {
    data: Hearing;
  }
}

/** GET /api/hearings, GET /api/hearings/mine, GET /api/hearings/:id */
export declare namespace GetHearings {
  export interface Request {
    query: Record<string, string | undefined>;
  }
  export interface Response {
    data: Hearing[];
  }
}
export declare namespace GetHearing {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: Hearing;
  }
}

/** POST /api/hearings/:id/reschedule | cancel | minutes (409 with the reason when the state forbids it). */
export declare namespace MoveHearing {
  export interface Request {
    params: { id: string };
    body: DataBody<{ start?: string; reason?: string } & Partial<Minutes>>;
  }
  export interface Response {
    data: Hearing;
  }
}

/** The minutes (笔录): attendance by participant index, the panel's opinions or votes, the conclusion. */
export interface Minutes {
  attendance: { participant: number; present: boolean; note?: string }[];
  opinions: { participant: number; vote?: 'support' | 'oppose' | 'abstain'; opinion: string }[];
  conclusion: string;
  outcome: Outcome;
}

/** GET /api/hearings/:id/notices/:index and …/record — the PDF (a notice, the minutes). */
export declare namespace HearingFile {
  export interface Request {
    params: { id: string; index?: string };
  }
}

/** GET /api/hearing-announcements (public) — upcoming public hearings, no names. */
export declare namespace GetAnnouncements {
  export interface Response {
    data: Record<string, unknown>[];
  }
}
