/** Types and small helpers of the 考核指标 dashboard page (mirrors the server's measures service). */
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

const shanghai = (d = new Date()) => new Date(d.getTime() + 8 * 3600_000);
const pad = (n: number) => String(n).padStart(2, '0');

function isoWeek(d: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - dow + 3); // Thursday of this week
  const year = day.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round((day.getTime() - jan4.getTime()) / 86400000 / 7 - ((jan4.getUTCDay() + 6) % 7) / 7 + 3 / 7);
  return { year, week };
}

/** The key of the current period of `kind` (Shanghai calendar). */
export function currentKey(kind: string, at = new Date()): string {
  const s = shanghai(at);
  const y = s.getUTCFullYear();
  if (kind === 'year') return String(y);
  if (kind === 'quarter') return `${y}-Q${Math.floor(s.getUTCMonth() / 3) + 1}`;
  if (kind === 'month') return `${y}-${pad(s.getUTCMonth() + 1)}`;
  const w = isoWeek(s);
  return `${w.year}-W${pad(w.week)}`;
}

/** The current and earlier periods of `kind` to choose from. */
export function periodOptions(kind: string, count = 12): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  const s = shanghai();
  for (let i = 0; i < count; i += 1) {
    let key: string;
    let label: string;
    if (kind === 'year') {
      key = String(s.getUTCFullYear() - i);
      label = `${key}年`;
    } else if (kind === 'quarter') {
      const q = Math.floor(s.getUTCMonth() / 3) - i;
      const y = s.getUTCFullYear() + Math.floor(q / 4);
      const qq = ((q % 4) + 4) % 4 + 1;
      key = `${y}-Q${qq}`;
      label = `${y}年第${qq}季度`;
    } else if (kind === 'month') {
      const m = s.getUTCMonth() - i;
      const y = s.getUTCFullYear() + Math.floor(m / 12);
      const mm = ((m % 12) + 12) % 12 + 1;
      key = `${y}-${pad(mm)}`;
      label = `${y}年${mm}月`;
    } else {
      const w = isoWeek(new Date(s.getTime() - i * 7 * 86400000));
      key = `${w.year}-W${pad(w.week)}`;
      label = `${w.year}年第${w.week}周`;
    }
    out.push({ key, label });
  }
  return out;
}
