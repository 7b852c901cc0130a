/**
 * The measures (考核指标) from the documents' targets: what each counts, its formula and its
 * default target. Pure: no Strapi import. The SQL that computes them is strapi/queries.ts;
 * the README's "Measures" section states the same formulas.
 */
import type { Period } from './periods';
import { shanghaiDate } from '@fangtiao/kernel/pure';

export type MeasureKey =
  | 'backlogCount'
  | 'clearanceRate'
  | 'newBacklogRate'
  | 'oneTimeResolutionRate'
  | 'satisfactionRate'
  | 'repeatRatio'
  | 'leapfrogVisits'
  | 'nationalVisits'
  | 'mediationSuccessRate'
  | 'onTimeRate'
  | 'onlineShare';

/** What the figure's ledger rows are. */
export type Ledger = 'petitions' | 'visits' | 'moves';

export type MeasureDef = {
  key: MeasureKey;
  label: string;
  unit: 'rate' | 'count';
  /** Whether a higher value is better (decides "met" against the target). */
  better: 'higher' | 'lower';
  ledger: Ledger;
  numeratorLabel: string;
  denominatorLabel?: string;
  formula: string;
};

export const MEASURES: MeasureDef[] = [
  {
    key: 'backlogCount',
    label: '信访积案数',
    unit: 'count',
    better: 'lower',
    ledger: 'petitions',
    numeratorLabel: '期末积案',
    formula: '期末（期末与当前时刻中较早者）处于积案状态的信访事项数',
  },
  {
    key: 'clearanceRate',
    label: '积案化解率',
    unit: 'rate',
    better: 'higher',
    ledger: 'petitions',
    numeratorLabel: '本期化解积案',
    denominatorLabel: '期初积案 + 本期新增积案',
    formula: '本期化解的积案 ÷（期初积案 + 本期新增积案）',
  },
  {
    key: 'newBacklogRate',
    label: '新增积案率',
    unit: 'rate',
    better: 'lower',
    ledger: 'petitions',
    numeratorLabel: '本期新增积案',
    denominatorLabel: '本期登记信访事项',
    formula: '本期成为积案的信访事项 ÷ 本期登记的信访事项',
  },
  {
    key: 'oneTimeResolutionRate',
    label: '初信初访一次性化解率',
    unit: 'rate',
    better: 'higher',
    ledger: 'petitions',
    numeratorLabel: '办结后未再信访',
    denominatorLabel: '本期办结的初信初访',
    formula: '本期办结的初信初访中办结后没有重复来访、也没有同一事项再次登记的 ÷ 本期办结的初信初访',
  },
  {
    key: 'satisfactionRate',
    label: '群众满意率',
    unit: 'rate',
    better: 'higher',
    ledger: 'petitions',
    numeratorLabel: '满意 + 基本满意',
    denominatorLabel: '本期回访',
    formula: '（满意 + 基本满意）÷ 本期回访数',
  },
  {
    key: 'repeatRatio',
    label: '重复信访率',
    unit: 'rate',
    better: 'lower',
    ledger: 'visits',
    numeratorLabel: '重复来访',
    denominatorLabel: '全部来访',
    formula: '本期重复来访 ÷ 本期全部来访',
  },
  {
    key: 'leapfrogVisits',
    label: '越级访批次',
    unit: 'count',
    better: 'lower',
    ledger: 'visits',
    numeratorLabel: '越级来访',
    formula: '本期越过责任单位及其上一级、到更高层级的来访数（履行督促来访不计）',
  },
  {
    key: 'nationalVisits',
    label: '进京访批次',
    unit: 'count',
    better: 'lower',
    ledger: 'visits',
    numeratorLabel: '国家级来访',
    formula: '本期到访层级为国家的来访数',
  },
  {
    key: 'mediationSuccessRate',
    label: '调解成功率',
    unit: 'rate',
    better: 'higher',
    ledger: 'moves',
    numeratorLabel: '调解成功',
    denominatorLabel: '调解终结（成功 + 失败）',
    formula: '本期调解成功 ÷ 本期调解终结（成功 + 失败）',
  },
  {
    key: 'onTimeRate',
    label: '按期办结率',
    unit: 'rate',
    better: 'higher',
    ledger: 'petitions',
    numeratorLabel: '按期办结',
    denominatorLabel: '本期办结',
    formula: '本期在办结期限内办结的 ÷ 本期办结的',
  },
  {
    key: 'onlineShare',
    label: '网上信访占比',
    unit: 'rate',
    better: 'higher',
    ledger: 'petitions',
    numeratorLabel: '本期网上登记',
    denominatorLabel: '本期登记信访事项',
    formula: '本期经网上渠道（群众自助或网上转入）登记的信访事项 ÷ 本期登记的信访事项',
  },
];

export const MEASURE_KEYS = MEASURES.map((m) => m.key);
export const measureDef = (key: string): MeasureDef | undefined => MEASURES.find((m) => m.key === key);

/**
 * A target: a fixed value with optional steps by period start (`from`, a Shanghai date),
 * or a factor of the same period a year earlier (`yoy`: "halved year on year" is 0.5).
 */
export type TargetSpec = { type: 'fixed'; steps: { from: string; value: number }[] } | { type: 'yoy'; factor: number };

export const DEFAULT_TARGETS: Partial<Record<MeasureKey, TargetSpec>> = {
  // 初信初访一次性化解率 90%, then 95% (from 2026).
  oneTimeResolutionRate: {
    type: 'fixed',
    steps: [
      { from: '2000-01-01', value: 0.9 },
      { from: '2026-01-01', value: 0.95 },
    ],
  },
  // 重复信访率, 越级访 and 进京访: halved year on year.
  repeatRatio: { type: 'yoy', factor: 0.5 },
  leapfrogVisits: { type: 'yoy', factor: 0.5 },
  nationalVisits: { type: 'yoy', factor: 0.5 },
  // Concluded within the legal deadline: all of them.
  onTimeRate: { type: 'fixed', steps: [{ from: '2000-01-01', value: 1 }] },
};

/** Merges configured targets over the defaults; `null` for a measure removes its target. */
export function resolveTargets(configured: Record<string, TargetSpec | null> | undefined): Partial<Record<MeasureKey, TargetSpec>> {
  const out: Partial<Record<MeasureKey, TargetSpec>> = { ...DEFAULT_TARGETS };
  for (const [k, v] of Object.entries(configured ?? {})) {
    if (!measureDef(k)) continue;
    if (v === null) delete out[k as MeasureKey];
    else out[k as MeasureKey] = v;
  }
  return out;
}

/** A target row as administrators keep it (admin panel → 考核目标): rates in percent. */
export type TargetRow = {
  measure: string;
  kind: 'fixed' | 'yoy' | 'none';
  value?: number | string | null;
  factor?: number | string | null;
  from?: string | null;
};
type RowError = { path: string[]; message: string };

/** Checks one target row; every bad field named. */
export function checkTargetRow(row: any): RowError[] {
  const errors: RowError[] = [];
  const def = measureDef(row?.measure);
  if (!def) errors.push({ path: ['measure'], message: `指标应为：${MEASURE_KEYS.join('、')}` });
  if (!['fixed', 'yoy', 'none'].includes(row?.kind))
    errors.push({ path: ['kind'], message: '目标类型应为 fixed（固定值）、yoy（同比系数）或 none（不设目标）' });
  const num = (v: unknown) => (v === null || v === undefined || v === '' ? NaN : Number(v));
  if (row?.kind === 'fixed') {
    const v = num(row.value);
    if (Number.isNaN(v) || v < 0) errors.push({ path: ['value'], message: '请填写目标值（不小于0）' });
    else if (def?.unit === 'rate' && v > 100) errors.push({ path: ['value'], message: '比率以百分数填写，应在0–100之间' });
  }
  if (row?.kind === 'yoy') {
    const f = num(row.factor);
    if (Number.isNaN(f) || f <= 0 || f > 10) errors.push({ path: ['factor'], message: '同比系数应大于0（如 0.5 表示同比减半）' });
  }
  if (row?.from && !/^\d{4}-\d{2}-\d{2}/.test(String(row.from))) errors.push({ path: ['from'], message: '起始日期应为 YYYY-MM-DD' });
  return errors;
}

/**
 * The targets administrators set, as specs: a measure with any row is decided by its rows —
 * `none` removes its target, `yoy` sets a factor, `fixed` rows are steps by their start date.
 */
export function targetsFromRows(rows: TargetRow[]): Record<string, TargetSpec | null> {
  const out: Record<string, TargetSpec | null> = {};
  const by = new Map<string, TargetRow[]>();
  for (const r of rows) if (measureDef(r.measure) && !checkTargetRow(r).length) by.set(r.measure, [...(by.get(r.measure) ?? []), r]);
  for (const [key, list] of by) {
    const def = measureDef(key)!;
    const latest = [...list].sort((a, b) => String(a.from ?? '').localeCompare(String(b.from ?? ''))).at(-1)!;
    if (latest.kind === 'none') out[key] = null;
    else if (latest.kind === 'yoy') out[key] = { type: 'yoy', factor: Number(latest.factor) };
    else {
      const steps = list
        .filter((r) => r.kind === 'fixed')
        .map((r) => ({
          from: String(r.from ?? '2000-01-01').slice(0, 10),
          value: def.unit === 'rate' ? Number(r.value) / 100 : Number(r.value),
        }));
      out[key] = { type: 'fixed', steps };
    }
  }
  return out;
}

/** The target value for `period`, given the same period's value a year earlier (for `yoy`). Null: no target. */
export function targetValue(spec: TargetSpec | undefined, period: Period, yearAgoValue: number | null): number | null {
  if (!spec) return null;
  if (spec.type === 'yoy') return yearAgoValue === null ? null : yearAgoValue * spec.factor;
  const day = shanghaiDate(period.start);
  let value: number | null = null;
  for (const s of [...spec.steps].sort((a, b) => a.from.localeCompare(b.from))) if (s.from <= day) value = s.value;
  return value;
}

export function targetLabel(spec: TargetSpec | undefined): string {
  if (!spec) return '';
  if (spec.type === 'yoy') return spec.factor === 0.5 ? '同比减半' : `不高于上年同期 × ${spec.factor}`;
  return '';
}

/** Whether the value meets the target (≥ for higher-is-better, ≤ for lower). Null when either is missing. */
export function meets(def: MeasureDef, value: number | null, target: number | null): boolean | null {
  if (value === null || target === null) return null;
  const eps = 1e-9;
  return def.better === 'higher' ? value >= target - eps : value <= target + eps;
}

/** numerator ÷ denominator, or null when nothing was counted. */
export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export type Figure = { numerator: number; denominator: number | null; value: number | null };

/** A figure from its counts: a rate is num/den, a count is num. */
export function figure(def: MeasureDef, numerator: number, denominator: number): Figure {
  return def.unit === 'count'
    ? { numerator, denominator: null, value: numerator }
    : { numerator, denominator, value: ratio(numerator, denominator) };
}
