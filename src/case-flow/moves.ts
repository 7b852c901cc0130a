/**
 * The petition procedure's table: states, roles, legal channels and the moves between the
 * states (who may make each, what it needs). Data only; flow.ts plans a move from it through
 * the kernel's state machine (src/kernel/state-machine.ts).
 */
import type { MachineField } from '../kernel/state-machine';
import type { DeadlineSettings } from './deadlines';

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

/** An input field a move needs (the kernel's machine field). */
export type MoveField = MachineField;

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
