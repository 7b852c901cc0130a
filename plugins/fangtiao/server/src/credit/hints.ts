/**
 * What the credit module tells a clerk without deciding anything: which flags go to the public
 * platform (isExportable) and where grounds MAY exist (creditHints). Pure.
 */
import { isWithin, parseWrittenDate, shanghaiDate, shanghaiDayNumber, toDate, type DateInput } from '@fangtiao/kernel/pure';
import type { EvidenceRef } from './proposal';

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
export const HINT_NOTICE =
  '以下仅为提示：可能存在失信情形，须由信访干部核实事实后决定是否提请，并经其他审核员审核、告知当事人并听取异议。系统不会自动提请或认定失信记录。';

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
    const overdue = (f.terms ?? [])
      .map((t, i) => ({ ...t, state: found.get(i) }))
      .filter((t) => {
        if (t.state === 'performed') return false;
        const due = parseWrittenDate(t.byWhen, year);
        return !!due && shanghaiDayNumber(`${due}T00:00:00+08:00`) < today;
      });
    const confirmed = overdue.filter((t) => t.state === 'not_performed' || t.state === 'partly');
    if (overdue.length) {
      hints.push({
        groundCode: GROUND_CODES.agreementNotPerformed,
        message:
          `调解协议约定的履行期限已过（${overdue.map((t) => `${t.what ?? '约定事项'}：${t.byWhen}`).join('；')}），` +
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
