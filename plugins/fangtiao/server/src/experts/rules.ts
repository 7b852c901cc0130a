/**
 * Expert pools and consultations (专家库与分级咨询): the pure rules — fields, levels,
 * request and booking checks, the booking moves, conflicts of interest, reminders and the
 * calendar feed. No Strapi here; the wiring is in ./strapi.
 */
import { onGrid, UNIT_MINUTES, type FieldError } from './availability';

export const EXPERT_FIELDS = { law: '法律', psychology: '心理', social_work: '社会工作', local_worthy: '乡贤', industry: '行业' } as const;
export type ExpertField = keyof typeof EXPERT_FIELDS;
export const EXPERT_LEVELS = { county: '县级', city: '市级' } as const;
export type ExpertLevel = keyof typeof EXPERT_LEVELS;
export const EXPERT_STATUSES = { active: '在岗', on_leave: '休假' } as const;
export const MODES = { in_person: '现场', phone: '电话', video: '视频' } as const;
export const URGENCIES = { normal: '一般', urgent: '紧急', critical: '特急' } as const;

export const CONSULTATION_STATES = { open: '待预约', booked: '已预约', done: '已出具意见', cancelled: '已取消' } as const;
export const BOOKING_STATES = {
  requested: '待专家确认',
  accepted: '已确认',
  declined: '已婉拒',
  cancelled: '已取消',
  done: '已完成',
} as const;
export type BookingState = keyof typeof BOOKING_STATES;
/** States that hold the expert's time (their grid units exist). */
export const HOLDING_STATES: BookingState[] = ['requested', 'accepted'];

/** Who may ask for a consultation on a case. */
export const REQUESTER_ROLES = ['mediator', 'leader'];

export const MAX_WINDOW_DAYS = 60;
export const DEFAULT_MINUTES = 60;
export const SUGGESTIONS = 5;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const isKey = <T extends object>(o: T, v: unknown): v is keyof T => typeof v === 'string' && Object.prototype.hasOwnProperty.call(o, v);

export type RequestInput = {
  question: string;
  field: ExpertField;
  urgency: keyof typeof URGENCIES;
  mode: keyof typeof MODES;
  windowStart: Date;
  windowEnd: Date;
  minutes: number;
  difficult: boolean;
};

/** A consultation request (咨询申请): question, field, urgency, mode, wished window. */
export function checkRequest(input: any, now: Date): { value?: RequestInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const question = str(input?.question);
  if (question.length < 5) errors.push({ path: ['question'], message: '请写明咨询的问题（至少5个字）' });
  if (question.length > 4000) errors.push({ path: ['question'], message: '问题过长（最多4000字）' });
  if (!isKey(EXPERT_FIELDS, input?.field))
    errors.push({ path: ['field'], message: `专业领域应为：${Object.keys(EXPERT_FIELDS).join('、')}` });
  const urgency = input?.urgency ?? 'normal';
  if (!isKey(URGENCIES, urgency)) errors.push({ path: ['urgency'], message: '紧急程度应为 normal、urgent 或 critical' });
  if (!isKey(MODES, input?.mode)) errors.push({ path: ['mode'], message: '方式应为 in_person（现场）、phone（电话）或 video（视频）' });
  const ws = Date.parse(input?.windowStart);
  const we = Date.parse(input?.windowEnd);
  if (Number.isNaN(ws)) errors.push({ path: ['windowStart'], message: '期望时间段的开始无效' });
  if (Number.isNaN(we)) errors.push({ path: ['windowEnd'], message: '期望时间段的结束无效' });
  if (!Number.isNaN(ws) && !Number.isNaN(we)) {
    if (we <= ws) errors.push({ path: ['windowEnd'], message: '结束应晚于开始' });
    else if (we - ws > MAX_WINDOW_DAYS * 86_400_000) errors.push({ path: ['windowEnd'], message: `期望时间段最长${MAX_WINDOW_DAYS}天` });
  }
  if (!Number.isNaN(we) && we <= now.getTime() && !errors.some((e) => e.path[0] === 'windowEnd'))
    errors.push({ path: ['windowEnd'], message: '期望时间段已过' });
  const minutes = input?.minutes === undefined ? DEFAULT_MINUTES : Number(input.minutes);
  if (!Number.isInteger(minutes) || minutes < UNIT_MINUTES || minutes > 8 * 60 || minutes % UNIT_MINUTES) {
    errors.push({ path: ['minutes'], message: `时长应为${UNIT_MINUTES}分钟的整数倍，最长8小时` });
  }
  if (errors.length) return { errors };
  return {
    errors,
    value: {
      question,
      field: input.field,
      urgency,
      mode: input.mode,
      windowStart: new Date(ws),
      windowEnd: new Date(we),
      minutes,
      difficult: input?.difficult === true,
    },
  };
}

/** A slot to book: a start on the 30-minute grid, in the future, for the request's length. */
export function checkSlot(input: any, minutes: number, now: Date): { start?: Date; end?: Date; errors: FieldError[] } {
  const start = Date.parse(input?.start);
  if (Number.isNaN(start)) return { errors: [{ path: ['start'], message: '开始时间无效' }] };
  if (!onGrid(start)) return { errors: [{ path: ['start'], message: '开始时间应为整点或半点' }] };
  if (start <= now.getTime()) return { errors: [{ path: ['start'], message: '开始时间已过' }] };
  return { start: new Date(start), end: new Date(start + minutes * 60_000), errors: [] };
}

export type BookingAction = 'accept' | 'decline' | 'cancel' | 'reschedule' | 'opinion';
export type MovePlan = { ok: true; to: BookingState } | { ok: false; status: 400 | 403 | 409; reason: string; field?: string };

/**
 * The booking moves: the expert accepts or declines a requested booking; either side
 * cancels or reschedules with a reason; the expert records the opinion of an accepted one.
 */
export function planBookingMove(
  state: BookingState,
  action: BookingAction,
  who: { isExpert: boolean; isRequesterSide: boolean },
  input: any,
): MovePlan {
  const reason = str(input?.reason);
  switch (action) {
    case 'accept':
    case 'decline':
      if (!who.isExpert) return { ok: false, status: 403, reason: '只有被预约的专家本人可以确认或婉拒' };
      if (state !== 'requested')
        return { ok: false, status: 409, reason: `预约${BOOKING_STATES[state]}，不能再${action === 'accept' ? '确认' : '婉拒'}` };
      return { ok: true, to: action === 'accept' ? 'accepted' : 'declined' };
    case 'cancel':
    case 'reschedule':
      if (!who.isExpert && !who.isRequesterSide)
        return { ok: false, status: 403, reason: '只有专家本人或案件的调解员、包案领导可以取消或改期' };
      if (!HOLDING_STATES.includes(state))
        return { ok: false, status: 409, reason: `预约${BOOKING_STATES[state]}，不能${action === 'cancel' ? '取消' : '改期'}` };
      if (reason.length < 2) return { ok: false, status: 400, reason: '请写明原因', field: 'reason' };
      return { ok: true, to: action === 'cancel' ? 'cancelled' : 'requested' };
    case 'opinion':
      if (!who.isExpert) return { ok: false, status: 403, reason: '只有被预约的专家本人可以出具咨询意见' };
      if (state !== 'accepted') return { ok: false, status: 409, reason: `预约${BOOKING_STATES[state]}，不能出具意见（须先确认）` };
      if (str(input?.opinion).length < 5) return { ok: false, status: 400, reason: '请写明咨询意见', field: 'opinion' };
      return { ok: true, to: 'done' };
    default:
      return { ok: false, status: 400, reason: '未知的操作', field: 'action' };
  }
}

/** What an expert declared: a relation to a person, or that it acted for a party on a case. */
export type Declaration = { kind: 'relation' | 'acted_for'; party?: string; petition?: string; note?: string };
export type CaseParty = { name?: string | null; idNumber?: string | null };

export function checkDeclarations(input: any): { value: Declaration[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: Declaration[] = [];
  if (input === undefined || input === null) return { value, errors };
  if (!Array.isArray(input)) return { value, errors: [{ path: ['declarations'], message: '应为列表' }] };
  input.forEach((d: any, i: number) => {
    if (d?.kind !== 'relation' && d?.kind !== 'acted_for')
      errors.push({
        path: ['declarations', String(i), 'kind'],
        message: '类型应为 relation（与当事人有关系）或 acted_for（曾代理案件一方）',
      });
    if (d?.kind === 'relation' && !str(d?.party))
      errors.push({ path: ['declarations', String(i), 'party'], message: '请写明当事人姓名或身份证号' });
    if (d?.kind === 'acted_for' && !str(d?.petition) && !str(d?.party))
      errors.push({ path: ['declarations', String(i), 'petition'], message: '请写明案件或当事人' });
    value.push({
      kind: d?.kind,
      ...(str(d?.party) ? { party: str(d.party) } : {}),
      ...(str(d?.petition) ? { petition: str(d.petition) } : {}),
      ...(str(d?.note) ? { note: str(d.note).slice(0, 200) } : {}),
    });
  });
  return { value, errors };
}

/**
 * Why an expert must stand aside on a case (回避), or null: a declared relation to one of
 * the case's parties (by name or ID number), or having acted for a party on this case.
 */
export function conflictOf(declarations: Declaration[] | null | undefined, c: { petition: string; parties: CaseParty[] }): string | null {
  const names = new Set(c.parties.map((p) => str(p.name)).filter(Boolean));
  const ids = new Set(c.parties.map((p) => str(p.idNumber).toUpperCase()).filter(Boolean));
  for (const d of declarations ?? []) {
    const party = str(d.party);
    const isParty = !!party && (names.has(party) || ids.has(party.toUpperCase()));
    if (d.kind === 'relation' && isParty) return '与本案当事人存在利害关系（本人申报）';
    if (d.kind === 'acted_for' && (d.petition === c.petition || (isParty && !d.petition))) return '曾在本案中代理一方当事人';
  }
  return null;
}

/**
 * Why a county search moves to the city pool, as the consultation and the audit log say it:
 * an empty pool, a pool whose every expert must stand aside (回避), or nobody free in the
 * wished window (with how many stood aside, when some did).
 */
export function escalationReason(county: { pool: number; recused: number }): string {
  if (!county.pool) return '县级专家库无该领域专家';
  if (county.recused >= county.pool) return `县级专家库该领域的专家均须回避（${county.recused}人）`;
  if (county.recused) return `县级专家库在期望时间内无合适专家（另有${county.recused}人须回避）`;
  return '县级专家库在期望时间内无合适专家';
}

/** Reminders before a booked consultation: 24 h and 1 h. */
export const REMINDERS = [
  { key: 'day', before: 24 * 3_600_000, label: '24小时' },
  { key: 'hour', before: 3_600_000, label: '1小时' },
] as const;
export type ReminderKey = (typeof REMINDERS)[number]['key'];

/** The reminders due at `now` for a booking starting at `start` that were not sent yet (only the latest one). */
export function dueReminder(start: Date, now: Date, sent: Partial<Record<ReminderKey, boolean>>): ReminderKey | null {
  const left = start.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= 3_600_000) return sent.hour ? null : 'hour';
  if (left <= 24 * 3_600_000) return sent.day ? null : 'day';
  return null;
}

const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
/** Folds a content line at 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  for (const ch of line) {
    const limit = parts.length ? 74 : 75;
    if (Buffer.byteLength(cur + ch, 'utf8') > limit) {
      parts.push(cur);
      cur = ch;
    } else cur += ch;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

export type CalendarEvent = {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  updated: Date;
};

/** An iCalendar (RFC 5545) feed; callers pass no party names. */
export function icalendar(name: string, events: CalendarEvent[], now = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Fangtiao//Expert consultations//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsTime(now)}`,
      `LAST-MODIFIED:${icsTime(e.updated)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
      `STATUS:${e.status}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
