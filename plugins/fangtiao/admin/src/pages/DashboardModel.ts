/** Types and small helpers of the 考核指标 dashboard page (mirrors the server's measures service). */
import { currentPeriodKey, periodChoices, type PeriodKind } from '../../../server/src/measures/periods';

export type Figure = { numerator: number; denominator: number | null; value: number | null };
export type Measure = Figure & {
  key: string;
  label: string;
  unit: 'rate' | 'count';
  better: 'higher' | 'lower';
  ledger: 'petitions' | 'visits' | 'moves';
  formula: string;
  numeratorLabel: string;
  denominatorLabel: string | null;
  previous: Figure;
  yearAgo: Figure;
  target: number | null;
  targetLabel: string;
  met: boolean | null;
  trend: { key: string; label: string; value: number | null }[];
};
export type PeriodInfo = { kind: string; key: string; label: string; start: string; end: string };
export type Dashboard = {
  organisation: { level: string; code: string; name?: string } | null;
  period: PeriodInfo;
  previous: PeriodInfo;
  yearAgo: PeriodInfo;
  computedAt: string;
  measures: Measure[];
};

export const fmtValue = (m: { unit: string }, v: number | null) =>
  v === null ? '—' : m.unit === 'rate' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10);

/** The key of the current period of `kind` (Shanghai calendar), as the server keys periods. */
export const currentKey = (kind: string, at = new Date()): string => currentPeriodKey(kind as PeriodKind, at);

/** The current and earlier periods of `kind` to choose from. */
export const periodOptions = (kind: string, count = 12): { key: string; label: string }[] => periodChoices(kind as PeriodKind, new Date(), count);
