/**
 * Credit-record flags (失信记录) with due process, as a state machine: states, the moves
 * between them, who may make each move, the windows that protect the person, and what
 * each move records. Pure data and functions, no framework import: the service loads the
 * facts, calls `planCreditMove` and stores what it returns.
 *
 * The software never sets a flag on its own: a clerk proposes it, a reviewer who is not
 * the proposer reviews it, the person is notified and may object, and only after the
 * objection window has closed (and any objection was dismissed) does the flag go active —
 * until its retention ends or it is repaired. Nothing is deleted, only moved.
 *
 * Check order in `planCreditMove` (as in case-flow/flow.ts): unknown action (400) → role
 * may never make the move (403) → the reviewer is the proposer (403) → move not allowed
 * from the current state (409) → windows and pending applications (409) → missing or
 * invalid input fields (400).
 */
import { dueAfter, isWithin, shanghaiDate, shanghaiDayNumber, toDate, type DateInput } from '@fangtiao/kernel/pure';
import { DAY_MS, OFFSET_MS } from '@fangtiao/kernel/pure';
import { ID_NUMBER_MESSAGES, idNumberProblem } from '@fangtiao/kernel/pure';
import { parseWrittenDate, refusal as refuse, type Refusal } from '@fangtiao/kernel/pure';
import { Calendar, DEFAULT_WORK_CALENDAR } from '../hearings/calendar';

export type { DateInput } from '@fangtiao/kernel/pure';

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

export type CreditAction =
  | 'approve'
  | 'reject'
  | 'notify'
  | 'lodge_objection'
  | 'extend_objection_review'
  | 'decide_objection'
  | 'activate'
  | 'apply_repair'
  | 'decide_repair'
  | 'expire'
  | 'remove';

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

/** Windows and retention (configurable; these are the defaults). */
export interface CreditSettings {
  /** Days the person has to object, counted from the notice's delivery (default 15). */
  objectionDays: number;
  /** Working days the reviewer has to decide an objection, counted from its lodging (default 5). */
  objectionReviewWorkingDays: number;
  /** With the one extension (reasons required), at most this many working days in all (default 20). */
  objectionReviewMaxWorkingDays: number;
  /** Years an active flag is kept, counted from activation (default 5). */
  retentionYears: number;
}

export const DEFAULT_CREDIT_SETTINGS: Readonly<CreditSettings> = Object.freeze({
  objectionDays: 15,
  objectionReviewWorkingDays: 5,
  objectionReviewMaxWorkingDays: 20,
  retentionYears: 5,
});

/** Merges configured values over the defaults (missing or invalid values fall back). */
export function resolveCreditSettings(settings?: Partial<CreditSettings> | null): CreditSettings {
  const out: CreditSettings = { ...DEFAULT_CREDIT_SETTINGS };
  if (settings) {
    for (const key of Object.keys(DEFAULT_CREDIT_SETTINGS) as (keyof CreditSettings)[]) {
      const v = settings[key];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[key] = v;
    }
  }
  return out;
}

/** Last moment to object: the end of the Shanghai day `objectionDays` after the notice's delivery (that day not counted). */
export function objectionDeadline(notifiedAt: DateInput, settings?: Partial<CreditSettings>): Date {
  return dueAfter(notifiedAt, resolveCreditSettings(settings).objectionDays);
}

/**
 * When the reviewer must have decided an objection: the end of the `days`-th working day after
 * it was lodged (that day not counted), on the office's work calendar (浙江省公共信用信息管理条例
 * arts. 30–31: 5 working days, extendable).
 */
export function objectionReviewDue(lodgedAt: DateInput, days: number, calendar: Calendar = new Calendar(DEFAULT_WORK_CALENDAR)): Date {
  return new Date(calendar.earliestAfterNotice(toDate(lodgedAt).getTime(), days) + DAY_MS - 1);
}


/**
 * End of retention: the end of the Shanghai calendar day that corresponds, `years` later,
 * to the day of activation (民法典 art. 202: a period in years ends on the corresponding
 * day; without one — 29 February — on the last day of that month).
 */
export function retentionEnd(activeFrom: DateInput, years: number): Date {
  const day = new Date(shanghaiDayNumber(activeFrom) * DAY_MS);
  const y = day.getUTCFullYear() + years;
  const m = day.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(day.getUTCDate(), lastOfMonth);
  return new Date(Date.UTC(y, m, d) + DAY_MS - OFFSET_MS - 1);
}

/** An input field a move needs (same shape as the petition flow's). */
export interface CreditField {
  key: string;
  label: string;
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

const MOVES_BY_ACTION: Record<string, CreditMoveDef> = Object.fromEntries(CREDIT_MOVES.map((m) => [m.action, m]));

export function isCreditState(value: unknown): value is CreditState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CREDIT_STATES, value);
}

export function getCreditMove(action: string): CreditMoveDef | undefined {
  return typeof action === 'string' && Object.prototype.hasOwnProperty.call(MOVES_BY_ACTION, action) ? MOVES_BY_ACTION[action] : undefined;
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
  return CREDIT_MOVES.filter(
    (m) =>
      (m.from as readonly string[]).includes(state) &&
      (m.roles as readonly string[]).includes(role) &&
      !(m.notByProposer && opts.isProposer === true) &&
      !(m.notByApprover && opts.isApprover === true),
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

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function fieldProblem(f: CreditField, v: unknown): string | null {
  if (isBlank(v)) return f.required ? `请填写${f.label}` : null;
  if (f.kind === 'text') return typeof v === 'string' ? null : `${f.label}应为文字`;
  const opts = f.options ?? {};
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(opts, v) ? null : `${f.label}应为${Object.values(opts).join('、')}之一`;
}

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
      if (facts.objectionDeadline && !isWithin(facts.objectionDeadline, now)) return `异议期已于${shanghaiDate(facts.objectionDeadline)}届满，不能再提出异议`;
      return null;
    case 'activate':
      if (!facts.noticeDeliveredAt || !facts.objectionDeadline) return '告知书尚未送达当事人，不能确认生效（异议期自送达之日起计算）';
      if (isWithin(facts.objectionDeadline, now)) return `异议期至${shanghaiDate(facts.objectionDeadline)}届满，期满前不能确认生效（${shanghaiDate(new Date(toDate(facts.objectionDeadline).getTime() + 1))}起可确认生效）`;
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

/**
 * Decides whether `role` may make `action` on a flag in `state` and, if so, what to
 * record. Never throws on bad input (an invalid `now` aside).
 */
export function planCreditMove(req: CreditMoveRequest): CreditMoveResult {
  const def = getCreditMove(req.action);
  if (!def) return refuse(400, `未知的操作：${String(req.action)}`);

  if (!(def.roles as readonly string[]).includes(req.role)) {
    const who = def.roles.filter((r) => r !== 'system').map((r) => CREDIT_ROLES[r]).join('或');
    return refuse(403, `只有${who}可以${def.label}`);
  }
  if (def.notByProposer && (sameUser(req.actorId, req.proposerId) || isBlank(req.actorId))) {
    return refuse(403, `提请人不能审核自己提请的信用记录（${def.label}须由其他审核员作出）`);
  }
  if (def.notByApprover && sameUser(req.actorId, req.approverId)) {
    return refuse(403, `审核通过该记录的审核员不能审查针对它的异议（${def.label}须由既未提请也未审核的审核员作出；本单位没有其他审核员的，由上一级单位的审核员作出）`);
  }

  if (!isCreditState(req.state)) return refuse(409, `未知的信用记录状态：${String(req.state)}`);
  const from = req.state;
  if (!(def.from as readonly CreditState[]).includes(from)) {
    const allowed = def.from.map((s) => CREDIT_STATES[s]).join('、');
    return refuse(409, `信用记录当前状态为“${CREDIT_STATES[from]}”，不能${def.label}（仅限${allowed}状态）`);
  }

  const settings = resolveCreditSettings(req.settings);
  const facts = req.facts ?? {};
  const now = toDate(req.now);
  const nowIso = now.toISOString();

  const blocked = precondition(def.action, facts, now);
  if (blocked) return refuse(409, blocked);

  const input = req.input ?? {};
  const problems: { field: string; message: string }[] = [];
  for (const f of def.fields) {
    const p = fieldProblem(f, input[f.key]);
    if (p) problems.push({ field: f.key, message: p });
  }
  if (def.action === 'decide_repair' && input.decision === 'granted' && isBlank(input.outcome)) {
    problems.push({ field: 'outcome', message: '准予修复的，请选择修复方式（删除或标注）' });
  }
  if (def.action === 'decide_repair' && input.decision === 'refused' && !isBlank(input.outcome)) {
    problems.push({ field: 'outcome', message: '不予修复的，不选择修复方式' });
  }
  if (problems.length) return refuse(400, problems.map((p) => p.message).join('；'), problems.map((p) => p.field));

  let to: CreditState = def.toChoice ? def.toChoice.targets[input[def.toChoice.field] as string] : def.to;
  if (def.action === 'decide_repair' && to === 'repaired' && input.outcome === 'delete') to = 'removed';
  const set: Record<string, string | boolean | null> = {};
  for (const f of def.fields) {
    const v = input[f.key];
    set[f.store] = isBlank(v) ? null : String(v).trim();
  }

  switch (def.action) {
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
      set.objectionReviewDueAt = objectionReviewDue(now, settings.objectionReviewWorkingDays, req.calendar ?? undefined).toISOString();
      break;
    case 'extend_objection_review':
      set.objectionReviewExtendedAt = nowIso;
      set.objectionReviewDueAt = objectionReviewDue(facts.objectionLodgedAt ?? now, settings.objectionReviewMaxWorkingDays, req.calendar ?? undefined).toISOString();
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

  return { ok: true, from, to, action: def.action, label: def.label, set };
}

// ---- the proposal ------------------------------------------------------------------

export interface EvidenceRef {
  type: 'document' | 'visit';
  id: string;
}

export interface ProposalRequest {
  role: string;
  input?: Record<string, unknown> | null;
  now: DateInput;
}

export type ProposalPlan = {
  ok: true;
  set: {
    state: 'proposed';
    proposedAt: string;
    personName: string;
    idNumber: string;
    facts: string;
    ground: string;
    petition: string;
    basisDocument: string;
    evidence: EvidenceRef[];
  };
};

const refText = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * A clerk's proposal: who (name and a valid ID number), on which ground, for which case,
 * resting on which agreement or pledge, with which evidence and facts. Only the shape is
 * checked here; the service checks that each reference exists inside the jurisdiction.
 */
export function planProposal(req: ProposalRequest): ProposalPlan | CreditRefusal {
  if (req.role !== 'clerk') return refuse(403, '只有信访干部可以提请信用记录');
  const input = req.input ?? {};
  const problems: { field: string; message: string }[] = [];
  const need = (key: string, label: string) => {
    const v = refText(input[key]);
    if (!v) problems.push({ field: key, message: `请填写${label}` });
    return v ?? '';
  };
  const personName = need('personName', '当事人姓名');
  let idNumber = '';
  if (isBlank(input.idNumber) || typeof input.idNumber !== 'string') {
    problems.push({ field: 'idNumber', message: '请填写当事人身份证号码' });
  } else {
    const p = idNumberProblem(input.idNumber);
    if (p) problems.push({ field: 'idNumber', message: ID_NUMBER_MESSAGES[p] });
    idNumber = input.idNumber.trim().toUpperCase();
  }
  const ground = need('ground', '失信情形');
  const petition = need('petition', '所涉信访事项');
  const basisDocument = need('basisDocument', '所依据的调解协议书或息访承诺书');
  const facts = need('facts', '失信事实');
  const evidence: EvidenceRef[] = [];
  if (!Array.isArray(input.evidence) || input.evidence.length === 0) {
    problems.push({ field: 'evidence', message: '请至少提供一项证据（文书或来访记录）' });
  } else {
    input.evidence.forEach((e: any, i: number) => {
      if (!e || (e.type !== 'document' && e.type !== 'visit') || !refText(e.id)) {
        problems.push({ field: `evidence.${i}`, message: '证据应为 { type: document | visit, id }' });
      } else if (!evidence.some((x) => x.type === e.type && x.id === e.id.trim())) {
        evidence.push({ type: e.type, id: e.id.trim() });
      }
    });
  }
  if (problems.length) return refuse(400, problems.map((p) => p.message).join('；'), problems.map((p) => p.field));
  return {
    ok: true,
    set: { state: 'proposed', proposedAt: toDate(req.now).toISOString(), personName, idNumber, facts, ground, petition, basisDocument, evidence },
  };
}

/** The party named by a proposal, as the case records it. */
export interface ProposedParty {
  kind?: string | null;
  name?: string | null;
  idNumber?: string | null;
  headcount?: number | null;
}

/** The document a proposal rests on: its kind and whether the signed version is on record. */
export interface BasisFacts {
  kind?: string | null;
  title?: string | null;
  version?: number | null;
  signedAt?: DateInput | null;
  signedScan?: unknown;
}

/**
 * What makes a well-formed proposal unlawful (409), or null. A flag names exactly one natural
 * person identified individually with their own ID number — never a group or an organisation,
 * never "张建国等12户村民" under one ID. And it rests on what the person signed: an agreement
 * or pledge that was only issued binds no one, so the signed scan of that version (or a
 * recorded signature) must be on file.
 */
export function proposalRefusal(party: ProposedParty, basis: BasisFacts): string | null {
  if (party.kind === 'group' || party.kind === 'organisation' || (party.headcount ?? 1) > 1) {
    const what = party.kind === 'organisation' ? '单位' : '群体';
    return `“${party.name ?? ''}”为${what}当事人：失信记录只能针对以本人身份证号码逐一确认的自然人，不能针对${what}`;
  }
  if (!party.idNumber) return `案件未登记“${party.name ?? ''}”本人的身份证号码：须先核实并登记本人身份，才能提请失信记录`;
  if (!basis.signedAt && !basis.signedScan) {
    const what = basis.kind === 'no-further-petition-pledge' ? '息访承诺书' : '调解协议书';
    return `所依据的${what}（第${basis.version ?? '?'}版）没有当事人签署件：须先上传该版本的签署件，才能以其为依据提请失信记录`;
  }
  return null;
}

// ---- export and hints --------------------------------------------------------------

/** Only an active flag whose retention has not ended goes to the public credit platform. */
export function isExportable(flag: { state?: string | null; expiresAt?: DateInput | null }, now: DateInput): boolean {
  return flag.state === 'active' && !!flag.expiresAt && isWithin(flag.expiresAt, now);
}

/** The default grounds' codes, used by the hints. */
export const GROUND_CODES = {
  agreementNotPerformed: 'refuse-mediation-agreement',
  leapfrogAfterPledge: 'leapfrog-after-pledge',
} as const;

export interface HintFacts {
  /** The latest mediation agreement issued on the case. */
  agreement?: { documentId: string; issuedAt: DateInput } | null;
  /** The latest no-further-petition pledge issued on the case. */
  pledge?: { documentId: string; issuedAt: DateInput } | null;
  /** Agreed terms with their performance dates, as written (see case-flow/written-date.ts). */
  terms?: { what?: string; byWhen?: string | null }[];
  visits?: { documentId: string; visitedAt: DateInput; level: string; isLeapfrog?: boolean; isRepeat?: boolean }[];
  /** The mediator's performance follow-ups (履行回访) recorded on the terms, by term index. */
  checks?: { termIndex: number; state: string; recordedAt?: DateInput | null }[];
  now: DateInput;
}

export interface CreditHint {
  groundCode: string;
  message: string;
  basisDocument: string;
  evidence: EvidenceRef[];
}

/** Said with every hint: the software does not decide, a person does, and a reviewer checks. */
export const HINT_NOTICE = '以下仅为提示：可能存在失信情形，须由信访干部核实事实后决定是否提请，并经其他审核员审核、告知当事人并听取异议。系统不会自动提请或认定失信记录。';

/**
 * Tells a clerk that grounds MAY exist — never more. Agreement: an agreed performance date
 * has passed (has it been performed?). Pledge: after it, the matter was raised again at a
 * level above the unit responsible for it.
 */
export function creditHints(f: HintFacts): CreditHint[] {
  const hints: CreditHint[] = [];
  const today = shanghaiDayNumber(f.now);
  if (f.agreement) {
    // Dates as written ("2026年1月31日前", "1月31日前" in the agreement's year, full-width digits).
    const year = Number(shanghaiDate(f.agreement.issuedAt).slice(0, 4));
    // A term the mediator confirmed performed is no ground; one confirmed not (or partly) performed is said so.
    const found = new Map((f.checks ?? []).map((c) => [c.termIndex, c.state]));
    const overdue = (f.terms ?? []).map((t, i) => ({ ...t, state: found.get(i) })).filter((t) => {
      if (t.state === 'performed') return false;
      const due = parseWrittenDate(t.byWhen, year);
      return !!due && shanghaiDayNumber(`${due}T00:00:00+08:00`) < today;
    });
    const confirmed = overdue.filter((t) => t.state === 'not_performed' || t.state === 'partly');
    if (overdue.length) {
      hints.push({
        groundCode: GROUND_CODES.agreementNotPerformed,
        message: `调解协议约定的履行期限已过（${overdue.map((t) => `${t.what ?? '约定事项'}：${t.byWhen}`).join('；')}），` +
          (confirmed.length
            ? `调解员履行回访确认${confirmed.map((t) => `${t.what ?? '约定事项'}${t.state === 'partly' ? '部分履行' : '未履行'}`).join('；')}；请核实是否有能力履行而拒不履行。`
            : '请核实是否已经履行。'),
        basisDocument: f.agreement.documentId,
        evidence: [{ type: 'document', id: f.agreement.documentId }],
      });
    }
  }
  if (f.pledge) {
    const after = toDate(f.pledge.issuedAt).getTime();
    const leapfrogs = (f.visits ?? []).filter((v) => v.isLeapfrog && toDate(v.visitedAt).getTime() > after);
    if (leapfrogs.length) {
      hints.push({
        groundCode: GROUND_CODES.leapfrogAfterPledge,
        message: `出具息访承诺书后，有${leapfrogs.length}次越级来访（超出责任单位及其上一级），请核实是否为同一事项。`,
        basisDocument: f.pledge.documentId,
        evidence: [{ type: 'document', id: f.pledge.documentId }, ...leapfrogs.map((v) => ({ type: 'visit' as const, id: v.documentId }))],
      });
    }
  }
  return hints;
}
