import type { Core } from '@strapi/strapi';
import { scopeFilter, shanghaiStamp, type Level } from '@fangtiao/kernel/pure';
import { MEASURE_TARGET_UID } from './schema';
import { errors } from '@strapi/utils';
import type ExcelJSType from 'exceljs';
import {
  MEASURES,
  MEASURE_KEYS,
  figure,
  measureDef,
  meets,
  resolveTargets,
  targetLabel,
  targetsFromRows,
  type TargetRow,
  targetValue,
  type Ledger,
  type MeasureDef,
  type MeasureKey,
  type TargetSpec,
} from '../definitions';
import { PERIOD_KINDS, parsePeriod, periodOf, trailingPeriods, yearAgoPeriod, type Period, type PeriodKind } from '../periods';
import { measureSql, type Scope, type Window } from './queries';
import { measureAggregates } from './aggregates';
import { LEDGER_COLUMNS } from '../ledger-columns';

export type MeasureScope = { level: string; code: string; name?: string } | null;

const LEDGERS: Ledger[] = ['petitions', 'visits', 'moves'];
const ROW_LIMIT = 20_000;
const TREND = 4;

const STATE_LABELS: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  not_accepted: '不予受理',
  in_mediation: '调解中',
  unit_handling: '责任单位办理',
  referred_legal: '导入法定途径',
  leader_handling: '领导包案',
  concluded: '已办结',
  review_requested: '复查申请中',
  reviewed: '已复查',
  re_review_requested: '复核申请中',
  final: '复核终结',
  closed: '已结案',
};
const LEVEL_LABELS: Record<string, string> = {
  village: '村',
  township: '乡镇',
  county: '县',
  city: '市',
  province: '省',
  national: '国家',
};
const RESULT_LABELS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', not_satisfied: '不满意' };

const period = (p: Period) => ({ kind: p.kind, key: p.key, label: p.label, start: p.start.toISOString(), end: p.end.toISOString() });

/** Measures (考核指标) computed live from the case records, by organisation subtree and period. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sql = () => measureSql(strapi);
  /** Defaults, then the plugin config, then what administrators set in the admin panel (考核目标). */
  const targets = async () => {
    const cfg = (strapi.plugin('fangtiao').config('measures', {}) ?? {}) as { targets?: Record<string, TargetSpec | null> };
    const rows = await strapi.db.query(MEASURE_TARGET_UID).findMany({ select: ['measure', 'kind', 'value', 'factor', 'from'] });
    return resolveTargets({ ...cfg.targets, ...targetsFromRows(rows as TargetRow[]) });
  };
  const toScope = (s: MeasureScope): Scope => (s ? { level: s.level as Level, code: s.code } : null);
  /** Windows end no later than now: a deadline still ahead has not made a backlog case yet. */
  const clamp = (p: Period, now: Date): Window => ({ start: p.start, end: p.end.getTime() > now.getTime() ? now : p.end });

  function resolvePeriod(key: unknown, kind: unknown, now: Date): Period {
    if (typeof key === 'string' && key) {
      const p = parsePeriod(key);
      if (!p)
        throw new errors.ValidationError('期间格式不正确（如 2026、2026-Q3、2026-07、2026-W05）', {
          errors: [{ path: ['period'], message: '期间格式不正确' }],
        });
      return p;
    }
    const k = (PERIOD_KINDS as string[]).includes(String(kind)) ? (kind as PeriodKind) : 'year';
    return periodOf(k, now);
  }

  return {
    resolvePeriod,

    /** The monthly aggregates' tables and the indexes their live part reads by (aggregates.ts). */
    indexes: () => measureAggregates(strapi).ensureSchema(),

    /**
     * Recounts the monthly aggregates (the nightly job `measure-aggregates`): every event before
     * the start of the Shanghai day of `now` — or `measures.liveDays` − 1 days earlier.
     */
    async refreshAggregates(now: Date = new Date()) {
      const cfg = (strapi.plugin('fangtiao').config('measures', {}) ?? {}) as { liveDays?: number };
      const agg = measureAggregates(strapi);
      return agg.refresh(agg.coverageFor(now, Number(cfg.liveDays ?? 1) || 1), now);
    },

    /** The organisation with `code` inside `within` (null = anywhere), as a scope; 404 if none. */
    async organisationScope(code: string, within: MeasureScope): Promise<MeasureScope> {
      const where: Record<string, unknown> = { code, ...(within ? scopeFilter(within as { level: Level; code: string }) : {}) };
      const org = await strapi.db.query('api::organisation.organisation').findOne({ where, select: ['code', 'level', 'name'] });
      if (!org) throw new errors.NotFoundError('组织机构不存在或不在管辖范围内');
      return { level: org.level, code: org.code, name: org.name };
    },

    /**
     * The dashboard: every measure for the period, with the previous period, the same period a
     * year earlier, the target and the trend over the last periods. Three queries in all.
     */
    async dashboard(opts: { scope: MeasureScope; period?: string; kind?: string; now?: Date; trend?: number; live?: boolean }) {
      const now = opts.now ?? new Date();
      const p = resolvePeriod(opts.period, opts.kind, now);
      const trend = trailingPeriods(p, Math.max(2, Math.min(12, opts.trend ?? TREND)));
      const yearAgo = yearAgoPeriod(p);
      const all = [...trend, yearAgo];
      const windows = all.map((x) => clamp(x, now));
      // From the monthly aggregates and the rows with recent events when they can answer (aggregates.ts), else live.
      const agg = opts.live ? null : await measureAggregates(strapi).counts(MEASURE_KEYS, windows, toScope(opts.scope));
      const counts: Record<string, { num: number; den: number }[]> = agg?.counts ?? {};
      if (!agg) {
        const q = sql();
        for (const ledger of LEDGERS) {
          const keys = MEASURES.filter((m) => m.ledger === ledger).map((m) => m.key);
          Object.assign(counts, await q.counts(ledger, keys, windows, toScope(opts.scope)));
        }
      }
      const specs = await targets();
      const cur = trend.length - 1;
      const measures = MEASURES.map((def) => {
        const fig = (i: number) => figure(def, counts[def.key][i].num, counts[def.key][i].den);
        const current = fig(cur);
        const ya = fig(all.length - 1);
        const target = targetValue(specs[def.key], p, ya.value);
        return {
          key: def.key,
          label: def.label,
          unit: def.unit,
          better: def.better,
          ledger: def.ledger,
          formula: def.formula,
          numeratorLabel: def.numeratorLabel,
          denominatorLabel: def.denominatorLabel ?? null,
          ...current,
          previous: fig(cur - 1),
          yearAgo: ya,
          target,
          targetLabel: targetLabel(specs[def.key]),
          met: meets(def, current.value, target),
          trend: trend.map((t, i) => ({ key: t.key, label: t.label, value: fig(i).value })),
        };
      });
      return {
        organisation: opts.scope,
        period: period(p),
        previous: period(trend[cur - 1]),
        yearAgo: period(yearAgo),
        computedAt: now.toISOString(),
        // Months before `until` were summed from the aggregates refreshed at `refreshedAt`; null: all computed live.
        aggregates: agg ? { until: agg.coverage.until.toISOString(), refreshedAt: agg.coverage.refreshedAt.toISOString() } : null,
        measures,
      };
    },

    /** The ledger rows behind one measure's figure (台账), flagged as counted in the numerator / denominator. */
    async rows(opts: { measure: string; scope: MeasureScope; period?: string; kind?: string; now?: Date; limit?: number }) {
      const def = measureDef(opts.measure);
      if (!def) throw new errors.NotFoundError('没有这个指标');
      const now = opts.now ?? new Date();
      const p = resolvePeriod(opts.period, opts.kind, now);
      const q = sql();
      const raw = await q.rows(def.key, clamp(p, now), toScope(opts.scope), opts.limit ?? ROW_LIMIT);
      const rows = raw.map((r) => shapeRow(def, r, q.toDate));
      const numerator = rows.filter((r) => r.inNumerator).length;
      const denominator = def.unit === 'rate' ? rows.filter((r) => r.inDenominator).length : null;
      return {
        measure: {
          key: def.key,
          label: def.label,
          unit: def.unit,
          ledger: def.ledger,
          formula: def.formula,
          numeratorLabel: def.numeratorLabel,
          denominatorLabel: def.denominatorLabel ?? null,
        },
        organisation: opts.scope,
        period: period(p),
        numerator,
        denominator,
        value: def.unit === 'rate' ? (denominator ? numerator / denominator : null) : numerator,
        truncated: raw.length >= (opts.limit ?? ROW_LIMIT),
        rows,
      };
    },

    /** XLSX: a 指标 sheet with the dashboard and one sheet of ledger rows per measure (or only `measure`). */
    async exportXlsx(opts: { scope: MeasureScope; period?: string; kind?: string; measure?: string; now?: Date }) {
      const dash = await this.dashboard({ scope: opts.scope, period: opts.period, kind: opts.kind, now: opts.now });
      // Required on first use: loading exceljs costs ~180 ms of every start.
      const ExcelJS: typeof ExcelJSType = require('exceljs');
      const wb = new ExcelJS.Workbook();
      wb.creator = '访调 Fangtiao';
      wb.created = opts.now ?? new Date();
      const ws = wb.addWorksheet('指标');
      ws.columns = [
        { header: '指标', key: 'label', width: 22 },
        { header: '本期', key: 'value', width: 12 },
        { header: '分子', key: 'numerator', width: 10 },
        { header: '分母', key: 'denominator', width: 10 },
        { header: '上期', key: 'previous', width: 12 },
        { header: '上年同期', key: 'yearAgo', width: 12 },
        { header: '目标', key: 'target', width: 12 },
        { header: '是否达标', key: 'met', width: 10 },
        { header: '计算方法', key: 'formula', width: 60 },
      ];
      ws.getRow(1).font = { bold: true };
      for (const m of dash.measures) {
        const row = ws.addRow({
          label: m.label,
          value: m.value,
          numerator: m.numerator,
          denominator: m.denominator,
          previous: m.previous.value,
          yearAgo: m.yearAgo.value,
          target: m.target,
          met: m.met === null ? '' : m.met ? '达标' : '未达标',
          formula: m.formula,
        });
        if (m.unit === 'rate') for (const k of ['value', 'previous', 'yearAgo', 'target']) row.getCell(k).numFmt = '0.0%';
      }
      ws.addRow([]);
      ws.addRow([`期间：${dash.period.label}（上期 ${dash.previous.label}，上年同期 ${dash.yearAgo.label}）`]);
      ws.addRow([
        `范围：${dash.organisation ? `${dash.organisation.name ?? ''} ${dash.organisation.code}` : '全部'}；计算时间：${shanghaiStamp(dash.computedAt)}`,
      ]);

      const defs = opts.measure ? MEASURES.filter((m) => m.key === opts.measure) : MEASURES;
      if (opts.measure && !defs.length) throw new errors.NotFoundError('没有这个指标');
      let rowCount = 0;
      for (const def of defs) {
        const r = await this.rows({ measure: def.key, scope: opts.scope, period: dash.period.key, now: opts.now });
        rowCount += r.rows.length;
        const sheet = wb.addWorksheet(def.label.slice(0, 31));
        sheet.columns = [
          ...LEDGER_COLUMNS[def.ledger].map(({ header, key, width }) => ({ header, key, width })),
          { header: `计入${def.numeratorLabel}`, key: 'inNumerator', width: 14 },
          ...(def.unit === 'rate' ? [{ header: `计入${def.denominatorLabel}`, key: 'inDenominator', width: 16 }] : []),
        ];
        sheet.getRow(1).font = { bold: true };
        for (const row of r.rows)
          sheet.addRow({ ...row, inNumerator: row.inNumerator ? '是' : '否', inDenominator: row.inDenominator ? '是' : '否' });
      }
      const buffer = Buffer.from(await wb.xlsx.writeBuffer());
      return { buffer, filename: `考核指标-${dash.period.key}.xlsx`, dashboard: dash, rowCount };
    },
  };
};

const fmt = (d: Date | null) => (d ? shanghaiStamp(d) : '');

function shapeRow(def: MeasureDef, r: any, toDate: (v: unknown) => Date | null) {
  const flags = { inNumerator: Number(r.in_numerator) === 1, inDenominator: Number(r.in_denominator) === 1 };
  if (def.ledger === 'petitions') {
    return {
      documentId: r.document_id,
      referenceNo: r.reference_no,
      subject: r.subject,
      state: r.state,
      stateLabel: STATE_LABELS[r.state] ?? r.state,
      countyCode: r.county_code,
      townshipCode: r.township_code,
      registeredAt: fmt(toDate(r.reg)),
      concludedAt: fmt(toDate(r.concl)),
      conclusionDueAt: fmt(toDate(r.cdue)),
      backlogSince: fmt(toDate(r.onset)),
      backlogClearedAt: fmt(toDate(r.cleared)),
      firstPetition: Number(r.first_petition) === 1 ? '是' : '否',
      repeatVisitAt: fmt(toDate(r.rrep)),
      returnVisit: r.rv_result ?? null,
      returnVisitLabel: r.rv_result ? (RESULT_LABELS[r.rv_result] ?? r.rv_result) : '',
      returnVisitAt: fmt(toDate(r.rv_at)),
      ...flags,
    };
  }
  if (def.ledger === 'visits') {
    return {
      documentId: r.document_id,
      petitionDocumentId: r.petition_document_id,
      referenceNo: r.reference_no,
      subject: r.subject,
      visitedAt: fmt(toDate(r.at)),
      level: r.level,
      levelLabel: LEVEL_LABELS[r.level] ?? r.level,
      headcount: Number(r.headcount ?? 1),
      isRepeat: Number(r.is_repeat) === 1,
      isLeapfrog: Number(r.is_leapfrog) === 1,
      repeatLabel: Number(r.is_repeat) === 1 ? '是' : '否',
      leapfrogLabel: Number(r.is_leapfrog) === 1 ? '是' : '否',
      countyCode: r.county_code,
      townshipCode: r.township_code,
      ...flags,
    };
  }
  return {
    petitionDocumentId: r.petition_document_id,
    referenceNo: r.reference_no,
    subject: r.subject,
    at: fmt(toDate(r.at)),
    action: r.action,
    resultLabel: r.action === 'mediation_success' ? '调解成功' : '调解失败',
    reason: r.reason ?? '',
    countyCode: r.county_code,
    townshipCode: r.township_code,
    ...flags,
  };
}

export type MeasureKeyT = MeasureKey;
