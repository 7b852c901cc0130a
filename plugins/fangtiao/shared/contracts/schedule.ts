/** The busy grid's week of one person, expert or room (admin 听证排期, desk 我的日程). */

export type ResourceGroup = '人员' | '专家' | '会议室';

/** A person, expert or room to pick: `ref` is user:<id>, expert:<id> or room:<id>. */
export interface ScheduleResource {
  ref: string;
  label: string;
  group: ResourceGroup;
}

/** A hearing or a consultation holding the time. */
export interface ScheduleEvent {
  type: 'hearing' | 'consultation';
  documentId: string;
  title: string;
  label: string;
  state: string;
  stateLabel: string;
  start: string;
  end: string;
  place: string | null;
  caseReference: string | null;
}

/** An event outside the caller's jurisdiction on someone else's calendar: the time only (忙碌). */
export interface BusyBlock {
  type: 'busy';
  documentId: null;
  title: string;
  label: string;
  state: null;
  stateLabel: null;
  start: string;
  end: string;
  place: null;
  caseReference: null;
}

/** A week; the admin panel and one's own calendar see every event in full (no busy blocks). */
export interface ScheduleWeek<E extends ScheduleEvent | BusyBlock = ScheduleEvent | BusyBlock> {
  resource: { type: 'user' | 'expert' | 'room'; name: string };
  /** ISO instants of the Shanghai week's bounds. */
  weekStart: string;
  weekEnd: string;
  /** Office hours, HH:mm in Asia/Shanghai. */
  hours: { start: string; end: string }[];
  days: { date: string; working: boolean }[];
  events: E[];
}

/** GET /fangtiao/schedule/resources (admin) */
export declare namespace GetResources {
  export interface Response {
    data: ScheduleResource[];
  }
}

/** GET /api/fangtiao/schedule/week?resource=&week= (desk) — `resource` defaults to the caller (me). */
export declare namespace GetWeek {
  export interface Request {
    query: { resource?: string; week?: string };
  }
  export interface Response {
    data: ScheduleWeek;
  }
}

/** GET /fangtiao/schedule/week?resource=&week= (admin 听证排期): every event in full. */
export declare namespace GetAdminWeek {
  export interface Request {
    query: { resource: string; week?: string };
  }
  export interface Response {
    data: ScheduleWeek<ScheduleEvent>;
  }
}
