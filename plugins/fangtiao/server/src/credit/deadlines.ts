/**
 * Each open step of a flag with its deadline and who must act — pure. The desk shows this list
 * as it is (程序期限), so the rules of who acts by when live in one place; the reminder job reads
 * the same dates.
 */
import { toDate, type DateInput } from '@fangtiao/kernel/pure';
import { DAY_MS } from '@fangtiao/kernel/pure';
import type { Calendar } from '../hearings/calendar';
import { DELIVERABLES, ISSUED_FIELD, awaitingDelivery, type Deliverable, type DeliveryFacts } from './delivery';

export interface DeadlineFacts extends DeliveryFacts {
  state?: string | null;
  objectionDeadline?: DateInput | null;
  objectionReviewDueAt?: DateInput | null;
  repairAppliedAt?: DateInput | null;
}

export interface Deadline {
  key: 'delivery' | 'objection-window' | 'objection-decision' | 'repair-decision';
  /** For a delivery: what is to be delivered. */
  of?: Deliverable;
  label: string;
  dueAt: string | null;
  /** Who must act, in words. */
  who: string;
  overdue: boolean;
}

/** The independent decider of an objection, in words (as the rules require it). */
export const OBJECTION_DECIDER = '信用审核员（既非提请人也非审核通过人；本单位没有的，由上一级单位的审核员）';

/**
 * What is open now, in the order it must happen: deliveries due (`deliveryDue(issuedAt)` is the
 * end of the last working day), the objection window, the objection decision, a repair decision.
 */
export function openDeadlines(f: DeadlineFacts, now: DateInput, deliveryDue: (issuedAt: DateInput) => Date): Deadline[] {
  const t = toDate(now).getTime();
  const out: Deadline[] = [];
  const late = (due: DateInput | null | undefined) => !!due && t > toDate(due).getTime();
  for (const of of Object.keys(DELIVERABLES) as Deliverable[]) {
    if (!awaitingDelivery(of, f)) continue;
    const due = deliveryDue(f[ISSUED_FIELD[of]]!).toISOString();
    out.push({
      key: 'delivery',
      of,
      label: `${DELIVERABLES[of]}送达`,
      dueAt: due,
      who: '信访干部或信用审核员（送达当事人并登记送达）',
      overdue: late(due),
    });
  }
  if (f.state === 'notified') {
    const due = f.objectionDeadline ? toDate(f.objectionDeadline).toISOString() : null;
    out.push({
      key: 'objection-window',
      label: due ? '异议期届满' : '异议期（自告知书送达之日起计算）',
      dueAt: due,
      who: '当事人或其代理律师（可到管辖范围内任一单位当面提出，或网上提出）',
      overdue: false,
    });
  }
  if (f.state === 'objected' && f.objectionReviewDueAt) {
    out.push({
      key: 'objection-decision',
      label: '异议审查决定',
      dueAt: toDate(f.objectionReviewDueAt).toISOString(),
      who: OBJECTION_DECIDER,
      overdue: late(f.objectionReviewDueAt),
    });
  }
  if (f.state === 'active' && f.repairAppliedAt && !f.repairDecidedAt) {
    out.push({ key: 'repair-decision', label: '信用修复审核', dueAt: null, who: '信用审核员（提请人以外）', overdue: false });
  }
  return out;
}

/** Working days before the objection decision is due when the decider is reminded. */
export const DECISION_REMINDER_WORKING_DAYS = 2;

/**
 * Whether an objection decision due at `dueAt` falls due within the next `days` working days
 * (counted from `now`, that day not counted) and is not yet past: time to remind the decider.
 */
export function decisionDueSoon(dueAt: DateInput, now: DateInput, calendar: Calendar, days = DECISION_REMINDER_WORKING_DAYS): boolean {
  const t = toDate(now).getTime();
  const due = toDate(dueAt).getTime();
  if (due < t) return false;
  return due <= calendar.earliestAfterNotice(t, days) + DAY_MS - 1;
}
