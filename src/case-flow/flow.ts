/** Module case-flow/: the petition procedure's pure rules — states and moves, deadlines, channels, visits (越级), written dates. Imports: each other and src/kernel/state-machine.ts only; no Strapi. */
/**
 * The petition procedure as a state machine: the moves' table is in moves.ts; this file plans
 * a move through the kernel's state machine (src/kernel/state-machine.ts) with the rules that
 * are the petition's own — the assigned mediator, the review windows, the return visit — and
 * what each move records. Pure: no framework import; the API layer stores what `planMove` returns.
 *
 * Check order in `planMove`: unknown action (400) → role may never make the move (403)
 * → move not allowed from the current state (409) → preconditions such as windows and
 * the return visit (409) → missing or invalid input fields (400).
 */
import { type Refusal } from './refusal';
import { isStateOf, moveOf, movesFromState, planTransition, type Machine } from '../kernel/state-machine';
import {
  DateInput,
  DeadlineSettings,
  acceptanceDue,
  conclusionDue,
  isWithin,
  reReviewAnswerDue,
  reReviewRequestDue,
  resolveDeadlineSettings,
  reviewAnswerDue,
  reviewRequestDue,
  toDate,
} from './deadlines';
import { MOVES, ROLES, STATES, type Action, type MoveDef, type Role, type State } from './moves';

export * from './moves';

const MACHINE: Machine<State, Role, MoveDef> = { subject: '案件', states: STATES, roles: ROLES, moves: MOVES, blankInputs: 'omit' };

export function isState(value: unknown): value is State {
  return isStateOf(STATES, value);
}

export function isAction(value: unknown): value is Action {
  return !!moveOf(MOVES, value);
}

export function getMove(action: string): MoveDef | undefined {
  return moveOf(MOVES, action);
}

/** Every state `def` can lead to. */
export function targetsOf(def: MoveDef): readonly State[] {
  return def.toChoice ? def.toChoice.options : [def.to];
}

/**
 * Moves the role may make from `state`, for the UI. Moves reserved to the assigned
 * mediator are left out when `isAssignedMediator` is explicitly false.
 */
export function movesFrom(state: string, role: string, opts: { isAssignedMediator?: boolean } = {}): MoveDef[] {
  return movesFromState(MOVES, state, role, (m) => m.assignedMediatorOnly && opts.isAssignedMediator === false);
}

/** What the rules need to know about the petition beyond its state. */
export interface MoveFacts {
  returnVisitRecorded?: boolean;
  concludedAt?: DateInput | null;
  reviewedAt?: DateInput | null;
  /** Extension already granted, counted into a conclusion deadline the move sets. */
  extensionDays?: number | null;
}

export interface MoveRequest {
  state: string;
  action: string;
  role: string;
  /** Whether the acting user is the mediator assigned to this petition. */
  isAssignedMediator?: boolean;
  input?: Record<string, unknown> | null;
  facts?: MoveFacts | null;
  now: DateInput;
  settings?: Partial<DeadlineSettings>;
}

export type MoveRefusal = Refusal;

export type MovePlan = {
  ok: true;
  from: State;
  to: State;
  action: Action;
  /** Label of the move, for the move log. */
  label: string;
  /** Fields to write on the petition: ISO timestamps, deadlines and the move's inputs. */
  set: Record<string, string | number | null>;
};

export type MoveResult = MovePlan | MoveRefusal;

/** Why a move allowed from `from` cannot be made now: its window, the return visit. */
function precondition(def: MoveDef, from: State, facts: MoveFacts, now: Date, settings: DeadlineSettings): string | null {
  if (def.window) {
    const start = facts[def.window.from];
    if (!start) {
      const what = def.window.from === 'concludedAt' ? '办结时间' : '复查意见时间';
      return `缺少${what}，无法确定${def.window.label}`;
    }
    const due = def.window.from === 'concludedAt' ? reviewRequestDue(start, settings) : reReviewRequestDue(start, settings);
    if (!isWithin(due, now)) return `已超过${def.window.label}（${settings[def.window.days]}日），不能${def.label}`;
  }
  if (def.returnVisitRequiredFrom?.includes(from) && facts.returnVisitRecorded !== true) {
    return `办结后须先完成回访，才能${def.label}`;
  }
  return null;
}

/** What `action` records beyond its inputs: timestamps and the deadlines it starts. */
function recordMove(
  action: Action,
  to: State,
  set: Record<string, string | number | null>,
  now: Date,
  facts: MoveFacts,
  settings: DeadlineSettings,
): void {
  const nowIso = now.toISOString();
  switch (action) {
    case 'accept':
      set.acceptedAt = nowIso;
      set.conclusionDueAt = conclusionDue(now, facts.extensionDays ?? 0, settings).toISOString();
      break;
    case 'not_accept':
      set.notAcceptedAt = nowIso;
      break;
    case 'divert':
      set.divertedAt = nowIso;
      break;
    case 'assign_unit':
      set.unitAssignedAt = nowIso;
      break;
    case 'refer_legal':
      set.referredAt = nowIso;
      break;
    case 'mediation_success':
      set.mediationEndedAt = nowIso;
      set.mediationResult = 'success';
      set.concludedAt = nowIso;
      set.reviewRequestDueAt = reviewRequestDue(now, settings).toISOString();
      break;
    case 'mediation_failure':
      set.mediationEndedAt = nowIso;
      set.mediationResult = 'failure';
      if (to === 'referred_legal') set.referredAt = nowIso;
      else set.leaderAssignedAt = nowIso;
      break;
    case 'escalate_leader':
      set.leaderAssignedAt = nowIso;
      break;
    case 'conclude':
      set.concludedAt = nowIso;
      set.reviewRequestDueAt = reviewRequestDue(now, settings).toISOString();
      break;
    case 'request_review':
      set.reviewRequestedAt = nowIso;
      set.reviewAnswerDueAt = reviewAnswerDue(now, settings).toISOString();
      break;
    case 'review_opinion':
      set.reviewedAt = nowIso;
      set.reReviewRequestDueAt = reReviewRequestDue(now, settings).toISOString();
      break;
    case 'request_re_review':
      set.reReviewRequestedAt = nowIso;
      set.reReviewAnswerDueAt = reReviewAnswerDue(now, settings).toISOString();
      break;
    case 're_review_opinion':
      set.reReviewedAt = nowIso;
      break;
    case 'close':
      set.closedAt = nowIso;
      break;
  }
}

/**
 * Decides whether `role` may make `action` on a petition in `state` and, if so, what to
 * record. Never throws on bad input (an invalid `now` aside).
 */
export function planMove(req: MoveRequest): MoveResult {
  const actor = (def: MoveDef) =>
    def.assignedMediatorOnly && req.isAssignedMediator !== true ? `只有承办本案的调解员可以${def.label}` : null;
  return planTransition<State, Role, MoveDef, string | number | null>(MACHINE, req, actor, (def, from) => {
    const settings = resolveDeadlineSettings(req.settings);
    const facts = req.facts ?? {};
    const now = toDate(req.now);
    return {
      precondition: () => precondition(def, from, facts, now, settings),
      target: (input) => (def.toChoice ? (input[def.toChoice.field] as State) : def.to),
      record: (set, to) => recordMove(def.action, to, set, now, facts, settings),
    };
  });
}

/** What to record when a petition is registered: its state, timestamp and acceptance deadline. */
export function planRegistration(
  now: DateInput,
  settings?: Partial<DeadlineSettings>,
): { state: 'registered'; set: { registeredAt: string; acceptanceDueAt: string } } {
  const at = toDate(now);
  return {
    state: 'registered',
    set: { registeredAt: at.toISOString(), acceptanceDueAt: acceptanceDue(at, settings).toISOString() },
  };
}
