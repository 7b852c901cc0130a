/** Types (the measures contract) and small helpers of the 考核指标 dashboard page. */
import { currentPeriodKey, periodChoices, type PeriodKind } from '../../../server/src/measures/periods';

export type { Dashboard, Figure, Measure, PeriodInfo } from '../../../shared/contracts/measures';

export const fmtValue = (m: { unit: string }, v: number | null) =>
  v === null ? '—' : m.unit === 'rate' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10);

/** The key of the current period of `kind` (Shanghai calendar), as the server keys periods. */
export const currentKey = (kind: string, at = new Date()): string => currentPeriodKey(kind as PeriodKind, at);

/** The current and earlier periods of `kind` to choose from. */
export const periodOptions = (kind: string, count = 12): { key: string; label: string }[] =>
  periodChoices(kind as PeriodKind, new Date(), count);

type Get = (url: string, config?: object) => Promise<{ data: unknown }>;

/** Fetches an export through the admin's authenticated client and saves it as `filename`. */
export async function downloadExport(get: Get, url: string, filename: string) {
  const r = await get(url, { responseType: 'blob' });
  const href = URL.createObjectURL(r.data as Blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(href);
}
