/**
 * Credit-record flags (失信记录) with due process, as a state machine: the table of states and
 * moves is in moves.ts, the periods in periods.ts; this file plans a move through the kernel's
 * state machine with the rules that are the flags' own — independent review, the windows that
 * protect the person, what each move records. Pure data and functions, no framework import:
 * the service loads the facts, calls `planCreditMove` and stores what it returns.
 *
 * The software never sets a flag on its own: a clerk proposes it, a reviewer who is not
 * the proposer reviews it, the person is notified and may object, and only after the
 * objection window has closed (and any objection was dismissed) does the flag go active —
 * until its retention ends or it is repaired. Nothing is deleted, only moved.
 *
 * Check order in `planCreditMove` (the kernel's, as the petition flow's): unknown action (400)
 * → role may never make the move (403) → the reviewer is the proposer (403) → move not allowed
 * from the current state (409) → windows and pending applications (409) → missing or invalid
 * input fields (400).
 *
 * May import the kernel's pure entry and the hearings' work calendar.
 */
import { isBlank, isStateOf, isWithin, moveOf, movesFromState, planTransition, shanghaiDate, toDate } from '@fangtiao/kernel/pure';
import type { DateInput, FieldProblem, Machine, Refusal } from '@fangtiao/kernel/pure';
import { Calendar } from '../hearings/calendar';
import {
  CREDIT_MOVES,
  CREDIT_ROLES,
  CREDIT_STATES,
  type CreditAction,
  type CreditMoveDef,
  type CreditRole,
  type CreditState,
} from './moves';
import { objectionReviewDue, resolveCreditSettings, retentionEnd, type CreditSettings } from './periods';

export type { DateInput } from '@fangtiao/kernel/pure';
export * from './moves';
export * from './periods';
export * from './proposal';
export * from './hints';

const MACHINE: Machine<CreditState, CreditRole, CreditMoveDef> = {
  subject: '信用记录',
  states: CREDIT_STATES,
  roles: CREDIT_ROLES,
  moves: CREDIT_MOVES,
  unnamedRoles: ['system'],
  blankInputs: 'clear',
};

export function isCreditState(value: unknown): value is CreditState {
  return isStateOf(CREDIT_STATES, value);
}

export function getCreditMove(action: string): CreditMoveDef | undefined {
  return moveOf(CREDIT_MOVES, action);
}

/** Every (from, to) pair the machine allows — the only moves there are. */
export function allowedTransitions(): [CreditState, CreditState][] {
  const pairs = new Map<string, [CreditState, CreditState]>();
  for (const m of CREDIT_MOVES) {
    const targets = [...(m.toChoice ? Object.values(m.toChoice.targets) : [m.to]), ...(m.alsoTo ?? [])];
    for (const f of m.from) for (const t of targets) if (f !== t) pairs.set(`${f}>${t}`, [f, t]);
  }
  return [...pairs.values()];
}

/** Moves the role may make from `state`, for the UI (the proposer sees no review moves, the approver no objection decision). */
export function creditMovesFrom(state: string, role: string, opts: { isProposer?: boolean; isApprover?: boolean } = {}): CreditMoveDef[] {
  return movesFromState(
    CREDIT_MOVES,
    state,
    role,
    (m) => (m.notByProposer && opts.isProposer === true) || (!!m.notByApprover && opts.isApprover === true),
  );
}

/** What the rules need to know about the flag beyond its state. */
export interface CreditFacts {
  /** The end of the objection window, counted from the notice's delivery (none before it). */
  objectionDeadline?: DateInput | null;
  /** When the notice reached the person (送达). */
  noticeDeliveredAt?: DateInput | null;
  /** An objection was decided: its decision must reach the person before the flag goes active. */
  objectionDecidedAt?: DateInput | null;
  objectionDecisionDeliveredAt?: DateInput | null;
  objectionReviewDueAt?: DateInput | null;
  objectionLodgedAt?: DateInput | null;
  /** The one extension of the objection review was used. */
  objectionReviewExtended?: boolean;
  /** A repair application awaits its decision. */
  repairPending?: boolean;
  expiresAt?: DateInput | null;
}

export interface CreditMoveRequest {
  state: string;
  action: string;
  role: string;
  /** The acting user and the proposer, compared for independent review. */
  actorId: number | string | null;
  proposerId: number | string | null;
  /** The reviewer who approved the flag. */
  approverId?: number | string | null;
  input?: Record<string, unknown> | null;
  facts?: CreditFacts | null;
  now: DateInput;
  settings?: Partial<CreditSettings> | null;
  /** The office's work calendar, for deadlines in working days (Mon–Fri without it). */
  calendar?: Calendar | null;
}

export type CreditRefusal = Refusal;

export type CreditPlan = {
  ok: true;
  from: CreditState;
  to: CreditState;
  action: CreditAction;
  label: string;
  /** Fields to write on the flag: ISO timestamps and the move's inputs. */
  set: Record<string, string | boolean | null>;
};

export type CreditMoveResult = CreditPlan | CreditRefusal;

const sameUser = (a: unknown, b: unknown) => a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);

/**
 * Why a move allowed in this state cannot be made yet (or any more): the objection window,
 * a pending repair, the retention period. Null when nothing stands in the way. The desk is
 * given the same reasons (`available[].blocked`) so it need not repeat these rules.
 */
export function precondition(action: CreditAction, facts: CreditFacts, now: Date): string | null {
  switch (action) {
    case 'lodge_objection':
      // Before delivery the window has not started: the person may object as soon as they know.
      if (facts.objectionDeadline && !isWithin(facts.objectionDeadline, now))
        return `异议期已于${shanghaiDate(facts.objectionDeadline)}届满，不能再提出异议`;
      return null;
    case 'activate':
      if (!facts.noticeDeliveredAt || !facts.objectionDeadline) return '告知书尚未送达当事人，不能确认生效（异议期自送达之日起计算）';
      if (isWithin(facts.objectionDeadline, now))
        return `异议期至${shanghaiDate(facts.objectionDeadline)}届满，期满前不能确认生效（${shanghaiDate(new Date(toDate(facts.objectionDeadline).getTime() + 1))}起可确认生效）`;
      if (facts.objectionDecidedAt && !facts.objectionDecisionDeliveredAt) return '异议处理决定尚未送达当事人，不能确认生效';
      return null;
    case 'extend_objection_review':
      return facts.objectionReviewExtended ? '异议审查期限已延长过一次，不能再延长' : null;
    case 'apply_repair':
      return facts.repairPending ? '已有待审核的信用修复申请' : null;
    case 'decide_repair':
      return facts.repairPending ? null : '没有待审核的信用修复申请';
    case 'expire':
      if (!facts.expiresAt) return '缺少保存期限，不能按期满处理';
      if (isWithin(facts.expiresAt, now)) return `保存期限至${shanghaiDate(facts.expiresAt)}，尚未届满`;
      return null;
    default:
      return null;
  }
}

/** Independent review: why the acting user may not make this move although the role may. */
function actorRefusal(def: CreditMoveDef, req: CreditMoveRequest): string | null {
  if (def.notByProposer && (sameUser(req.actorId, req.proposerId) || isBlank(req.actorId))) {
    return `提请人不能审核自己提请的信用记录（${def.label}须由其他审核员作出）`;
  }
  if (def.notByApprover && sameUser(req.actorId, req.approverId)) {
    return `审核通过该记录的审核员不能审查针对它的异议（${def.label}须由既未提请也未审核的审核员作出；本单位没有其他审核员的，由上一级单位的审核员作出）`;
  }
  return null;
}

/** A repair decision names how it repairs when granted, and only then. */
function repairProblems(action: CreditAction, input: Record<string, unknown>): FieldProblem[] {
  if (action !== 'decide_repair') return [];
  if (input.decision === 'granted' && isBlank(input.outcome))
    return [{ field: 'outcome', message: '准予修复的，请选择修复方式（删除或标注）' }];
  if (input.decision === 'refused' && !isBlank(input.outcome)) return [{ field: 'outcome', message: '不予修复的，不选择修复方式' }];
  return [];
}

function target(def: CreditMoveDef, input: Record<string, unknown>): CreditState {
  const to: CreditState = def.toChoice ? def.toChoice.targets[input[def.toChoice.field] as string] : def.to;
  return def.action === 'decide_repair' && to === 'repaired' && input.outcome === 'delete' ? 'removed' : to;
}

/** What `action` records beyond its inputs: timestamps and the deadlines it starts. */
function recordMove(
  action: CreditAction,
  to: CreditState,
  set: Record<string, string | boolean | null>,
  now: Date,
  facts: CreditFacts,
  settings: CreditSettings,
  calendar: Calendar | undefined,
): void {
  const nowIso = now.toISOString();
  switch (action) {
    case 'approve':
    case 'reject':
      set.reviewedAt = nowIso;
      break;
    case 'notify':
      // The window opens on delivery (see delivery.ts), not on issue.
      set.notifiedAt = nowIso;
      set.objectionDeadline = null;
      break;
    case 'lodge_objection':
      set.objectionLodgedAt = nowIso;
      set.objectionReviewDueAt = objectionReviewDue(now, settings.objectionReviewWorkingDays, calendar).toISOString();
      break;
    case 'extend_objection_review':
      set.objectionReviewExtendedAt = nowIso;
      set.objectionReviewDueAt = objectionReviewDue(
        facts.objectionLodgedAt ?? now,
        settings.objectionReviewMaxWorkingDays,
        calendar,
      ).toISOString();
      break;
    case 'decide_objection':
      set.objectionDecidedAt = nowIso;
      set.objectionDecidedLate = !!facts.objectionReviewDueAt && !isWithin(facts.objectionReviewDueAt, now);
      if (to === 'withdrawn') set.withdrawnAt = nowIso;
      break;
    case 'activate':
      set.activeFrom = nowIso;
      set.expiresAt = retentionEnd(now, settings.retentionYears).toISOString();
      break;
    case 'apply_repair':
      // A new application; an earlier refused one stays in the move history.
      set.repairAppliedAt = nowIso;
      set.repairDecision = null;
      set.repairReasons = null;
      set.repairDecidedAt = null;
      set.repairOutcome = null;
      break;
    case 'decide_repair':
      set.repairDecidedAt = nowIso;
      if (to === 'repaired' || to === 'removed') set.repairedAt = nowIso;
      if (to === 'removed') {
        set.removedAt = nowIso;
        set.removalNote = '信用修复：删除失信记录';
      }
      break;
    case 'expire':
      set.expiredAt = nowIso;
      break;
    case 'remove':
      set.removedAt = nowIso;
      break;
  }
}

/**
 * Decides whether `role` may make `action` on a flag in `state` and, if so, what to
 * record. Never throws on bad input (an invalid `now` aside).
 */
export function planCreditMove(req: CreditMoveRequest): CreditMoveResult {
  return planTransition<CreditState, CreditRole, CreditMoveDef, string | boolean | null>(
    MACHINE,
    req,
    (def) => actorRefusal(def, req),
    (def) => {
      const settings = resolveCreditSettings(req.settings);
      const facts = req.facts ?? {};
      const now = toDate(req.now);
      return {
        precondition: () => precondition(def.action, facts, now),
        problems: (input) => repairProblems(def.action, input),
        target: (input) => target(def, input),
        record: (set, to) => recordMove(def.action, to, set, now, facts, settings, req.calendar ?? undefined),
      };
    },
  );
}
