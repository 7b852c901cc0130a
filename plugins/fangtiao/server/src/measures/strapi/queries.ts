/**
 * The measures as set-based SQL: one aggregate query per ledger (petitions, visits, moves)
 * computes every measure of that ledger for every requested window at once with
 * SUM(CASE WHEN …). The drill-down selects the rows behind one window with the same
 * conditions, so the rows always add up to the figure. Works on SQLite (datetimes stored
 * as epoch milliseconds) and PostgreSQL (timestamptz); table and column names come from
 * Strapi's metadata.
 */
import type { Core } from '@strapi/strapi';
import { caseSql, type CaseSql, type SqlScope } from '@fangtiao/kernel';
import type { Ledger, MeasureKey } from '../definitions';
import { dbNames } from '../../utils/db-names';

export type Window = { start: Date; end: Date };
/** An organisation's level and code; null = everything (admin panel, jobs). Checked by the kernel's caseSql. */
export type Scope = SqlScope;

type Cond = { num: (w: Lit) => string; den: ((w: Lit) => string) | null; ledger: Ledger };
type Lit = { s: string; e: string; sIso: string; eIso: string };

const UIDS = { petition: 'api::petition.petition', visit: 'api::visit.visit', move: 'api::petition-move.petition-move' };

/** Each measure's numerator and denominator, over the derived columns of its ledger's base query. */
export const CONDITIONS: Record<MeasureKey, Cond> = {
  backlogCount: {
    ledger: 'petitions',
    num: (w) => `(b.onset < ${w.e} AND (b.cleared IS NULL OR b.cleared >= ${w.e}))`,
    den: null,
  },
  clearanceRate: {
    ledger: 'petitions',
    num: (w) => `(b.cleared >= ${w.s} AND b.cleared < ${w.e})`,
    den: (w) => `(b.onset < ${w.e} AND (b.cleared IS NULL OR b.cleared >= ${w.s}))`,
  },
  onlineShare: {
    ledger: 'petitions',
    num: (w) => `(b.reg >= ${w.s} AND b.reg < ${w.e} AND b.channel = 'online')`,
    den: (w) => `(b.reg >= ${w.s} AND b.reg < ${w.e})`,
  },
  newBacklogRate: {
    ledger: 'petitions',
    num: (w) => `(b.onset >= ${w.s} AND b.onset < ${w.e})`,
    den: (w) => `(b.reg >= ${w.s} AND b.reg < ${w.e})`,
  },
  oneTimeResolutionRate: {
    ledger: 'petitions',
    num: (w) => `(b.first_petition = 1 AND b.concl >= ${w.s} AND b.concl < ${w.e} AND b.rrep IS NULL AND b.repeated = 0)`,
    den: (w) => `(b.first_petition = 1 AND b.concl >= ${w.s} AND b.concl < ${w.e})`,
  },
  satisfactionRate: {
    ledger: 'petitions',
    num: (w) => `(b.rv_at >= ${w.sIso} AND b.rv_at < ${w.eIso} AND b.rv_result IN ('satisfied', 'basically_satisfied'))`,
    den: (w) => `(b.rv_at >= ${w.sIso} AND b.rv_at < ${w.eIso})`,
  },
  onTimeRate: {
    ledger: 'petitions',
    num: (w) => `(b.concl >= ${w.s} AND b.concl < ${w.e} AND b.cdue IS NOT NULL AND b.concl <= b.cdue)`,
    den: (w) => `(b.concl >= ${w.s} AND b.concl < ${w.e})`,
  },
  repeatRatio: {
    ledger: 'visits',
    num: (w) => `(b.at >= ${w.s} AND b.at < ${w.e} AND b.is_repeat = 1)`,
    den: (w) => `(b.at >= ${w.s} AND b.at < ${w.e})`,
  },
  leapfrogVisits: {
    ledger: 'visits',
    num: (w) => `(b.at >= ${w.s} AND b.at < ${w.e} AND b.is_leapfrog = 1)`,
    den: null,
  },
  nationalVisits: {
    ledger: 'visits',
    num: (w) => `(b.at >= ${w.s} AND b.at < ${w.e} AND b.level = 'national')`,
    den: null,
  },
  mediationSuccessRate: {
    ledger: 'moves',
    num: (w) => `(b.at >= ${w.s} AND b.at < ${w.e} AND b.action = 'mediation_success')`,
    den: (w) => `(b.at >= ${w.s} AND b.at < ${w.e})`,
  },
};

/** Earlier of two nullable instants. */
const least = (a: string, b: string) => `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL OR ${a} <= ${b} THEN ${a} ELSE ${b} END`;

/** Table and column names from Strapi's metadata, literals in the dialect's form, and the kernel's SQL gateway. */
export function sqlKit(strapi: Core.Strapi) {
  const pg = strapi.db.dialect.client === 'postgres';
  const c = (uid: string, attr: string) => `"${dbNames(strapi, uid).column(attr)}"`;
  const table = (uid: string) => `"${dbNames(strapi, uid).table}"`;
  const link = (uid: string, attr: string) => {
    const jt = dbNames(strapi, uid).joinTable(attr)!;
    return { name: `"${jt.name}"`, own: `"${jt.joinColumn.name}"`, other: `"${jt.inverseJoinColumn.name}"` };
  };
  const bool = (expr: string) => `CASE WHEN ${expr} = TRUE THEN 1 ELSE 0 END`;
  /** A timestamp literal in the column's storage form (generated here, never user input). */
  const ts = (d: Date) => (pg ? `TIMESTAMPTZ '${d.toISOString()}'` : String(d.getTime()));
  const lit = (w: Window): Lit => ({ s: ts(w.start), e: ts(w.end), sIso: `'${w.start.toISOString()}'`, eIso: `'${w.end.toISOString()}'` });
  const json = (col: string, key: string) => (pg ? `(${col}::jsonb ->> '${key}')` : `json_extract(${col}, '$.${key}')`);
  // Raw SQL on case data goes through the kernel's gateway, which checks the scope against the caller.
  const gateway = (scope: Scope): CaseSql => caseSql(strapi, scope, 'measures');
  const where = (alias: string, uid: string, scope: Scope, bindings: unknown[]) => gateway(scope).where(alias, uid, bindings);
  return { pg, c, table, link, bool, ts, lit, json, gateway, where };
}
export type SqlKit = ReturnType<typeof sqlKit>;

/**
 * What a ledger's base query selects besides its counted columns: the drill-down's row details
 * (`detail`), the row's city, county and township (`scopeCols`, as s_city, s_county, s_township:
 * the monthly aggregates group by them), and an extra row condition (`rowFilter`, on the
 * ledger's table alias: the aggregates' live part reads only rows with recent events).
 */
export type BaseOptions = { detail?: boolean; scopeCols?: boolean; rowFilter?: string };

const scopeSelect = ({ c }: SqlKit, alias: string, uid: string) =>
  ` ${alias}.${c(uid, 'cityCode')} AS s_city, ${alias}.${c(uid, 'countyCode')} AS s_county, ${alias}.${c(uid, 'townshipCode')} AS s_township,`;

const P = UIDS.petition;
const V = UIDS.visit;
const M = UIDS.move;

/**
 * Derived columns per petition: registration, conclusion, return visit, first petition, and backlog
 * onset / clearing. Every column is the case's own or one index probe away, so the ledger reads the
 * scope's cases and nothing of the rest of the province: the first repeat visit is kept on the case
 * (`firstRepeatAt`), and whether a later petition repeats it is an EXISTS on the repeat link's index.
 * (Found among the scope's visits through the visits' link table, PostgreSQL hashed the province's
 * whole link table for one city: 7.1 s of a 9.8 s city dashboard at 1,000,000 petitions.)
 */
export function petitionBase(kit: SqlKit, scope: Scope, bindings: unknown[], { detail, scopeCols, rowFilter }: BaseOptions = {}) {
  const { c, table, link, json, where } = kit;
  const ro = link(P, 'repeatOf');
  const pc = (a: string) => `p.${c(P, a)}`;
  const pWhere = where('p', P, scope, bindings) + (rowFilter ? ` AND (${rowFilter})` : '');
  // 积案 onset: the acceptance or conclusion deadline passing without the step done, or the
  // first visit after conclusion (a repeat visit) — whichever is first.
  const aLate = `CASE WHEN ${pc('acceptanceDueAt')} IS NOT NULL AND (${pc('acceptedAt')} > ${pc('acceptanceDueAt')} OR (${pc('acceptedAt')} IS NULL AND ${pc('state')} = 'registered')) THEN ${pc('acceptanceDueAt')} END`;
  const cLate = `CASE WHEN ${pc('conclusionDueAt')} IS NOT NULL AND (${pc('concludedAt')} IS NULL OR ${pc('concludedAt')} > ${pc('conclusionDueAt')}) THEN ${pc('conclusionDueAt')} END`;
  return `
    WITH
    b0 AS (
      SELECT p.id AS id,${
        detail
          ? ` p.document_id AS document_id, ${pc('referenceNo')} AS reference_no, ${pc('subject')} AS subject,
        ${pc('state')} AS state, ${pc('countyCode')} AS county_code, ${pc('townshipCode')} AS township_code,`
          : ''
      }${scopeCols ? scopeSelect(kit, 'p', P) : ''}
        ${pc('channel')} AS channel, ${pc('registeredAt')} AS reg, ${pc('concludedAt')} AS concl, ${pc('closedAt')} AS closed, ${pc('conclusionDueAt')} AS cdue,
        CASE WHEN ro.${ro.own} IS NULL THEN 1 ELSE 0 END AS first_petition,
        ${pc('firstRepeatAt')} AS rrep,
        CASE WHEN EXISTS (SELECT 1 FROM ${ro.name} rp WHERE rp.${ro.other} = p.id) THEN 1 ELSE 0 END AS repeated,
        ${json(pc('returnVisit'), 'at')} AS rv_at, ${json(pc('returnVisit'), 'result')} AS rv_result,
        ${aLate} AS a_late, ${cLate} AS c_late
      FROM ${table(P)} p
      LEFT JOIN ${ro.name} ro ON ro.${ro.own} = p.id
      WHERE ${pWhere}
    ),
    b1 AS (SELECT b0.*, ${least('b0.a_late', 'b0.c_late')} AS dl_late FROM b0),
    b2 AS (SELECT b1.*, ${least('b1.dl_late', 'b1.rrep')} AS onset FROM b1),
    b AS MATERIALIZED (
      SELECT b2.*, CASE WHEN b2.onset IS NULL THEN NULL WHEN b2.concl >= b2.onset THEN b2.concl
        WHEN b2.closed >= b2.onset THEN b2.closed END AS cleared
      FROM b2
    )`;
}

/**
 * Visits in scope. The petition's reference and subject are joined only for the drill-down
 * (`detail`): the counts read the visit's own columns, and the join through the link table
 * made PostgreSQL hash the whole province's visit links for one county (bench/scale.js).
 */
export function visitBase(kit: SqlKit, scope: Scope, bindings: unknown[], { detail, scopeCols, rowFilter }: BaseOptions = {}) {
  const { c, table, link, bool, where } = kit;
  const vl = link(V, 'petition');
  const w = where('v', V, scope, bindings) + (rowFilter ? ` AND (${rowFilter})` : '');
  return `
    WITH b AS (
      SELECT v.id AS id, v.document_id AS document_id, v.${c(V, 'visitedAt')} AS at, v.${c(V, 'level')} AS level,
        v.${c(V, 'channel')} AS channel, v.${c(V, 'headcount')} AS headcount,
        ${bool(`v.${c(V, 'isRepeat')}`)} AS is_repeat, ${bool(`v.${c(V, 'isLeapfrog')}`)} AS is_leapfrog,${scopeCols ? scopeSelect(kit, 'v', V) : ''}${
          detail
            ? `
        p.document_id AS petition_document_id, p.${c(P, 'referenceNo')} AS reference_no, p.${c(P, 'subject')} AS subject,`
            : ''
        }
        v.${c(V, 'countyCode')} AS county_code, v.${c(V, 'townshipCode')} AS township_code
      FROM ${table(V)} v${
        detail
          ? `
      LEFT JOIN ${vl.name} l ON l.${vl.own} = v.id
      LEFT JOIN ${table(P)} p ON p.id = l.${vl.other}`
          : ''
      }
      WHERE ${w} AND (v.${c(V, 'purpose')} IS NULL OR v.${c(V, 'purpose')} <> 'performance')
    )`;
}

/** Mediation outcomes in scope; the petition joined only for the drill-down, as visitBase. */
export function moveBase(kit: SqlKit, scope: Scope, bindings: unknown[], { detail, scopeCols, rowFilter }: BaseOptions = {}) {
  const { c, table, link, where } = kit;
  const ml = link(M, 'petition');
  const w = where('m', M, scope, bindings) + (rowFilter ? ` AND (${rowFilter})` : '');
  return `
    WITH b AS (
      SELECT m.id AS id, m.${c(M, 'at')} AS at, m.${c(M, 'action')} AS action, m.${c(M, 'reason')} AS reason,${scopeCols ? scopeSelect(kit, 'm', M) : ''}${
        detail
          ? `
        p.document_id AS petition_document_id, p.${c(P, 'referenceNo')} AS reference_no, p.${c(P, 'subject')} AS subject,`
          : ''
      }
        m.${c(M, 'countyCode')} AS county_code, m.${c(M, 'townshipCode')} AS township_code
      FROM ${table(M)} m${
        detail
          ? `
      LEFT JOIN ${ml.name} l ON l.${ml.own} = m.id
      LEFT JOIN ${table(P)} p ON p.id = l.${ml.other}`
          : ''
      }
      WHERE m.${c(M, 'action')} IN ('mediation_success', 'mediation_failure') AND ${w}
    )`;
}

/** A ledger's base query: `WITH … b AS (…)`, one row of derived columns per record in scope. */
export function ledgerBase(kit: SqlKit, ledger: Ledger, scope: Scope, bindings: unknown[], opts: BaseOptions = {}) {
  return ledger === 'petitions'
    ? petitionBase(kit, scope, bindings, opts)
    : ledger === 'visits'
      ? visitBase(kit, scope, bindings, opts)
      : moveBase(kit, scope, bindings, opts);
}

export function measureSql(strapi: Core.Strapi) {
  const kit = sqlKit(strapi);
  const { lit, gateway } = kit;
  const base = (ledger: Ledger, scope: Scope, bindings: unknown[], detail = false) => ledgerBase(kit, ledger, scope, bindings, { detail });

  return {
    /**
     * Numerator and denominator counts of `measures` (all of one ledger) for each window:
     * result[measure][i] = { num, den }. One query.
     */
    async counts(ledger: Ledger, measures: MeasureKey[], windows: Window[], scope: Scope) {
      const bindings: unknown[] = [];
      const sql = base(ledger, scope, bindings);
      const cols: string[] = [];
      windows.forEach((win, i) => {
        const w = lit(win);
        for (const m of measures) {
          const cond = CONDITIONS[m];
          cols.push(`SUM(CASE WHEN ${cond.num(w)} THEN 1 ELSE 0 END) AS "${m}_n_${i}"`);
          if (cond.den) cols.push(`SUM(CASE WHEN ${cond.den(w)} THEN 1 ELSE 0 END) AS "${m}_d_${i}"`);
        }
      });
      const g = gateway(scope);
      const row = g.rows(await g.run(`${sql} SELECT ${cols.join(', ')} FROM b`, bindings))[0] ?? {};
      const out: Record<string, { num: number; den: number }[]> = {};
      for (const m of measures)
        out[m] = windows.map((_, i) => ({ num: Number(row[`${m}_n_${i}`] ?? 0), den: Number(row[`${m}_d_${i}`] ?? 0) }));
      return out;
    },

    /** The ledger rows behind one measure in one window: the denominator's rows and the numerator's, each flagged. */
    async rows(measure: MeasureKey, win: Window, scope: Scope, limit: number) {
      const cond = CONDITIONS[measure];
      const w = lit(win);
      const bindings: unknown[] = [];
      const sql = base(cond.ledger, scope, bindings, true);
      const num = cond.num(w);
      const den = cond.den ? cond.den(w) : null;
      const filter = den ? `(${num} OR ${den})` : num;
      const order = cond.ledger === 'petitions' ? 'b.reg, b.id' : 'b.at, b.id';
      const g = gateway(scope);
      const res = await g.run(
        `${sql} SELECT b.*, CASE WHEN ${num} THEN 1 ELSE 0 END AS in_numerator, ` +
          `CASE WHEN ${den ?? num} THEN 1 ELSE 0 END AS in_denominator FROM b WHERE ${filter} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`,
        bindings,
      );
      return g.rows(res);
    },

    /** A stored datetime (epoch ms on SQLite, Date on PostgreSQL, ISO text in JSON) as a Date or null. */
    toDate(v: unknown): Date | null {
      if (v === null || v === undefined || v === '') return null;
      if (v instanceof Date) return v;
      if (typeof v === 'number' || /^\d+$/.test(String(v))) return new Date(Number(v));
      const d = new Date(String(v));
      return Number.isNaN(d.getTime()) ? null : d;
    },
  };
}
