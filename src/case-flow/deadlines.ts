/**
 * Legal deadlines of a petition (信访工作条例 2022) as pure functions.
 *
 * Day arithmetic — the choice made here, applied everywhere:
 * - Periods are counted in calendar days (自然日) on the Asia/Shanghai calendar. China has
 *   had no daylight-saving time since 1991, so Asia/Shanghai is a fixed UTC+08:00 offset
 *   and no time-zone database is needed (this file also runs in the browser).
 * - The day of the triggering event is not counted (民法典 art. 201: 开始的当日不计入):
 *   a petition registered at any time on 1 March with a 15-day period is due on 16 March.
 * - A deadline is the last millisecond of its due day: 23:59:59.999 at +08:00, i.e.
 *   15:59:59.999Z. Anything at or before that instant is on time.
 * - Public holidays do not move a deadline (the product counts plain calendar days; an
 *   office that needs working days configures longer periods).
 *
 * Dates come in as JS Date or ISO strings (a bare 'YYYY-MM-DD' is read as that Shanghai
 * calendar day) and go out as JS Date.
 */

import { DAY_MS, OFFSET_MS, shanghaiDayNumber, toInstant as toDate, type DateInput } from '../time/shanghai';

// The Shanghai calendar helpers live in one module (time/shanghai.ts); re-exported for the rules.
export { shanghaiDate, shanghaiDayNumber, toInstant as toDate, type DateInput } from '../time/shanghai';

export interface DeadlineSettings {
  /** Days to decide whether to accept a registered petition (条例: 15). */
  acceptanceDays: number;
  /** Days to conclude an accepted petition (条例: 60). */
  conclusionDays: number;
  /** Longest single extension of the conclusion deadline (条例: 30). */
  maxExtensionDays: number;
  /** Days the petitioner has to request a review / re-review (条例: 30). */
  reviewRequestDays: number;
  /** Days the office has to answer a review / re-review request (条例: 30). */
  reviewAnswerDays: number;
}

export const DEFAULT_DEADLINES: Readonly<DeadlineSettings> = Object.freeze({
  acceptanceDays: 15,
  conclusionDays: 60,
  maxExtensionDays: 30,
  reviewRequestDays: 30,
  reviewAnswerDays: 30,
});

/** Merges configured values over the legal defaults (missing or invalid values fall back). */
export function resolveDeadlineSettings(settings?: Partial<DeadlineSettings> | null): DeadlineSettings {
  const out: DeadlineSettings = { ...DEFAULT_DEADLINES };
  if (settings) {
    for (const key of Object.keys(DEFAULT_DEADLINES) as (keyof DeadlineSettings)[]) {
      const v = settings[key];
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[key] = v;
    }
  }
  return out;
}

/** 23:59:59.999 +08:00 of the Shanghai day the instant falls on. */
export function endOfShanghaiDay(value: DateInput): Date {
  return new Date((shanghaiDayNumber(value) + 1) * DAY_MS - OFFSET_MS - 1);
}

/** End of the Shanghai calendar day `days` days after the day of `start` (start day not counted). */
export function dueAfter(start: DateInput, days: number): Date {
  return new Date((shanghaiDayNumber(start) + days + 1) * DAY_MS - OFFSET_MS - 1);
}

/** Acceptance decision due: registration + acceptanceDays. */
export function acceptanceDue(registeredAt: DateInput, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(registeredAt, resolveDeadlineSettings(settings).acceptanceDays);
}

/** Conclusion due: acceptance + conclusionDays + any approved extension. */
export function conclusionDue(acceptedAt: DateInput, extensionDays = 0, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(acceptedAt, resolveDeadlineSettings(settings).conclusionDays + Math.max(0, extensionDays));
}

/** Last moment the petitioner may request a review: conclusion + reviewRequestDays. */
export function reviewRequestDue(concludedAt: DateInput, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(concludedAt, resolveDeadlineSettings(settings).reviewRequestDays);
}

/** Review opinion due: review request + reviewAnswerDays. */
export function reviewAnswerDue(reviewRequestedAt: DateInput, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(reviewRequestedAt, resolveDeadlineSettings(settings).reviewAnswerDays);
}

/** Last moment to request a re-review: review opinion + reviewRequestDays. */
export function reReviewRequestDue(reviewedAt: DateInput, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(reviewedAt, resolveDeadlineSettings(settings).reviewRequestDays);
}

/** Re-review opinion due: re-review request + reviewAnswerDays. */
export function reReviewAnswerDue(reReviewRequestedAt: DateInput, settings?: Partial<DeadlineSettings>): Date {
  return dueAfter(reReviewRequestedAt, resolveDeadlineSettings(settings).reviewAnswerDays);
}

/** True when `now` is at or before `due`. */
export function isWithin(due: DateInput, now: DateInput): boolean {
  return toDate(now).getTime() <= toDate(due).getTime();
}

/** True when there is a deadline and `now` is past it. */
export function isOverdue(due: DateInput | null | undefined, now: DateInput): boolean {
  return due != null && toDate(now).getTime() > toDate(due).getTime();
}

/**
 * Calendar days left until the due day (Shanghai calendar): 0 on the due day itself,
 * negative once the due day has passed.
 */
export function daysLeft(due: DateInput, now: DateInput): number {
  return shanghaiDayNumber(due) - shanghaiDayNumber(now);
}

export type DeadlineColour = 'green' | 'yellow' | 'red' | 'none';

export const DEADLINE_COLOUR_LABELS: Record<DeadlineColour, string> = {
  green: '期限充足',
  yellow: '临近期限',
  red: '即将到期或已超期',
  none: '无期限',
};

/**
 * 'none' without a deadline; 'red' when overdue or 2 or fewer calendar days are left;
 * 'yellow' with 3–7 days left; 'green' with more than 7.
 */
export function deadlineColour(due: DateInput | null | undefined, now: DateInput): DeadlineColour {
  if (due == null) return 'none';
  if (isOverdue(due, now)) return 'red';
  const left = daysLeft(due, now);
  if (left <= 2) return 'red';
  if (left <= 7) return 'yellow';
  return 'green';
}

// ---------------------------------------------------------------------------------------
// Extensions

export interface ExtensionRequest {
  /** Requested extension in calendar days. */
  days: unknown;
  /** Whether the petition has already been extended once (or its extension days > 0). */
  alreadyExtended: boolean;
  /** Role of the person approving the extension; must be 'leader'. */
  approverRole: string;
  /** Current state; when given, must be a state with a running conclusion deadline. */
  state?: string;
  /** When given, the new conclusion deadline is computed. */
  acceptedAt?: DateInput | null;
  settings?: Partial<DeadlineSettings>;
}

export type ExtensionPlan =
  | { ok: true; extensionDays: number; conclusionDueAt: Date | null }
  | { ok: false; status: 400 | 403 | 409; reason: string; field?: string };

/** States in which the conclusion deadline runs. */
export const CONCLUSION_DEADLINE_STATES: readonly string[] = [
  'accepted',
  'in_mediation',
  'unit_handling',
  'referred_legal',
  'leader_handling',
];

/**
 * 情况复杂的，经批准可以适当延长办理期限，延长期限不得超过30日 — one extension only, at most
 * `maxExtensionDays`, approved by a leader. 403 when the approver is not a leader,
 * 409 when already extended or the petition is not in handling, 400 for a bad `days`.
 */
export function planExtension(req: ExtensionRequest): ExtensionPlan {
  const s = resolveDeadlineSettings(req.settings);
  if (req.approverRole !== 'leader') {
    return { ok: false, status: 403, reason: '延长办理期限须经包案领导批准' };
  }
  if (req.state !== undefined && !CONCLUSION_DEADLINE_STATES.includes(req.state)) {
    return { ok: false, status: 409, reason: '只有正在办理中的信访事项可以延长办理期限' };
  }
  if (req.alreadyExtended) {
    return { ok: false, status: 409, reason: '办理期限只能延长一次，本事项已延长过' };
  }
  const days = req.days;
  if (days === undefined || days === null || days === '') {
    return { ok: false, status: 400, reason: '请填写延长天数', field: 'days' };
  }
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    return { ok: false, status: 400, reason: '延长天数应为正整数', field: 'days' };
  }
  if (days > s.maxExtensionDays) {
    return { ok: false, status: 400, reason: `延长期限不得超过${s.maxExtensionDays}日`, field: 'days' };
  }
  return {
    ok: true,
    extensionDays: days,
    conclusionDueAt: req.acceptedAt ? conclusionDue(req.acceptedAt, days, s) : null,
  };
}

// ---------------------------------------------------------------------------------------
// The deadline that applies now

export interface PetitionDeadlineFacts {
  state: string;
  registeredAt?: DateInput | null;
  acceptedAt?: DateInput | null;
  extensionDays?: number | null;
  concludedAt?: DateInput | null;
  reviewRequestedAt?: DateInput | null;
  reviewedAt?: DateInput | null;
  reReviewRequestedAt?: DateInput | null;
  /** Stored deadlines win over computed ones (they keep the settings in force when set). */
  acceptanceDueAt?: DateInput | null;
  conclusionDueAt?: DateInput | null;
  reviewAnswerDueAt?: DateInput | null;
  reReviewAnswerDueAt?: DateInput | null;
  /** Visits recorded on the matter (for the repeat-after-conclusion backlog rule). */
  visitDates?: DateInput[] | null;
  /** Alternatively, the number of visits recorded after conclusion. */
  visitsAfterConclusion?: number | null;
}

export type DeadlineKind = 'acceptance' | 'conclusion' | 'review-answer' | 're-review-answer';

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  acceptance: '受理告知期限',
  conclusion: '办结期限',
  'review-answer': '复查意见期限',
  're-review-answer': '复核意见期限',
};

/**
 * The office's deadline in the current state, with its kind, or null when nothing is
 * pending on the office (not accepted, concluded, reviewed, final, closed) or the
 * timestamp it runs from is missing. The petitioner's own windows (asking for a review)
 * are not office deadlines and are not returned here.
 */
export function currentDeadline(
  facts: PetitionDeadlineFacts,
  settings?: Partial<DeadlineSettings>,
): { kind: DeadlineKind; due: Date } | null {
  const s = resolveDeadlineSettings(settings);
  const { state } = facts;
  if (state === 'registered') {
    if (facts.acceptanceDueAt) return { kind: 'acceptance', due: toDate(facts.acceptanceDueAt) };
    return facts.registeredAt ? { kind: 'acceptance', due: acceptanceDue(facts.registeredAt, s) } : null;
  }
  if (CONCLUSION_DEADLINE_STATES.includes(state)) {
    if (facts.conclusionDueAt) return { kind: 'conclusion', due: toDate(facts.conclusionDueAt) };
    return facts.acceptedAt ? { kind: 'conclusion', due: conclusionDue(facts.acceptedAt, facts.extensionDays ?? 0, s) } : null;
  }
  if (state === 'review_requested') {
    if (facts.reviewAnswerDueAt) return { kind: 'review-answer', due: toDate(facts.reviewAnswerDueAt) };
    return facts.reviewRequestedAt ? { kind: 'review-answer', due: reviewAnswerDue(facts.reviewRequestedAt, s) } : null;
  }
  if (state === 're_review_requested') {
    if (facts.reReviewAnswerDueAt) return { kind: 're-review-answer', due: toDate(facts.reReviewAnswerDueAt) };
    return facts.reReviewRequestedAt ? { kind: 're-review-answer', due: reReviewAnswerDue(facts.reReviewRequestedAt, s) } : null;
  }
  return null;
}

/** The due date of `currentDeadline`, or null. */
export function currentDue(facts: PetitionDeadlineFacts, settings?: Partial<DeadlineSettings>): Date | null {
  return currentDeadline(facts, settings)?.due ?? null;
}

/** Whether the matter has been petitioned again after its conclusion. */
export function isRepeatAfterConclusion(facts: PetitionDeadlineFacts): boolean {
  if ((facts.visitsAfterConclusion ?? 0) > 0) return true;
  if (!facts.concludedAt || !facts.visitDates) return false;
  const concluded = toDate(facts.concludedAt).getTime();
  return facts.visitDates.some((v) => toDate(v).getTime() > concluded);
}

/**
 * 信访积案: a petition whose current office deadline (acceptance, conclusion, review or
 * re-review answer) has passed without the step being done, or a matter petitioned
 * again after its conclusion.
 */
export function isBacklog(facts: PetitionDeadlineFacts, now: DateInput, settings?: Partial<DeadlineSettings>): boolean {
  if (isOverdue(currentDue(facts, settings), now)) return true;
  return isRepeatAfterConclusion(facts);
}
