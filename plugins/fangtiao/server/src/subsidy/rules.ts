/**
 * 以案定补 — the per-case subsidy for mediators, pure: the case's complexity, the rate that
 * applies, the month it is booked in, and the monthly ledger's totals. No Strapi import.
 */
import { shanghaiDate } from '@fangtiao/kernel/pure';

export const COMPLEXITIES = { ordinary: '一般', difficult: '疑难复杂' } as const;
export type Complexity = keyof typeof COMPLEXITIES;

/** A case marked difficult (疑难复杂) at registration or since is paid at the difficult rate. */
export const complexityOf = (p: { isDifficult?: boolean | null }): Complexity => (p.isDifficult ? 'difficult' : 'ordinary');

export interface Rate {
  /** The case type's documentId, or null for the rate of every type without its own. */
  caseType: string | null;
  complexity: Complexity;
  amount: number;
  active?: boolean | null;
}

/** The case type's own rate for the complexity, else the general one; null when the admins set none. */
export function rateFor(rates: Rate[], caseType: string | null | undefined, complexity: Complexity): number | null {
  const live = rates.filter((r) => r.active !== false && r.complexity === complexity);
  const own = caseType ? live.find((r) => r.caseType === caseType) : undefined;
  const general = live.find((r) => !r.caseType);
  const hit = own ?? general;
  return hit ? Number(hit.amount) : null;
}

/** The ledger month of a conclusion, in Beijing time (YYYY-MM): 31 March 17:00 UTC is April. */
export const monthOf = (concludedAt: Date | string) => shanghaiDate(concludedAt).slice(0, 7);

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface LedgerRow {
  mediatorName: string;
  amount: number;
}

/** Per mediator: the number of cases and the sum, in yuan to the fen; and the grand total. */
export function ledgerTotals(rows: LedgerRow[]) {
  const by = new Map<string, { mediatorName: string; cases: number; amount: number }>();
  for (const r of rows) {
    const t = by.get(r.mediatorName) ?? { mediatorName: r.mediatorName, cases: 0, amount: 0 };
    t.cases += 1;
    t.amount = Math.round((t.amount + Number(r.amount)) * 100) / 100;
    by.set(r.mediatorName, t);
  }
  const mediators = [...by.values()].sort((a, b) => a.mediatorName.localeCompare(b.mediatorName, 'zh'));
  return { mediators, cases: rows.length, amount: Math.round(rows.reduce((s, r) => s + Number(r.amount) * 100, 0)) / 100 };
}
