/**
 * 履行回访 — after the agreement, pure: which agreed terms are followed up and when, and what
 * the mediator may record. No Strapi import: the service loads, calls these, saves.
 */
import { parseWrittenDate, refusal, shanghaiDate, type Refusal } from '@fangtiao/kernel/pure';

export const PERFORMANCE_RESULTS = { performed: '已履行', partly: '部分履行', not_performed: '未履行' } as const;
export type PerformanceResult = keyof typeof PERFORMANCE_RESULTS;
export const PERFORMANCE_STATES = ['pending', 'due', ...Object.keys(PERFORMANCE_RESULTS)] as const;
export type PerformanceState = (typeof PERFORMANCE_STATES)[number];
export const PERFORMANCE_STATE_LABELS: Record<PerformanceState, string> = { pending: '未到期', due: '待回访确认', ...PERFORMANCE_RESULTS };

export interface AgreedTerm {
  what?: string | null;
  obligor?: string | null;
  byWhen?: string | null;
}

export interface PlannedCheck {
  termIndex: number;
  what: string;
  obligor: string | null;
  /** The Shanghai calendar day the term falls due (YYYY-MM-DD). */
  dueDate: string;
}

/**
 * One follow-up per agreed term with a performance date, read as people write it; dates
 * without a year are in the year of the agreement. A term without a date has no follow-up.
 */
export function plannedChecks(terms: AgreedTerm[] | null | undefined, agreedYear: number): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  (terms ?? []).forEach((t, termIndex) => {
    const dueDate = parseWrittenDate(t?.byWhen, agreedYear);
    if (dueDate) out.push({ termIndex, what: String(t?.what ?? '约定事项'), obligor: t?.obligor ?? null, dueDate });
  });
  return out;
}

/** A term falls due on its day, in Beijing time: from 16:00 UTC the day before. */
export const fallsDue = (dueDate: string, now: Date) => shanghaiDate(now) >= dueDate;

/** Whether the mediator may record a result now; a recorded result is final (a new contact is a visit). */
export function canRecord(state: PerformanceState, result: unknown): Refusal | null {
  if (typeof result !== 'string' || !(result in PERFORMANCE_RESULTS)) {
    return refusal(400, '履行情况应为已履行（performed）、部分履行（partly）或未履行（not_performed）', ['result']);
  }
  if (state !== 'pending' && state !== 'due') return refusal(409, `该履行事项已确认为${PERFORMANCE_STATE_LABELS[state]}`);
  return null;
}

/** Non-performance (in whole or in part) is what the credit module's hint and a clerk's proposal may cite. */
export const isNonPerformance = (state: string) => state === 'not_performed' || state === 'partly';
