/**
 * Delivery (送达) of what a credit flag puts in writing — the notice and every decision — pure.
 * A person can only object to what reached them, so the objection window runs from the
 * notice's delivery, and a flag cannot go active before that window (counted from delivery)
 * has closed. Four methods, each with its proof; the date; who delivered; the receipt scan
 * (a file, optional, stored by the service).
 */
import { shanghaiDate, toDate, type DateInput } from '@fangtiao/kernel/pure';
import type { Calendar } from '../hearings/calendar';

export const DELIVERY_METHODS = {
  'in-person': '直接送达（签收）',
  post: '邮寄送达',
  electronic: '电子送达',
  announcement: '公告送达',
} as const;
export type DeliveryMethod = keyof typeof DELIVERY_METHODS;

/** What is delivered: the notice, the objection decision, the repair decision. */
export const DELIVERABLES = {
  notice: '拟纳入失信记录告知书',
  'objection-decision': '异议处理决定',
  'repair-decision': '信用修复决定',
} as const;
export type Deliverable = keyof typeof DELIVERABLES;

/** The proof each method needs, besides the date: field → label. */
export const DELIVERY_PROOF: Record<DeliveryMethod, { key: string; label: string }> = {
  'in-person': { key: 'recipient', label: '签收人' },
  post: { key: 'trackingNumber', label: '邮件单号' },
  electronic: { key: 'confirmation', label: '送达确认（电子回执或当事人确认方式）' },
  announcement: { key: 'failedAttempts', label: '此前送达未成功的情况' },
};

/** Working days after issue within which delivery is expected; later it is overdue (a warning, not a block). */
export const DELIVERY_WORKING_DAYS = 5;

/** End of the last working day allowed for delivery after issue, on the office's work calendar. */
export function deliveryDueAt(calendar: Calendar, issuedAt: DateInput): Date {
  return new Date(calendar.earliestAfterNotice(toDate(issuedAt).getTime(), DELIVERY_WORKING_DAYS) + 86_400_000 - 1);
}

/** The flag's facts a delivery reads: when each writing was issued and whether it was delivered. */
export interface DeliveryFacts {
  notifiedAt?: DateInput | null;
  noticeDeliveredAt?: DateInput | null;
  objectionDecidedAt?: DateInput | null;
  objectionDecisionDeliveredAt?: DateInput | null;
  repairDecidedAt?: DateInput | null;
  repairDecisionDeliveredAt?: DateInput | null;
}

export const ISSUED_FIELD: Record<Deliverable, keyof DeliveryFacts> = {
  notice: 'notifiedAt',
  'objection-decision': 'objectionDecidedAt',
  'repair-decision': 'repairDecidedAt',
};
export const DELIVERED_FIELD: Record<Deliverable, keyof DeliveryFacts> = {
  notice: 'noticeDeliveredAt',
  'objection-decision': 'objectionDecisionDeliveredAt',
  'repair-decision': 'repairDecisionDeliveredAt',
};

export interface DeliveryEntry {
  of: Deliverable;
  method: DeliveryMethod;
  deliveredAt: string;
  proof: string;
  note: string | null;
  recordedAt: string;
}

export type DeliveryRefusal = { ok: false; status: 400 | 409; reason: string; fields?: string[] };
export type DeliveryPlan = {
  ok: true;
  entry: Omit<DeliveryEntry, 'recordedAt'> & { recordedAt: string };
  deliveredField: keyof DeliveryFacts;
};

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const isOwn = <T extends object>(o: T, k: unknown): k is keyof T => typeof k === 'string' && Object.prototype.hasOwnProperty.call(o, k);

/**
 * Whether `of` has been issued and not yet delivered (a repair decided again needs a new delivery).
 * Compared by Shanghai day: a delivery recorded by its date alone (that day's midnight) on the day
 * of issue is a delivery of that issue, not an earlier one.
 */
export function awaitingDelivery(of: Deliverable, f: DeliveryFacts): boolean {
  const issued = f[ISSUED_FIELD[of]];
  const delivered = f[DELIVERED_FIELD[of]];
  return !!issued && (!delivered || shanghaiDate(delivered) < shanghaiDate(issued));
}

/**
 * Records that `of` reached the person: 400 naming every bad field, 409 when there is nothing
 * to deliver (not issued yet, or delivered already).
 */
export function planDelivery(
  input: Record<string, unknown> | null | undefined,
  f: DeliveryFacts,
  now: DateInput,
): DeliveryPlan | DeliveryRefusal {
  const i = input ?? {};
  const problems: { field: string; message: string }[] = [];
  if (!isOwn(DELIVERABLES, i.of)) problems.push({ field: 'of', message: `送达文书应为${Object.values(DELIVERABLES).join('、')}之一` });
  if (!isOwn(DELIVERY_METHODS, i.method))
    problems.push({ field: 'method', message: `送达方式应为${Object.values(DELIVERY_METHODS).join('、')}之一` });
  const at = text(i.deliveredAt);
  // A date alone is that day in Shanghai.
  const atMs = at ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00+08:00` : at) : NaN;
  if (!at) problems.push({ field: 'deliveredAt', message: '请填写送达日期' });
  else if (Number.isNaN(atMs)) problems.push({ field: 'deliveredAt', message: '送达日期格式不正确' });
  else if (shanghaiDate(new Date(atMs)) > shanghaiDate(now)) problems.push({ field: 'deliveredAt', message: '送达日期不能晚于今天' });
  const proofSpec = isOwn(DELIVERY_METHODS, i.method) ? DELIVERY_PROOF[i.method] : null;
  // The proof under its own name, or as `proof` (the desk's one field for it).
  const proofKey = proofSpec && i[proofSpec.key] === undefined && i.proof !== undefined ? 'proof' : proofSpec?.key;
  const proof = proofSpec ? text(i[proofKey!]) : null;
  if (proofSpec && !proof)
    problems.push({ field: proofKey!, message: `${DELIVERY_METHODS[i.method as DeliveryMethod]}须填写${proofSpec.label}` });
  if (problems.length)
    return { ok: false, status: 400, reason: problems.map((p) => p.message).join('；'), fields: problems.map((p) => p.field) };

  const of = i.of as Deliverable;
  const issued = f[ISSUED_FIELD[of]];
  if (!issued) return { ok: false, status: 409, reason: `${DELIVERABLES[of]}尚未作出，无可送达` };
  if (!awaitingDelivery(of, f))
    return { ok: false, status: 409, reason: `${DELIVERABLES[of]}已于${shanghaiDate(f[DELIVERED_FIELD[of]]!)}送达，不能重复登记` };
  if (shanghaiDate(new Date(atMs)) < shanghaiDate(issued)) {
    return {
      ok: false,
      status: 400,
      reason: `送达日期不能早于${DELIVERABLES[of]}作出之日（${shanghaiDate(issued)}）`,
      fields: ['deliveredAt'],
    };
  }
  return {
    ok: true,
    deliveredField: DELIVERED_FIELD[of],
    entry: {
      of,
      method: i.method as DeliveryMethod,
      deliveredAt: new Date(atMs).toISOString(),
      proof: proof!,
      note: text(i.note),
      recordedAt: toDate(now).toISOString(),
    },
  };
}

/**
 * Writings issued but not delivered within the working days allowed: `dueBy(issuedAt)` is the
 * end of the last working day (the service counts them on the office's work calendar).
 */
export function overdueDeliveries(
  f: DeliveryFacts,
  now: DateInput,
  dueBy: (issuedAt: DateInput) => Date,
): { of: Deliverable; dueAt: string; reason: string }[] {
  const out: { of: Deliverable; dueAt: string; reason: string }[] = [];
  for (const of of Object.keys(DELIVERABLES) as Deliverable[]) {
    if (!awaitingDelivery(of, f)) continue;
    const due = dueBy(f[ISSUED_FIELD[of]]!);
    if (toDate(now).getTime() > due.getTime()) {
      out.push({
        of,
        dueAt: due.toISOString(),
        reason: `${DELIVERABLES[of]}作出已超过${DELIVERY_WORKING_DAYS}个工作日（应于${shanghaiDate(due)}前送达）仍未登记送达`,
      });
    }
  }
  return out;
}

/** The desk's form for a delivery, in the shape of a move's fields (one `proof` field for every method). */
export function deliveryFields(awaiting: Deliverable[]) {
  const choice = (key: string, label: string, options: Record<string, string>) => ({
    key,
    label,
    kind: 'choice' as const,
    required: true,
    store: key,
    options,
  });
  const textField = (key: string, label: string, required = true) => ({ key, label, kind: 'text' as const, required, store: key });
  return [
    choice('of', '送达文书', Object.fromEntries(awaiting.map((d) => [d, DELIVERABLES[d]]))),
    choice('method', '送达方式', { ...DELIVERY_METHODS }),
    textField('deliveredAt', '送达日期（YYYY-MM-DD）'),
    textField('proof', '送达凭证（签收人、邮件单号、电子送达确认，或公告前送达未成功的情况）'),
    textField('note', '备注', false),
  ];
}

/** What was issued and awaits delivery. */
export const awaitingDeliveries = (f: DeliveryFacts): Deliverable[] =>
  (Object.keys(DELIVERABLES) as Deliverable[]).filter((d) => awaitingDelivery(d, f));
