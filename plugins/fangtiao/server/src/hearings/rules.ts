/**
 * Hearings (听证与会商): the kinds and the roles each needs, participant and minutes checks,
 * the hearing moves, the earliest-common-slot search, the joint-consultation cadence and the
 * masking of the public announcement. Pure: no Strapi here; the wiring is in ./strapi.
 */
import { UNIT_MS, type FieldError, type Interval } from '../experts/availability';
import { OFFSET_MS } from '@fangtiao/kernel/pure';

export const HEARING_KINDS = {
  tripartite_review: '三方会审',
  petition_hearing: '信访听证',
  evaluation: '群众评议',
  joint_consultation: '联席会商',
} as const;
export type HearingKind = keyof typeof HEARING_KINDS;

import { PARTICIPANT_ROLES, type ParticipantRole } from './roles';
import type { RoleCount } from '../../../shared/contracts/settings';
export { PARTICIPANT_ROLES, type ParticipantRole };

/** The evaluation panel (评议团): congress deputies, CPPCC members, residents. */
export const PANEL_CATEGORIES = { deputy: '人大代表', cppcc: '政协委员', resident: '群众代表', other: '其他' } as const;

export const HEARING_STATES = { scheduled: '已安排', held: '已举行', cancelled: '已取消' } as const;
export type HearingState = keyof typeof HEARING_STATES;

/** What the petitioner made of the conclusion; `not-accepted` can raise an early warning. */
export const OUTCOMES = { accepted: '信访人接受结论', 'not-accepted': '信访人不接受结论', adjourned: '择期再议' } as const;
export type Outcome = keyof typeof OUTCOMES;

export const VOTES = { support: '支持', oppose: '不支持', abstain: '弃权' } as const;

/** Cases in these states take no hearing: not yet accepted, or finished. */
export const NO_HEARING_STATES: readonly string[] = ['registered', 'not_accepted', 'closed'];

/** A hearing type's settings (editable in the admin panel as 听证类型). */
export type KindSettings = {
  code: HearingKind;
  name: string;
  /** Minimum and maximum head count per role; a role not listed may not take part. */
  roles: Partial<Record<ParticipantRole, RoleCount>>;
  noticeWorkingDays: number;
  isPublic: boolean;
  defaultMinutes: number;
  /** Whether a case is required (joint consultations may have none). */
  needsCase: boolean;
};

export const DEFAULT_KINDS: KindSettings[] = [
  {
    code: 'tripartite_review',
    name: HEARING_KINDS.tripartite_review,
    roles: { chair: { min: 1, max: 1 }, work_team: { min: 1 }, expert: { min: 1 }, petitioner: { min: 1 }, observer: { min: 0 } },
    noticeWorkingDays: 3,
    isPublic: false,
    defaultMinutes: 120,
    needsCase: true,
  },
  {
    code: 'petition_hearing',
    name: HEARING_KINDS.petition_hearing,
    roles: {
      chair: { min: 1, max: 1 },
      work_team: { min: 1 },
      panel: { min: 3 },
      petitioner: { min: 1 },
      expert: { min: 0 },
      observer: { min: 0 },
    },
    noticeWorkingDays: 3,
    isPublic: true,
    defaultMinutes: 120,
    needsCase: true,
  },
  {
    code: 'evaluation',
    name: HEARING_KINDS.evaluation,
    roles: { chair: { min: 1, max: 1 }, panel: { min: 3 }, petitioner: { min: 1 }, work_team: { min: 0 }, observer: { min: 0 } },
    noticeWorkingDays: 3,
    isPublic: true,
    defaultMinutes: 90,
    needsCase: true,
  },
  {
    code: 'joint_consultation',
    name: HEARING_KINDS.joint_consultation,
    roles: { chair: { min: 1, max: 1 }, work_team: { min: 0 }, expert: { min: 0 }, observer: { min: 0 } },
    noticeWorkingDays: 0,
    isPublic: false,
    defaultMinutes: 90,
    needsCase: false,
  },
];

/** Checks a hearing type saved in the admin panel. */
export function checkKindSettings(input: any): FieldError[] {
  const errors: FieldError[] = [];
  if (!Object.prototype.hasOwnProperty.call(HEARING_KINDS, input?.code))
    errors.push({ path: ['code'], message: `类型代码应为：${Object.keys(HEARING_KINDS).join('、')}` });
  const roles = input?.roles;
  if (!roles || typeof roles !== 'object' || Array.isArray(roles))
    errors.push({ path: ['roles'], message: '请列出各角色的人数，如 {"chair":{"min":1,"max":1}}' });
  else
    for (const [role, n] of Object.entries<any>(roles)) {
      if (!Object.prototype.hasOwnProperty.call(PARTICIPANT_ROLES, role))
        errors.push({ path: ['roles', role], message: `未知的角色，应为：${Object.keys(PARTICIPANT_ROLES).join('、')}` });
      else if (!Number.isInteger(n?.min) || n.min < 0 || (n.max !== undefined && (!Number.isInteger(n.max) || n.max < n.min)))
        errors.push({ path: ['roles', role], message: '人数应为 {min, max}，max 不小于 min' });
    }
  if (roles && !roles.chair?.min) errors.push({ path: ['roles', 'chair'], message: '须有一名主持人' });
  if (!Number.isInteger(input?.noticeWorkingDays) || input.noticeWorkingDays < 0 || input.noticeWorkingDays > 30)
    errors.push({ path: ['noticeWorkingDays'], message: '提前通知的工作日数应为 0–30' });
  if (!Number.isInteger(input?.defaultMinutes) || input.defaultMinutes < 30 || input.defaultMinutes % 30 || input.defaultMinutes > 480)
    errors.push({ path: ['defaultMinutes'], message: '时长应为30分钟的整数倍，最长8小时' });
  return errors;
}

/** A participant as given: a staff user, an expert, a party of the case, or a named outsider. */
export type ParticipantInput = {
  role: ParticipantRole;
  user?: string | number;
  expert?: string;
  /** Index of the case's party (petitioners). */
  party?: number;
  name?: string;
  category?: keyof typeof PANEL_CATEGORIES;
  organisation?: string;
};

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const isKey = <T extends object>(o: T, v: unknown): v is keyof T => typeof v === 'string' && Object.prototype.hasOwnProperty.call(o, v);

/**
 * Checks the participant list against the kind's roles: who each one is, and the head
 * counts. Staff and experts are resolved (and checked for clashes) by the service.
 */
export function checkParticipants(input: any, kind: KindSettings, partyCount: number): { value: ParticipantInput[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: ParticipantInput[] = [];
  if (!Array.isArray(input) || !input.length) return { value, errors: [{ path: ['participants'], message: '请列出参加人员' }] };
  if (input.length > 60) return { value, errors: [{ path: ['participants'], message: '参加人员最多60人' }] };
  input.forEach((p: any, i: number) => {
    const at = (k: string) => ['participants', String(i), k];
    const role = p?.role;
    if (!isKey(PARTICIPANT_ROLES, role))
      return errors.push({ path: at('role'), message: `角色应为：${Object.keys(PARTICIPANT_ROLES).join('、')}` });
    if (!kind.roles[role]) return errors.push({ path: at('role'), message: `${kind.name}没有“${PARTICIPANT_ROLES[role]}”这一角色` });
    const out: ParticipantInput = { role };
    if (role === 'chair' || role === 'work_team') {
      if (p.user === undefined || p.user === null || p.user === '')
        errors.push({ path: at('user'), message: `${PARTICIPANT_ROLES[role]}应为系统用户` });
      else out.user = p.user;
    } else if (role === 'expert') {
      if (!str(p.expert)) errors.push({ path: at('expert'), message: '请选择专家库中的专家' });
      else out.expert = str(p.expert);
    } else if (role === 'petitioner') {
      if (!Number.isInteger(p.party) || p.party < 0 || p.party >= partyCount)
        errors.push({ path: at('party'), message: '请选择本案的当事人' });
      else out.party = p.party;
    } else {
      // Panel members and observers: a staff user, or an outsider by name.
      if (p.user !== undefined && p.user !== null && p.user !== '') out.user = p.user;
      else if (!str(p.name) || str(p.name).length > 40) errors.push({ path: at('name'), message: '请填写姓名（最多40字）' });
      else out.name = str(p.name);
      if (role === 'panel') {
        if (!isKey(PANEL_CATEGORIES, p.category))
          errors.push({
            path: at('category'),
            message: '评议员身份应为 deputy（人大代表）、cppcc（政协委员）、resident（群众代表）或 other',
          });
        else out.category = p.category;
      }
      if (str(p.organisation)) out.organisation = str(p.organisation).slice(0, 60);
    }
    value.push(out);
  });
  for (const [role, n] of Object.entries(kind.roles) as [ParticipantRole, { min: number; max?: number }][]) {
    const count = value.filter((p) => p.role === role).length;
    if (count < n.min)
      errors.push({ path: ['participants'], message: `${kind.name}须有${PARTICIPANT_ROLES[role]}至少${n.min}人（现${count}人）` });
    if (n.max !== undefined && count > n.max)
      errors.push({ path: ['participants'], message: `${kind.name}的${PARTICIPANT_ROLES[role]}至多${n.max}人（现${count}人）` });
  }
  const seen = new Set<string>();
  value.forEach((p, i) => {
    const key = p.user !== undefined ? `u:${p.user}` : p.expert ? `e:${p.expert}` : p.party !== undefined ? `p:${p.party}` : null;
    if (!key) return;
    if (seen.has(key)) errors.push({ path: ['participants', String(i)], message: '同一人不能重复列入' });
    seen.add(key);
  });
  return { value, errors };
}

export type HearingAction = 'reschedule' | 'cancel' | 'minutes';

/** The hearing moves: reschedule or cancel a scheduled hearing (with a reason); record the minutes of one that took place. */
export function planHearingMove(
  state: HearingState,
  action: HearingAction,
  input: any,
  now: number,
  start: number,
): { ok: true } | { ok: false; status: 400 | 409; reason: string; field?: string } {
  if (state !== 'scheduled')
    return {
      ok: false,
      status: 409,
      reason: `该${state === 'held' ? '会议已举行' : '会议已取消'}，不能${action === 'minutes' ? '再记录' : action === 'cancel' ? '取消' : '改期'}`,
    };
  if (action === 'minutes') {
    if (start > now) return { ok: false, status: 409, reason: '会议尚未开始，不能记录笔录和结论' };
    return { ok: true };
  }
  if (str(input?.reason).length < 2) return { ok: false, status: 400, reason: '请写明原因', field: 'reason' };
  return { ok: true };
}

export type MinutesInput = {
  attendance: { participant: number; present: boolean; note?: string }[];
  opinions: { participant: number; vote?: keyof typeof VOTES; opinion: string }[];
  conclusion: string;
  outcome: Outcome;
};

/** Checks the minutes (笔录): attendance of each participant, the panel's opinions or votes, the conclusion. */
export function checkMinutes(input: any, participants: { role: ParticipantRole }[]): { value?: MinutesInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const n = participants.length;
  const att = Array.isArray(input?.attendance) ? input.attendance : null;
  if (!att) errors.push({ path: ['attendance'], message: '请逐一记录参加人员是否到场' });
  const attendance = (att ?? []).map((a: any, i: number) => {
    if (!Number.isInteger(a?.participant) || a.participant < 0 || a.participant >= n)
      errors.push({ path: ['attendance', String(i), 'participant'], message: '参加人员序号无效' });
    if (typeof a?.present !== 'boolean') errors.push({ path: ['attendance', String(i), 'present'], message: '请填写是否到场' });
    return { participant: a?.participant, present: a?.present === true, ...(str(a?.note) ? { note: str(a.note).slice(0, 200) } : {}) };
  });
  if (att && new Set(attendance.map((a: any) => a.participant)).size !== n)
    errors.push({ path: ['attendance'], message: `应记录全部${n}名参加人员的到场情况` });
  const ops = input?.opinions ?? [];
  if (!Array.isArray(ops)) errors.push({ path: ['opinions'], message: '应为意见列表' });
  const opinions = (Array.isArray(ops) ? ops : []).map((o: any, i: number) => {
    if (!Number.isInteger(o?.participant) || o.participant < 0 || o.participant >= n)
      errors.push({ path: ['opinions', String(i), 'participant'], message: '参加人员序号无效' });
    if (o?.vote !== undefined && !isKey(VOTES, o.vote))
      errors.push({ path: ['opinions', String(i), 'vote'], message: '表决应为 support、oppose 或 abstain' });
    if (!str(o?.opinion)) errors.push({ path: ['opinions', String(i), 'opinion'], message: '请填写意见' });
    return { participant: o?.participant, ...(o?.vote ? { vote: o.vote } : {}), opinion: str(o?.opinion).slice(0, 2000) };
  });
  const panel = participants.map((p, i) => (p.role === 'panel' ? i : -1)).filter((i) => i >= 0);
  const present = new Set(attendance.filter((a: any) => a.present).map((a: any) => a.participant));
  const missing = panel.filter((i) => present.has(i) && !opinions.some((o) => o.participant === i));
  if (missing.length)
    errors.push({ path: ['opinions'], message: `到场的评议员都应发表意见（缺第${missing.map((i) => i + 1).join('、')}位）` });
  const conclusion = str(input?.conclusion);
  if (conclusion.length < 5) errors.push({ path: ['conclusion'], message: '请写明结论（至少5个字）' });
  if (!isKey(OUTCOMES, input?.outcome))
    errors.push({ path: ['outcome'], message: '结果应为 accepted（接受）、not-accepted（不接受）或 adjourned（择期再议）' });
  if (errors.length) return { errors };
  return { errors, value: { attendance, opinions, conclusion: conclusion.slice(0, 8000), outcome: input.outcome } };
}

/** The tally of the panel's votes. */
export function tally(opinions: { vote?: string }[]) {
  const t = { support: 0, oppose: 0, abstain: 0 };
  for (const o of opinions) if (o.vote && o.vote in t) (t as any)[o.vote] += 1;
  return t;
}

/** A person or room whose time must be free, with the units it holds and, for experts, when it is available at all. */
export type SlotResource = { key: string; busy: Set<number>; available?: Interval[] | null };
export type Slot = { start: number; end: number; room: number | null };

/**
 * The earliest starts on the 30-minute grid inside the office-hour `windows` where every
 * person is free (and available, for experts) for `minutes`, and one room is free
 * throughout (the first free of `rooms`, in the order given: smallest fitting first). With
 * `rooms` null no room is needed (video). Returns up to `count` slots that do not overlap.
 */
export function earliestSlots(args: {
  windows: Interval[];
  people: SlotResource[];
  rooms: { id: number; busy: Set<number> }[] | null;
  minutes: number;
  count: number;
}): Slot[] {
  const need = Math.ceil(args.minutes / 30);
  const out: Slot[] = [];
  const inside = (list: Interval[], s: number, e: number) => list.some((i) => i.start <= s && i.end >= e);
  for (const w of args.windows) {
    const first = Math.ceil(w.start / UNIT_MS);
    for (let u = first; (u + need) * UNIT_MS <= w.end && out.length < args.count; u += 1) {
      const s = u * UNIT_MS;
      const e = (u + need) * UNIT_MS;
      if (out.length && s < out[out.length - 1].end) continue;
      let free = true;
      for (const p of args.people) {
        if (p.available && !inside(p.available, s, e)) free = false;
        for (let k = 0; free && k < need; k += 1) if (p.busy.has(u + k)) free = false;
        if (!free) break;
      }
      if (!free) continue;
      let room: number | null = null;
      if (args.rooms) {
        const r = args.rooms.find((x) => {
          for (let k = 0; k < need; k += 1) if (x.busy.has(u + k)) return false;
          return true;
        });
        if (!r) continue;
        room = r.id;
      }
      out.push({ start: s, end: e, room });
    }
    if (out.length >= args.count) break;
  }
  return out;
}

/** 张三 → 张某; 欧阳娜娜 → 欧阳某 (common two-character surnames kept whole). */
const DOUBLE_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
];
export function maskName(name: string | null | undefined): string {
  const n = str(name);
  if (!n) return '某某';
  const surname = DOUBLE_SURNAMES.find((s) => n.startsWith(s) && n.length > 2) ?? n[0];
  return `${surname}某`;
}

/** Joint consultation cadence (联动会商): city monthly, county half-monthly, township weekly. */
export const JOINT_CADENCE = { city: 'month', county: 'half-month', township: 'week' } as const;
export type Cadence = (typeof JOINT_CADENCE)[keyof typeof JOINT_CADENCE];

/** The Shanghai period of `cadence` containing `ms`: [start, end) and a key like 2026-11, 2026-11-H2, 2026-W48. */
export function periodOf(cadence: Cadence, ms: number): { key: string; start: number; end: number } {
  const s = new Date(ms + OFFSET_MS);
  const y = s.getUTCFullYear();
  const m = s.getUTCMonth();
  const at = (yy: number, mm: number, dd: number) => Date.UTC(yy, mm, dd) - OFFSET_MS;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (cadence === 'month') return { key: `${y}-${pad(m + 1)}`, start: at(y, m, 1), end: at(y, m + 1, 1) };
  if (cadence === 'half-month') {
    const second = s.getUTCDate() > 15;
    return second
      ? { key: `${y}-${pad(m + 1)}-H2`, start: at(y, m, 16), end: at(y, m + 1, 1) }
      : { key: `${y}-${pad(m + 1)}-H1`, start: at(y, m, 1), end: at(y, m, 16) };
  }
  const wd = s.getUTCDay() === 0 ? 7 : s.getUTCDay();
  const start = at(y, m, s.getUTCDate() - wd + 1);
  // ISO week: the week's Thursday decides the year; its ordinal day gives the number.
  const thu = new Date(start + OFFSET_MS + 3 * 86_400_000);
  const ordinal = (Date.UTC(thu.getUTCFullYear(), thu.getUTCMonth(), thu.getUTCDate()) - Date.UTC(thu.getUTCFullYear(), 0, 1)) / 86_400_000;
  const week = Math.floor(ordinal / 7) + 1;
  return { key: `${thu.getUTCFullYear()}-W${pad(week)}`, start, end: start + 7 * 86_400_000 };
}
