/**
 * Credit flags' table: states, who may act, the moves between the states (who may make each,
 * what it needs) and the codes their inputs take. Data only; rules.ts plans a move from it
 * through the kernel's state machine. May import only the kernel's pure entry and the contracts.
 */
import type { MachineField } from '@fangtiao/kernel/pure';
import type { CreditAction } from '../../../shared/contracts/credit';

export const CREDIT_STATES = {
  proposed: '已提请',
  approved: '审核通过',
  rejected: '审核不通过',
  notified: '已告知',
  objected: '异议中',
  withdrawn: '异议成立，已撤销',
  dismissed: '异议不成立',
  active: '生效',
  repaired: '已信用修复',
  expired: '保存期满',
  removed: '已移除',
} as const;

export type CreditState = keyof typeof CREDIT_STATES;
export const CREDIT_STATE_CODES = Object.keys(CREDIT_STATES) as CreditState[];

/** Who may act on flags. `system` is the scheduled job (expiry), never an end user. */
export const CREDIT_ROLES = {
  clerk: '信访干部',
  reviewer: '信用审核员',
  /** The person themselves (or their lawyer) through the petitioner's own online channel, never a desk login. */
  person: '当事人（网上）',
  system: '定时任务',
} as const;
export type CreditRole = keyof typeof CREDIT_ROLES;

/** The moves' names, as the API takes them (the credit contract). */
export type { CreditAction } from '../../../shared/contracts/credit';

/** The document kinds a flag may rest on (its basis): the agreement or the pledge. */
export const BASIS_KINDS = ['mediation-agreement', 'no-further-petition-pledge'] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

export const OBJECTION_DECISIONS = { upheld: '异议成立', dismissed: '异议不成立' } as const;
export const REPAIR_DECISIONS = { granted: '准予修复', refused: '不予修复' } as const;
/**
 * What a granted repair does to the record (浙江省公共信用信息管理条例 art. 32): delete it (the
 * flag is marked removed, never erased) or annotate it as repaired (it stays on record, marked).
 */
export const REPAIR_OUTCOMES = { delete: '删除失信记录', annotate: '标注已信用修复' } as const;
/** Who applies for repair: the person, their lawyer, or the clerk on the office's own initiative. */
export const REPAIR_APPLICANTS = { person: '当事人本人', lawyer: '代理律师', clerk: '信访干部（依职权）' } as const;
/** Where an objection or a repair application came in: received in person at an office, or online by the person. */
export const CREDIT_CHANNELS = { 'in-person': '现场提出', online: '网上提出' } as const;
export type CreditChannel = keyof typeof CREDIT_CHANNELS;

/** An input field a move needs (same shape as the petition flow's). */
export interface CreditField extends MachineField {
  kind: 'text' | 'choice';
  required: boolean;
  /** Name under which the value is written in `set`. */
  store: string;
  options?: Record<string, string>;
}

export interface CreditMoveDef {
  action: CreditAction;
  label: string;
  from: readonly CreditState[];
  to: CreditState;
  /** When the target is chosen by an input field: option value → state. */
  toChoice?: { field: string; targets: Record<string, CreditState> };
  /** Further states the move may reach (decided in `planCreditMove`). */
  alsoTo?: readonly CreditState[];
  roles: readonly CreditRole[];
  /** Independent review: the acting user must not be the proposer. */
  notByProposer: boolean;
  /** A third person: the acting user must not be the one who approved the flag either. */
  notByApprover?: boolean;
  fields: readonly CreditField[];
}

const text = (key: string, label: string, store: string, required = true): CreditField => ({ key, label, kind: 'text', required, store });

export const CREDIT_MOVES: readonly CreditMoveDef[] = [
  {
    action: 'approve',
    label: '审核通过',
    from: ['proposed'],
    to: 'approved',
    roles: ['reviewer'],
    notByProposer: true,
    fields: [text('note', '审核意见', 'reviewNote', false)],
  },
  {
    action: 'reject',
    label: '审核不通过',
    from: ['proposed'],
    to: 'rejected',
    roles: ['reviewer'],
    notByProposer: true,
    fields: [text('reason', '不予通过的理由', 'reviewNote')],
  },
  {
    action: 'notify',
    label: '出具告知书',
    from: ['approved'],
    to: 'notified',
    roles: ['clerk', 'reviewer'],
    notByProposer: false,
    fields: [],
  },
  {
    // Whoever receives the person's objection at an office in scope records it (现场异议).
    action: 'lodge_objection',
    label: '登记异议',
    from: ['notified'],
    to: 'objected',
    roles: ['clerk', 'reviewer', 'person'],
    notByProposer: false,
    fields: [text('text', '异议内容', 'objectionText'), text('objector', '提出人（本人或代理律师）', 'objectionBy', false)],
  },
  {
    action: 'extend_objection_review',
    label: '延长异议审查期限',
    from: ['objected'],
    to: 'objected',
    roles: ['reviewer'],
    notByProposer: true,
    fields: [text('reason', '延长理由', 'objectionReviewExtensionReason')],
  },
  {
    action: 'decide_objection',
    label: '异议审查决定',
    from: ['objected'],
    to: 'dismissed',
    toChoice: { field: 'decision', targets: { upheld: 'withdrawn', dismissed: 'dismissed' } },
    roles: ['reviewer'],
    notByProposer: true,
    notByApprover: true,
    fields: [
      { key: 'decision', label: '审查结论', kind: 'choice', required: true, store: 'objectionDecision', options: OBJECTION_DECISIONS },
      text('reasons', '审查理由', 'objectionReasons'),
    ],
  },
  {
    action: 'activate',
    label: '确认生效',
    from: ['notified', 'dismissed'],
    to: 'active',
    roles: ['reviewer'],
    notByProposer: true,
    fields: [],
  },
  {
    // Received in person by whoever is at the counter (with the signed application), or online from the person.
    action: 'apply_repair',
    label: '提交信用修复申请',
    from: ['active'],
    to: 'active',
    roles: ['clerk', 'reviewer', 'person'],
    notByProposer: false,
    fields: [
      { key: 'applicant', label: '申请人', kind: 'choice', required: true, store: 'repairApplicant', options: REPAIR_APPLICANTS },
      text('applicantName', '申请人姓名', 'repairApplicantName', false),
      text('application', '修复申请内容', 'repairApplication'),
    ],
  },
  {
    action: 'decide_repair',
    label: '信用修复审核',
    from: ['active'],
    to: 'repaired',
    toChoice: { field: 'decision', targets: { granted: 'repaired', refused: 'active' } },
    // A granted repair that deletes the record marks it removed at once.
    alsoTo: ['removed'],
    roles: ['reviewer'],
    notByProposer: true,
    fields: [
      { key: 'decision', label: '审核结论', kind: 'choice', required: true, store: 'repairDecision', options: REPAIR_DECISIONS },
      { key: 'outcome', label: '修复方式', kind: 'choice', required: false, store: 'repairOutcome', options: REPAIR_OUTCOMES },
      text('reasons', '审核理由', 'repairReasons'),
    ],
  },
  {
    action: 'expire',
    label: '保存期满',
    from: ['active'],
    to: 'expired',
    roles: ['system', 'clerk', 'reviewer'],
    notByProposer: false,
    fields: [],
  },
  {
    action: 'remove',
    label: '移除记录',
    from: ['repaired', 'expired'],
    to: 'removed',
    roles: ['clerk', 'reviewer'],
    notByProposer: false,
    fields: [text('reason', '移除说明', 'removalNote', false)],
  },
];
