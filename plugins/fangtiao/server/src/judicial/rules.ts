/**
 * Judicial confirmation (司法确认) of a people's mediation agreement — pure rules, no Strapi.
 * 人民调解法 art. 33 and 民事诉讼法 arts. 205–206: the parties apply jointly to the basic
 * people's court where the committee sits, within 30 days of the agreement taking effect.
 */
import { dueAfter, isWithin, shanghaiDate, shanghaiDayNumber, type DateInput } from '@fangtiao/kernel/pure';

/** Days to apply, from the day after the agreement takes effect (民法典 art. 201: the first day is not counted). */
export const APPLICATION_DAYS = 30;

/** Reminders go out when this many Shanghai calendar days are left (0 = the last day). */
export const REMINDER_MARKS = [7, 2] as const;

export const RULING_OUTCOMES = ['confirmed', 'rejected'] as const;
export type RulingOutcome = (typeof RULING_OUTCOMES)[number];
export const RULING_OUTCOME_LABELS: Record<RulingOutcome, string> = { confirmed: '裁定确认调解协议有效', rejected: '裁定驳回申请' };

/** Printed when the committee has no court name set. */
export const DEFAULT_COURT = '调解组织所在地基层人民法院';

/** The last moment to apply: 23:59:59.999 Beijing time of the 30th day after the day the agreement took effect. */
export function applicationDeadline(effectiveAt: DateInput): Date {
  return dueAfter(effectiveAt, APPLICATION_DAYS);
}

/** Why no application may be made now (409), or null when it may. */
export function windowRefusal(effectiveAt: DateInput | null | undefined, now: DateInput): string | null {
  if (!effectiveAt) return '调解协议尚未生效（调解成功后才能申请司法确认）';
  const due = applicationDeadline(effectiveAt);
  if (isWithin(due, now)) return null;
  return `申请司法确认应自调解协议生效之日（${shanghaiDate(effectiveAt)}）起三十日内提出，期限已于${shanghaiDate(due)}届满`;
}

/** The court printed on the application: the committee's own setting, else the default wording. */
export function courtName(committeeCourt: string | null | undefined): string {
  const c = (committeeCourt ?? '').trim();
  return c || DEFAULT_COURT;
}

/**
 * The reminder mark due now, or null: the smallest mark not yet sent whose day has come,
 * while the window is open and nothing is filed. A job that missed a day still sends the
 * nearer mark once (not both).
 */
export function reminderDue(
  facts: { effectiveAt?: DateInput | null; filedAt?: DateInput | null; sent?: number[] | null },
  now: DateInput,
): number | null {
  if (!facts.effectiveAt || facts.filedAt) return null;
  const left = shanghaiDayNumber(applicationDeadline(facts.effectiveAt)) - shanghaiDayNumber(now);
  if (left < 0) return null;
  const sent = facts.sent ?? [];
  const reached = REMINDER_MARKS.filter((m) => left <= m);
  if (!reached.length) return null;
  const nearest = Math.min(...reached);
  return sent.some((s) => s <= nearest) ? null : nearest;
}

export type FieldProblem = { path: string[]; message: string };

const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Checks a filing (立案): date, court, case number — every bad field at once. */
export function filingProblems(input: Record<string, any>, facts: { effectiveAt: DateInput }, now: DateInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isDay(input.filedAt)) out.push({ path: ['filedAt'], message: '立案日期必填，格式为YYYY-MM-DD' });
  else if (input.filedAt < shanghaiDate(facts.effectiveAt)) out.push({ path: ['filedAt'], message: '立案日期不能早于调解协议生效日期' });
  else if (input.filedAt > shanghaiDate(now)) out.push({ path: ['filedAt'], message: '立案日期不能晚于今天' });
  if (typeof input.court !== 'string' || !input.court.trim() || input.court.length > 100)
    out.push({ path: ['court'], message: '受理法院必填（100字以内）' });
  if (typeof input.caseNumber !== 'string' || !input.caseNumber.trim() || input.caseNumber.length > 60)
    out.push({ path: ['caseNumber'], message: '案号必填（60字以内）' });
  return out;
}

/** Checks a ruling (裁定): date and outcome; a ruling needs a filing first (the caller gives 409). */
export function rulingProblems(input: Record<string, any>, facts: { filedAt: string }, now: DateInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isDay(input.ruledAt)) out.push({ path: ['ruledAt'], message: '裁定日期必填，格式为YYYY-MM-DD' });
  else if (input.ruledAt < facts.filedAt) out.push({ path: ['ruledAt'], message: '裁定日期不能早于立案日期' });
  else if (input.ruledAt > shanghaiDate(now)) out.push({ path: ['ruledAt'], message: '裁定日期不能晚于今天' });
  if (!RULING_OUTCOMES.includes(input.outcome))
    out.push({ path: ['outcome'], message: '裁定结果应为 confirmed（确认有效）或 rejected（驳回申请）' });
  if (input.note != null && (typeof input.note !== 'string' || input.note.length > 500))
    out.push({ path: ['note'], message: '说明应为500字以内的文字' });
  return out;
}
