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

/** A hearing in a list (GET /api/hearings, …/mine): its room, organisation and case by name. */
export interface HearingItem {
  documentId: string;
  kind: string;
  kindLabel?: string;
  title: string;
  state: HearingState;
  start: string;
  end: string;
  isPublic?: boolean;
  urgent?: boolean;
  outcome?: Outcome | null;
  videoLink?: string | null;
  room: string | null;
  address?: string | null;
  caseReference: string | null;
  organisation?: string | null;
}

/** A participant as the hearing's page shows it (no ID numbers); `notice` once issued. */
export interface ParticipantView {
  index: number;
  role: string;
  roleLabel?: string;
  name: string;
  category?: string;
  categoryLabel?: string;
  organisation?: string;
  /** The staff user's or the expert's documentId. */
  user?: string;
  expert?: string;
  party?: number;
  notice: { version: number; [k: string]: unknown } | null;
}

/** One step of a hearing's history, with who acted. */
export interface HistoryEntry {
  action: string;
  at?: string;
  role?: string;
  by?: number;
  byName?: string;
  start?: string;
  end?: string;
  from?: string;
  to?: string;
  reason?: string;
  outcome?: Outcome;
}

/** The minutes as recorded: the tally of votes, when, and the PDF's version. */
export type RecordedMinutes = Minutes & {
  tally?: { support: number; oppose: number; abstain: number };
  at: string;
  document?: { version: number } | null;
};

/** A hearing as its page shows it (GET /api/hearings/:id, and the answer of every move). */
export interface HearingView {
  documentId: string;
  kind: string;
  kindLabel: string;
  title: string;
  state: HearingState;
  start: string;
  end: string;
  isPublic: boolean;
  urgent: boolean;
  videoLink: string | null;
  room: { documentId: string; name: string; capacity: number; address: string | null } | null;
  organisation: { documentId: string; name: string } | null;
  petition: { documentId: string; referenceNo: string; subject?: string; state: string } | null;
  participants: ParticipantView[];
  minutes: RecordedMinutes | null;
  outcome: Outcome | null;
  /** The case's move the minutes made, if any. */
  caseMove: { action: string; from: string; to: string } | null;
  history: HistoryEntry[];
}

/** Whom a hearing may invite (GET /api/hearings/people). */
export interface People {
  staff: { documentId: string; name: string; role: string; organisation: string | null }[];
  experts: { documentId: string; name: string; title: string | null; level: string; fields: unknown[] }[];
  parties: { index: number; name: string }[];
}

/** A proposed slot: its room, or none for a video meeting. */
export interface Slot {
  start: string;
  end: string;
  room?: { documentId: string; name: string; capacity: number } | null;
}

/** A kind of hearing with its settings (who takes part, how many, how long). */
export interface KindSettings {
  code: string;
  name: string;
  needsCase?: boolean;
  defaultMinutes?: number;
  isPublic?: boolean;
  roles: Record<string, { min: number; max?: number } | undefined>;
  [setting: string]: unknown;
}

/** GET /api/hearing-types */
export declare namespace GetKinds {
  export interface Response {
    data: KindSettings[];
  }
}

/** GET /api/rooms?organisation= */
export declare namespace GetRooms {
  export interface Request {
    query: { organisation?: string };
  }
  export interface Response {
    data: Row<{ name: string; capacity: number; organisation: { name: string } | null }>[];
  }
}

/** GET /api/hearings/people?petition= — staff and experts the caller may invite. */
export declare namespace GetPeople {
  export interface Request {
    query: { petition?: string };
  }
  export interface Response {
    data: People;
  }
}

/** POST /api/hearings/slots — the earliest slots where everyone and a room are free. */
export declare namespace SearchSlots {
  export interface Request {
    body: DataBody<PlanInput & { hearing?: string; days?: number; from?: string; count?: number }>;
  }
  export interface Response {
    data: {
      slots: Slot[];
      warning?: string | null;
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
    data: HearingView;
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
  /** The same list as the desk reads it: each row's room, organisation and case by name. */
  export interface Items {
    data: HearingItem[];
  }
}
export declare namespace GetHearing {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: HearingView;
  }
}

/** POST /api/hearings/:id/reschedule | cancel | minutes (409 with the reason when the state forbids it). */
export declare namespace MoveHearing {
  export interface Request {
    params: { id: string };
    body: DataBody<{ start?: string; reason?: string } & Partial<Minutes>>;
  }
  export interface Response {
    data: HearingView;
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
