/**
 * Early warnings (信访预警), pure: the conditions a rule can watch, the colour levels and who
 * owns each, the default rules (Lishui visit counts; overdue; failed mediation; hearing
 * outcome), the trigger key that makes a trigger raise at most once, the states of a warning
 * and escalation. No Strapi here; the scan turns these into set-based SQL (strapi/service.ts).
 */

import { VISIT_LEVELS, VISIT_LEVEL_NAMES, type VisitLevel } from '@fangtiao/kernel/pure';

export { VISIT_LEVELS, type VisitLevel };
export const ORG_LEVELS = ['city', 'county', 'township', 'village'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
export type Colour = (typeof COLOURS)[number];

/**
 * Colour ownership (Changzhou four colours, Yicheng three): who owns a warning of each
 * colour, i.e. the organisation level whose leader must act, and where it escalates from.
 */
export const COLOUR_OWNERSHIP: Record<Colour, { name: string; owner: OrgLevel; meaning: string }> = {
  red: { name: '红色预警', owner: 'county', meaning: '可能激化升级，由县级领导包案化解' },
  orange: { name: '橙色预警', owner: 'county', meaning: '风险较高，由县级部门和乡镇（街道）主要负责人共同化解' },
  yellow: { name: '黄色预警', owner: 'township', meaning: '可能引发治安案件，由乡镇（街道）或部门负责人包案化解' },
  blue: { name: '蓝色预警', owner: 'township', meaning: '可通过调解化解，由属地就地处理' },
};

export const CONDITION_KINDS = ['visit-count', 'overdue', 'hearing-outcome', 'mediation-failed'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Who receives a warning: users of `role` in the organisation at `level` above the case ('unit' = the responsible unit itself). */
export type RecipientSpec = { role: 'clerk' | 'leader' | 'supervisor' | 'mediator'; level: OrgLevel | 'unit' };
export const RECIPIENT_ROLES = ['clerk', 'leader', 'supervisor', 'mediator'] as const;
/** The levels a recipient may sit at, with their names (the admin panel's picker shows these). */
export const RECIPIENT_LEVELS = {
  unit: '责任单位',
  village: '村（社区）',
  township: '乡镇（街道）',
  county: '县（市、区）',
  city: '市',
} as const;

export type WarningRuleInput = {
  code: string;
  name: string;
  conditionKind: ConditionKind;
  /** visit-count: visits at or above `minLevel` since the first petition, at least this many. */
  minVisits?: number | null;
  minLevel?: VisitLevel | null;
  /** hearing-outcome: the outcomes that trigger. */
  outcomes?: string[] | null;
  colour: Colour;
  recipients: RecipientSpec[];
  /** Hours the recipients have to acknowledge; unacknowledged after that, it escalates. */
  responseHours: number;
  /** Who issues the notice, e.g. 县信访局 / 市信访局 (printed on the PDF). */
  issuer?: string | null;
  active?: boolean;
  description?: string | null;
};

export type FieldError = { path: string[]; message: string };

/** Every problem with a rule an administrator saves, by field. */
export function checkRule(r: Partial<WarningRuleInput>): FieldError[] {
  const out: FieldError[] = [];
  const bad = (f: string, m: string) => out.push({ path: [f], message: m });
  if (!r.code || !/^[a-z0-9-]{2,60}$/.test(r.code)) bad('code', '规则代码为2–60位小写字母、数字或连字符');
  if (!r.name || !String(r.name).trim()) bad('name', '规则名称必填');
  if (!r.conditionKind || !CONDITION_KINDS.includes(r.conditionKind)) bad('conditionKind', '触发条件必选');
  if (r.conditionKind === 'visit-count') {
    if (!Number.isInteger(r.minVisits) || (r.minVisits as number) < 1) bad('minVisits', '来访次数应为正整数');
    if (!r.minLevel || !VISIT_LEVELS.includes(r.minLevel)) bad('minLevel', '到访层级必选');
  }
  if (r.conditionKind === 'hearing-outcome' && !(Array.isArray(r.outcomes) && r.outcomes.length))
    bad('outcomes', '请列出触发预警的听证结论');
  if (!r.colour || !COLOURS.includes(r.colour)) bad('colour', '预警颜色必选（红、橙、黄、蓝）');
  if (!Array.isArray(r.recipients)) bad('recipients', '接收人应为列表，每项含角色和层级，如 [{"role":"leader","level":"county"}]');
  else if (!r.recipients.length) bad('recipients', '至少指定一类接收人');
  else
    r.recipients.forEach((x, i) => {
      if (!x || !RECIPIENT_ROLES.includes(x.role)) out.push({ path: ['recipients', String(i), 'role'], message: '接收人角色不正确' });
      if (!x || !(x.level === 'unit' || ORG_LEVELS.includes(x.level)))
        out.push({ path: ['recipients', String(i), 'level'], message: '接收人所在层级不正确' });
    });
  if (!Number.isInteger(r.responseHours) || (r.responseHours as number) < 1) bad('responseHours', '响应时限（小时）应为正整数');
  return out;
}

/** The visit levels that count for a rule: `minLevel` and above. */
export const levelsAtOrAbove = (min: VisitLevel): VisitLevel[] => VISIT_LEVELS.slice(VISIT_LEVELS.indexOf(min)) as VisitLevel[];

/**
 * The part of the trigger key after rule and petition: what makes this trigger this one.
 * Visit counts: the threshold; overdue: the deadline that passed (a later deadline can
 * trigger again); mediation failure and hearing: the event. A trigger key is unique in the
 * database, so a trigger never raises the same warning twice.
 */
export function triggerKey(ruleCode: string, petitionId: number | string, detail: string | number): string {
  return `${ruleCode}|${petitionId}|${detail}`;
}

export type PetitionFacts = {
  id: number;
  registeredAt: Date | string;
  state: string;
  dueAt?: Date | string | null;
  /** `isIntake`: the visit that registered the petition (初访) — the first petition, not a visit after it. */
  visits: { level: VisitLevel; visitedAt: Date | string; isIntake?: boolean }[];
  mediationFailedAt?: Date | string | null;
  hearingOutcomes?: string[];
};

export const CLOSED_STATES = ['not_accepted', 'concluded', 'review_requested', 'reviewed', 're_review_requested', 'final', 'closed'];

/** Whether a rule fires on a petition and with which trigger detail and reason (the scan does the same in SQL). */
export function evaluate(rule: WarningRuleInput, p: PetitionFacts, now: Date): { detail: string; reason: string } | null {
  switch (rule.conditionKind) {
    case 'visit-count': {
      const levels = levelsAtOrAbove(rule.minLevel ?? 'county');
      const since = new Date(p.registeredAt).getTime();
      const n = p.visits.filter((v) => !v.isIntake && levels.includes(v.level) && new Date(v.visitedAt).getTime() >= since).length;
      return n >= (rule.minVisits ?? 2) ? { detail: `visits>=${rule.minVisits}`, reason: visitReason(rule) } : null;
    }
    case 'overdue': {
      if (!p.dueAt || CLOSED_STATES.includes(p.state)) return null;
      const due = new Date(p.dueAt).getTime();
      return due < now.getTime() ? { detail: `due:${due}`, reason: '办理期限已过仍未办结' } : null;
    }
    case 'mediation-failed':
      return p.mediationFailedAt ? { detail: 'mediation-failed', reason: '人民调解未能达成协议' } : null;
    case 'hearing-outcome': {
      const hit = (p.hearingOutcomes ?? []).find((o) => (rule.outcomes ?? []).includes(o));
      return hit ? { detail: `hearing:${hit}`, reason: `听证结论：${hit}` } : null;
    }
  }
  return null;
}

const LEVEL_NAMES = VISIT_LEVEL_NAMES;
export const visitReason = (rule: Pick<WarningRuleInput, 'minVisits' | 'minLevel'>) =>
  `初次信访后到${LEVEL_NAMES[rule.minLevel ?? 'county']}及以上来访${rule.minVisits}次（含）以上`;

/** The rules shipped: the Lishui visit-count warnings, overdue, failed mediation, a hearing's conclusion not accepted. */
export const DEFAULT_RULES: WarningRuleInput[] = [
  {
    code: 'lishui-visits-2',
    name: '初访后到县级以上上访2次（含）以上',
    conditionKind: 'visit-count',
    minVisits: 2,
    minLevel: 'county',
    colour: 'yellow',
    // 向县(市、区)有关部门、乡镇(街道)主要负责人发出《信访预警单》
    recipients: [
      { role: 'clerk', level: 'county' },
      { role: 'leader', level: 'township' },
    ],
    responseHours: 72,
    issuer: '县信访局',
    description:
      '丽水：对信访人初次信访后到县级及以上信访部门上访2次（含）以上的，向县（市、区）有关部门、乡镇（街道）主要负责人发出《信访预警单》。',
  },
  {
    code: 'lishui-visits-3',
    name: '初访后到县级以上上访3次（含）以上',
    conditionKind: 'visit-count',
    minVisits: 3,
    minLevel: 'county',
    colour: 'red',
    // 市信访部门向县(市、区)党政主要负责人和党委副书记发出信息预警单
    recipients: [
      { role: 'leader', level: 'county' },
      { role: 'supervisor', level: 'city' },
    ],
    responseHours: 24,
    issuer: '市信访局',
    description: '丽水：上访3次以上的，市信访部门向县（市、区）党政主要负责人和党委副书记、市直有关单位主要负责人发出信息预警单。',
  },
  {
    code: 'deadline-overdue',
    name: '超过办理期限未办结',
    conditionKind: 'overdue',
    colour: 'orange',
    recipients: [
      { role: 'leader', level: 'unit' },
      { role: 'clerk', level: 'unit' },
    ],
    responseHours: 48,
    issuer: '县信访局',
    description: '信访工作条例：受理、办结、复查、复核期限已过仍未办结的，向责任单位主要负责人预警。',
  },
  {
    code: 'mediation-failed',
    name: '人民调解未成功',
    conditionKind: 'mediation-failed',
    colour: 'yellow',
    recipients: [
      { role: 'leader', level: 'township' },
      { role: 'clerk', level: 'township' },
    ],
    responseHours: 72,
    issuer: '县信访局',
    description: '调解未成功的，由乡镇（街道）负责人组织依法分类处理。',
  },
  {
    code: 'hearing-not-accepted',
    name: '听证结论不被信访人接受',
    conditionKind: 'hearing-outcome',
    outcomes: ['not-accepted'],
    colour: 'orange',
    recipients: [{ role: 'leader', level: 'county' }],
    responseHours: 48,
    issuer: '县信访局',
    description: '听证模块记录结论后启用。',
  },
];

/** Warning states: raised → acknowledged → acted → closed. */
export const WARNING_STATES = { raised: '已发出', acknowledged: '已签收', acted: '已处置', closed: '已办结' } as const;
export type WarningState = keyof typeof WARNING_STATES;
export type WarningAction = 'acknowledge' | 'act' | 'close';
const MOVES: Record<WarningAction, { from: WarningState[]; to: WarningState; label: string }> = {
  acknowledge: { from: ['raised'], to: 'acknowledged', label: '签收' },
  act: { from: ['acknowledged'], to: 'acted', label: '反馈处置情况' },
  close: { from: ['acted'], to: 'closed', label: '办结' },
};

export type WarningPlan = { ok: true; to: WarningState; label: string } | { ok: false; status: 400 | 403 | 409; reason: string };

/** Who may move a warning: a recipient (clerk or leader) — supervisors read, never act. */
export function planWarningMove(args: {
  state: WarningState;
  action: string;
  role: string;
  isRecipient: boolean;
  note?: unknown;
}): WarningPlan {
  const m = (MOVES as any)[args.action] as (typeof MOVES)[WarningAction] | undefined;
  if (!m) return { ok: false, status: 400, reason: `未知的操作：${args.action}` };
  if (!['clerk', 'leader'].includes(args.role))
    return { ok: false, status: 403, reason: '只有预警单的接收人（信访干部、包案领导）可以办理' };
  if (!args.isRecipient) return { ok: false, status: 403, reason: '您不是该预警单的接收人' };
  if (!m.from.includes(args.state)) return { ok: false, status: 409, reason: `预警单${WARNING_STATES[args.state]}，不能${m.label}` };
  if (args.action === 'act' && !(typeof args.note === 'string' && args.note.trim()))
    return { ok: false, status: 400, reason: '请填写处置情况' };
  return { ok: true, to: m.to, label: m.label };
}

/** The level a warning escalates to when nobody acknowledges it in time. */
export function escalationLevel(from: OrgLevel): OrgLevel {
  const i = ORG_LEVELS.indexOf(from);
  return i <= 0 ? 'city' : ORG_LEVELS[i - 1];
}

export const isEscalationDue = (w: { state: string; dueAt: Date | string; escalatedAt?: unknown }, now: Date) =>
  w.state === 'raised' && !w.escalatedAt && new Date(w.dueAt).getTime() < now.getTime();

export const dueAtFor = (raisedAt: Date, responseHours: number) => new Date(raisedAt.getTime() + responseHours * 3600_000);
