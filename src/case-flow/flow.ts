/**
 * The petition procedure as a state machine: states, the moves between them, who may
 * make each move, what it needs, and what it records. Pure data and functions, no
 * framework import: the API layer calls `planMove` and stores what it returns.
 *
 * Check order in `planMove`: unknown action (400) → role may never make the move (403)
 * → move not allowed from the current state (409) → preconditions such as windows and
 * the return visit (409) → missing or invalid input fields (400).
 */
import { refusal, type Refusal } from './refusal';
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

export const STATES = {
  registered: '已登记',
  accepted: '已受理',
  not_accepted: '不予受理',
  in_mediation: '调解中',
  unit_handling: '责任单位办理中',
  referred_legal: '已导入法定途径',
  leader_handling: '领导包案处理中',
  concluded: '已办结',
  review_requested: '已申请复查',
  reviewed: '已复查',
  re_review_requested: '已申请复核',
  final: '复核终结',
  closed: '已结案',
} as const;

export type State = keyof typeof STATES;
export const STATE_CODES = Object.keys(STATES) as State[];

export const ROLES = {
  admin: '系统管理员',
  clerk: '信访干部',
  mediator: '人民调解员',
  expert: '专家 / 法律顾问',
  leader: '包案领导',
  reviewer: '信用审核员',
  supervisor: '督查 / 联席办',
  /** The person the case is about, on their own page (/p/): only the review requests are theirs to make. */
  petitioner: '信访人',
} as const;

export type Role = keyof typeof ROLES;

export const LEGAL_CHANNELS = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative_review: '行政复议',
} as const;

export type LegalChannel = keyof typeof LEGAL_CHANNELS;

export type Action =
  | 'accept'
  | 'not_accept'
  | 'divert'
  | 'assign_unit'
  | 'refer_legal'
  | 'mediation_success'
  | 'mediation_failure'
  | 'escalate_leader'
  | 'conclude'
  | 'request_review'
  | 'review_opinion'
  | 'request_re_review'
  | 're_review_opinion'
  | 'close';

/** An input field a move needs. `options` restricts the value to those codes. */
export interface MoveField {
  key: string;
  label: string;
  /** 'text' — a non-empty string; 'ref' — an id (non-empty string or positive integer); 'choice' — one of `options`. */
  kind: 'text' | 'ref' | 'choice';
  required: boolean;
  /** Name under which the value is written in `set`; null when it is not stored. */
  store: string | null;
  options?: Record<string, string>;
}

/** A time window the move must fall in: `days` (a setting) counted from the fact `from`. */
export interface MoveWindow {
  from: 'concludedAt' | 'reviewedAt';
  days: keyof DeadlineSettings;
  label: string;
}

export interface MoveDef {
  action: Action;
  label: string;
  from: readonly State[];
  /** Target state; for `mediation_failure` the default, the actual one is `input.next`. */
  to: State;
  /** When the target is chosen by an input field (`mediation_failure`: `next`). */
  toChoice?: { field: string; options: readonly State[] };
  roles: readonly Role[];
  /** Only the mediator assigned to the case may make this move. */
  assignedMediatorOnly: boolean;
  fields: readonly MoveField[];
  window?: MoveWindow;
  /** Coming from these states, a return visit must have been recorded first. */
  returnVisitRequiredFrom?: readonly State[];
}

const text = (key: string, label: string, store: string = key): MoveField => ({
  key,
  label,
  kind: 'text',
  required: true,
  store,
});
const ref = (key: string, label: string, store: string = key): MoveField => ({
  key,
  label,
  kind: 'ref',
  required: true,
  store,
});

export const MOVES: readonly MoveDef[] = [
  {
    action: 'accept',
    label: '受理',
    from: ['registered'],
    to: 'accepted',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [],
  },
  {
    action: 'not_accept',
    label: '不予受理',
    from: ['registered'],
    to: 'not_accepted',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [text('reason', '不予受理理由', 'notAcceptedReason')],
  },
  {
    action: 'divert',
    label: '分流至人民调解',
    from: ['accepted'],
    to: 'in_mediation',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [ref('committee', '调解委员会'), ref('mediator', '调解员')],
  },
  {
    action: 'assign_unit',
    label: '交责任单位办理',
    from: ['accepted'],
    to: 'unit_handling',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [ref('unit', '责任单位')],
  },
  {
    action: 'refer_legal',
    label: '导入法定途径',
    from: ['accepted', 'in_mediation'],
    to: 'referred_legal',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [
      {
        key: 'channel',
        label: '法定途径',
        kind: 'choice',
        required: true,
        options: LEGAL_CHANNELS,
        store: 'legalChannel',
      },
    ],
  },
  {
    action: 'mediation_success',
    label: '调解成功',
    from: ['in_mediation'],
    to: 'concluded',
    roles: ['mediator'],
    assignedMediatorOnly: true,
    fields: [text('agreedTerms', '协议内容')],
  },
  {
    action: 'mediation_failure',
    label: '调解不成',
    from: ['in_mediation'],
    to: 'referred_legal',
    toChoice: { field: 'next', options: ['referred_legal', 'leader_handling'] },
    roles: ['mediator'],
    assignedMediatorOnly: true,
    fields: [
      text('reason', '调解不成原因', 'mediationFailureReason'),
      {
        key: 'next',
        label: '后续处理',
        kind: 'choice',
        required: true,
        store: null,
        options: { referred_legal: STATES.referred_legal, leader_handling: STATES.leader_handling },
      },
      // Optional: the legal channel, when already known at the time of the failure.
      {
        key: 'channel',
        label: '法定途径',
        kind: 'choice',
        required: false,
        options: LEGAL_CHANNELS,
        store: 'legalChannel',
      },
    ],
  },
  {
    action: 'escalate_leader',
    label: '提交领导包案',
    from: ['accepted', 'unit_handling'],
    to: 'leader_handling',
    roles: ['clerk', 'leader'],
    assignedMediatorOnly: false,
    fields: [ref('leader', '包案领导')],
  },
  {
    action: 'conclude',
    label: '办结',
    from: ['unit_handling', 'leader_handling', 'referred_legal'],
    to: 'concluded',
    roles: ['clerk', 'leader'],
    assignedMediatorOnly: false,
    fields: [text('conclusion', '办理结果')],
  },
  {
    action: 'request_review',
    label: '申请复查',
    from: ['concluded'],
    to: 'review_requested',
    roles: ['clerk', 'petitioner'],
    assignedMediatorOnly: false,
    fields: [],
    window: { from: 'concludedAt', days: 'reviewRequestDays', label: '复查申请期限' },
  },
  {
    action: 'review_opinion',
    label: '出具复查意见',
    from: ['review_requested'],
    to: 'reviewed',
    roles: ['leader'],
    assignedMediatorOnly: false,
    fields: [text('opinion', '复查意见', 'reviewOpinion')],
  },
  {
    action: 'request_re_review',
    label: '申请复核',
    from: ['reviewed'],
    to: 're_review_requested',
    roles: ['clerk', 'petitioner'],
    assignedMediatorOnly: false,
    fields: [],
    window: { from: 'reviewedAt', days: 'reviewRequestDays', label: '复核申请期限' },
  },
  {
    action: 're_review_opinion',
    label: '出具复核意见',
    from: ['re_review_requested'],
    to: 'final',
    roles: ['leader'],
    assignedMediatorOnly: false,
    fields: [text('opinion', '复核意见', 'reReviewOpinion')],
  },
  {
    action: 'close',
    label: '结案',
    from: ['concluded', 'reviewed', 'final'],
    to: 'closed',
    roles: ['clerk'],
    assignedMediatorOnly: false,
    fields: [],
    returnVisitRequiredFrom: ['concluded'],
  },
];

const MOVES_BY_ACTION: Record<string, MoveDef> = Object.fromEntries(MOVES.map((m) => [m.action, m]));

export function isState(value: unknown): value is State {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATES, value);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MOVES_BY_ACTION, value);
}

export function getMove(action: string): MoveDef | undefined {
  return isAction(action) ? MOVES_BY_ACTION[action] : undefined;
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
  return MOVES.filter(
    (m) =>
      (m.from as readonly string[]).includes(state) &&
      (m.roles as readonly string[]).includes(role) &&
      !(m.assignedMediatorOnly && opts.isAssignedMediator === false),
  );
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

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Checks one input field; returns a Chinese problem or null. */
function fieldProblem(f: MoveField, v: unknown): string | null {
  if (isBlank(v)) return f.required ? `请填写${f.label}` : null;
  switch (f.kind) {
    case 'text':
      return typeof v === 'string' ? null : `${f.label}应为文字`;
    case 'ref':
      return (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isInteger(v) && v > 0)
        ? null
        : `${f.label}无效`;
    case 'choice': {
      const opts = f.options ?? {};
      return typeof v === 'string' && Object.prototype.hasOwnProperty.call(opts, v)
        ? null
        : `${f.label}应为${Object.values(opts).join('、')}之一`;
    }
    default:
      return null;
  }
}

function cleanValue(v: unknown): string | number | null {
  if (isBlank(v)) return null;
  if (typeof v === 'string') return v.trim();
  return v as number;
}

/**
 * Decides whether `role` may make `action` on a petition in `state` and, if so, what to
 * record. Never throws on bad input (an invalid `now` aside).
 */
export function planMove(req: MoveRequest): MoveResult {
  const def = getMove(req.action);
  if (!def) return refusal(400, `未知的操作：${String(req.action)}`);

  if (!(def.roles as readonly string[]).includes(req.role)) {
    const who = def.roles.map((r) => ROLES[r]).join('或');
    return refusal(403, `只有${who}可以${def.label}`);
  }
  if (def.assignedMediatorOnly && req.isAssignedMediator !== true) {
    return refusal(403, `只有承办本案的调解员可以${def.label}`);
  }

  if (!isState(req.state)) return refusal(409, `未知的案件状态：${String(req.state)}`);
  const from = req.state;
  if (!(def.from as readonly State[]).includes(from)) {
    const allowed = def.from.map((s) => STATES[s]).join('、');
    return refusal(409, `案件当前状态为“${STATES[from]}”，不能${def.label}（仅限${allowed}状态）`);
  }

  const settings = resolveDeadlineSettings(req.settings);
  const facts = req.facts ?? {};
  const now = toDate(req.now);
  const nowIso = now.toISOString();

  if (def.window) {
    const start = facts[def.window.from];
    if (!start) {
      const what = def.window.from === 'concludedAt' ? '办结时间' : '复查意见时间';
      return refusal(409, `缺少${what}，无法确定${def.window.label}`);
    }
    const due =
      def.window.from === 'concludedAt' ? reviewRequestDue(start, settings) : reReviewRequestDue(start, settings);
    if (!isWithin(due, now)) {
      const days = settings[def.window.days];
      return refusal(409, `已超过${def.window.label}（${days}日），不能${def.label}`);
    }
  }
  if (def.returnVisitRequiredFrom?.includes(from) && facts.returnVisitRecorded !== true) {
    return refusal(409, `办结后须先完成回访，才能${def.label}`);
  }

  const input = req.input ?? {};
  const problems: { field: string; message: string }[] = [];
  for (const f of def.fields) {
    const p = fieldProblem(f, input[f.key]);
    if (p) problems.push({ field: f.key, message: p });
  }
  if (problems.length) {
    return refusal(
      400,
      problems.map((p) => p.message).join('；'),
      problems.map((p) => p.field),
    );
  }

  const to: State = def.toChoice ? (input[def.toChoice.field] as State) : def.to;
  const set: Record<string, string | number | null> = {};
  for (const f of def.fields) {
    const v = cleanValue(input[f.key]);
    if (v !== null && f.store) set[f.store] = v;
  }

  switch (def.action) {
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

  return { ok: true, from, to, action: def.action, label: def.label, set };
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
