/**
 * Monthly aggregates of the measures' events (考核指标月度汇总), so that a city's or the province's
 * dashboard sums a few thousand rows instead of reading every case, visit and mediation outcome
 * of its scope (bench/scale.js: a city-year dashboard read 1.5 million rows at 1,000,000
 * petitions).
 *
 * Every measure is a sum of events over an interval. Each ledger row has events at instants —
 * a petition is registered, becomes backlog (onset), is cleared, is concluded, is return-visited;
 * a visit and a mediation outcome each is one event — and the point-in-time figures are
 * differences of cumulative counts: backlog at e = onsets before e − clearings before e (a case
 * is cleared only after its onset), and the clearance rate's denominator is onsets before e −
 * clearings before s.
 *
 * The nightly job (`measure-aggregates`) counts, for each township and Shanghai month, the
 * events before the coverage instant T (the start of the refresh's day), and records T and
 * each ledger's highest id, in one transaction. A dashboard then adds:
 *   - the months in its windows, from the aggregates (windows before T are whole months);
 *   - the events at or after T, live, from the rows that have one (each event column is
 *     indexed, so this reads about a day of rows);
 *   - every event of the rows inserted after the refresh (id above the recorded one), live,
 *     so a record registered today with an earlier date counts at once.
 * The figures equal the live ones (test/api/measures.test.ts), except that a change made
 * after the refresh to an event before T — a date corrected, a case moved to another
 * township, a repeat visit that makes a past conclusion no longer 一次性化解 — shows on the
 * next refresh. Week dashboards, village scopes and a database never refreshed are computed
 * live, as before.
 */
import type { Core } from '@strapi/strapi';
import { OFFSET_MS, startOfShanghaiDay, DAY_MS } from '@fangtiao/kernel/pure';
import type { Ledger, MeasureKey } from '../definitions';
import { ledgerBase, sqlKit, type Scope, type SqlKit, type Window } from './queries';
import { dbNames } from '../../utils/db-names';

export const MONTHS_TABLE = 'fangtiao_measure_months';
export const COVERAGE_TABLE = 'fangtiao_measure_coverage';

const P = 'api::petition.petition';
const UID_OF: Record<Ledger, string> = { petitions: P, visits: 'api::visit.visit', moves: 'api::petition-move.petition-move' };

type Row = Record<string, unknown>;
type EventDef = { at: string; iso?: boolean; counters: Record<string, string> };

/** Each ledger's events: the derived column holding the instant, and the counters it adds to (with their condition). */
const EVENTS: Record<Ledger, EventDef[]> = {
  petitions: [
    { at: 'b.reg', counters: { reg: 'TRUE', reg_online: "b.channel = 'online'" } },
    { at: 'b.onset', counters: { onset: 'TRUE' } },
    { at: 'b.cleared', counters: { cleared: 'TRUE' } },
    {
      at: 'b.concl',
      counters: {
        concl: 'TRUE',
        concl_on_time: 'b.cdue IS NOT NULL AND b.concl <= b.cdue',
        concl_first: 'b.first_petition = 1',
        concl_first_ok: 'b.first_petition = 1 AND b.rrep IS NULL AND b.repeated = 0',
      },
    },
    // The return visit's time is ISO text inside JSON, compared as text as the live measures do.
    { at: 'b.rv_at', iso: true, counters: { rv: 'TRUE', rv_ok: "b.rv_result IN ('satisfied', 'basically_satisfied')" } },
  ],
  visits: [
    {
      at: 'b.at',
      counters: {
        visits: 'TRUE',
        visits_repeat: 'b.is_repeat = 1',
        visits_leapfrog: 'b.is_leapfrog = 1',
        visits_national: "b.level = 'national'",
      },
    },
  ],
  moves: [{ at: 'b.at', counters: { med: 'TRUE', med_success: "b.action = 'mediation_success'" } }],
};
const LEDGERS = Object.keys(EVENTS) as Ledger[];
/** The base queries' alias of each ledger's table (queries.ts), which a row filter names. */
const ALIAS: Record<Ledger, string> = { petitions: 'p', visits: 'v', moves: 'm' };
/**
 * The columns an event's instant comes from, per ledger, each indexed: the live part finds the
 * rows with a recent event by them. A deadline passing is an onset without a write; the return
 * visit's time is inside JSON (an expression index).
 */
const EVENT_COLUMNS: Record<Ledger, { at: string[]; deadlines?: string[]; jsonAt?: string }> = {
  petitions: {
    at: ['registeredAt', 'concludedAt', 'closedAt', 'firstRepeatAt'],
    deadlines: ['acceptanceDueAt', 'conclusionDueAt'],
    jsonAt: 'returnVisit',
  },
  visits: { at: ['visitedAt'] },
  moves: { at: ['at'] },
};
const countersOf = (ledger: Ledger) => EVENTS[ledger].flatMap((e) => Object.keys(e.counters));
export const COUNTERS = LEDGERS.flatMap(countersOf);

type Cnt = (counter: string, from: number | null, to: number) => number;

/** Each measure from event counts over intervals: [from, to) in epoch ms, from = null for "since ever". */
const FIGURES: Record<MeasureKey, (cnt: Cnt, s: number, e: number) => { num: number; den: number }> = {
  backlogCount: (n, _s, e) => ({ num: n('onset', null, e) - n('cleared', null, e), den: 0 }),
  clearanceRate: (n, s, e) => ({ num: n('cleared', s, e), den: n('onset', null, e) - n('cleared', null, s) }),
  newBacklogRate: (n, s, e) => ({ num: n('onset', s, e), den: n('reg', s, e) }),
  onlineShare: (n, s, e) => ({ num: n('reg_online', s, e), den: n('reg', s, e) }),
  oneTimeResolutionRate: (n, s, e) => ({ num: n('concl_first_ok', s, e), den: n('concl_first', s, e) }),
  satisfactionRate: (n, s, e) => ({ num: n('rv_ok', s, e), den: n('rv', s, e) }),
  onTimeRate: (n, s, e) => ({ num: n('concl_on_time', s, e), den: n('concl', s, e) }),
  repeatRatio: (n, s, e) => ({ num: n('visits_repeat', s, e), den: n('visits', s, e) }),
  leapfrogVisits: (n, s, e) => ({ num: n('visits_leapfrog', s, e), den: 0 }),
  nationalVisits: (n, s, e) => ({ num: n('visits_national', s, e), den: 0 }),
  mediationSuccessRate: (n, s, e) => ({ num: n('med_success', s, e), den: n('med', s, e) }),
};

export type Coverage = { until: Date; refreshedAt: Date; maxIds: Record<Ledger, number> };

const isMonthStart = (ms: number) => {
  const d = new Date(ms + OFFSET_MS);
  return (
    d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0
  );
};

export function measureAggregates(strapi: Core.Strapi) {
  const kit: SqlKit = sqlKit(strapi);
  const { pg, ts } = kit;
  const knex = () => strapi.db.connection;
  const tsType = pg ? 'timestamptz' : 'bigint';
  const col = (uid: string, attr: string) => `"${dbNames(strapi, uid).column(attr)}"`;
  /** The Shanghai month start of an instant expression, in the column's storage form. */
  const monthOf = (expr: string, iso = false) =>
    pg
      ? `((date_trunc('month', (${iso ? `(${expr})::timestamptz` : expr} AT TIME ZONE 'UTC') + interval '8 hours') - interval '8 hours') AT TIME ZONE 'UTC')`
      : `((CAST(strftime('%s', strftime('%Y-%m-01', ${iso ? `CAST(strftime('%s', ${expr}) AS INTEGER)` : `${expr} / 1000`} + 28800, 'unixepoch')) AS INTEGER) - 28800) * 1000)`;
  const iso = (ms: number) => `'${new Date(ms).toISOString()}'`;
  const lit = (ms: number, isoText?: boolean) => (isoText ? iso(ms) : ts(new Date(ms)));
  const msOf = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));

  async function coverage(): Promise<Coverage | null> {
    const row = (await knex()(COVERAGE_TABLE).where({ id: 1 }).first()) as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      until: new Date(msOf(row.covered_until)),
      refreshedAt: new Date(msOf(row.refreshed_at)),
      maxIds: { petitions: Number(row.max_petition_id), visits: Number(row.max_visit_id), moves: Number(row.max_move_id) },
    };
  }

  /** Rows of `ledger` that may have an event at or after `t` (each term answered by an index), or inserted after `maxId`. */
  function recentRows(ledger: Ledger, t: number, upTo: number, maxId: number) {
    const u = UID_OF[ledger];
    const a = ALIAS[ledger];
    const { at, deadlines = [], jsonAt } = EVENT_COLUMNS[ledger];
    const since = (attr: string) => `${a}.${col(u, attr)} >= ${lit(t)}`;
    const terms = [
      `${a}.id > ${Math.floor(maxId)}`,
      ...at.map(since),
      // Only the deadlines that passed by `upTo`.
      ...deadlines.map((d) => `(${since(d)} AND ${a}.${col(u, d)} < ${lit(upTo)})`),
    ];
    if (jsonAt) terms.push(`${kit.json(`${a}.${col(u, jsonAt)}`, 'at')} >= ${iso(t)}`);
    return terms.join(' OR ');
  }

  return {
    coverage,

    /** The tables, and the indexes that find a day's events (the live part's row filter). Idempotent. */
    async ensureSchema() {
      const k = knex();
      const scopeCols = ['cityCode', 'countyCode', 'townshipCode'].map((a) => dbNames(strapi, P).column(a));
      if (!(await k.schema.hasTable(MONTHS_TABLE))) {
        await k.raw(
          `CREATE TABLE "${MONTHS_TABLE}" (ledger varchar(16) NOT NULL, ${scopeCols.map((c) => `"${c}" varchar(255)`).join(', ')}, ` +
            `bucket_start ${tsType} NOT NULL, ${COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')})`,
        );
      }
      for (const c of scopeCols) await k.raw(`CREATE INDEX IF NOT EXISTS "ix_${MONTHS_TABLE}_${c}" ON "${MONTHS_TABLE}" ("${c}")`);
      if (!(await k.schema.hasTable(COVERAGE_TABLE))) {
        await k.raw(
          `CREATE TABLE "${COVERAGE_TABLE}" (id integer PRIMARY KEY, covered_until ${tsType} NOT NULL, refreshed_at ${tsType} NOT NULL, ` +
            `max_petition_id bigint NOT NULL, max_visit_id bigint NOT NULL, max_move_id bigint NOT NULL, ms integer NOT NULL, row_count integer NOT NULL)`,
        );
      }
      // The indexes of the live part's row filter (recentRows), one per event column.
      for (const ledger of LEDGERS) {
        const names = dbNames(strapi, UID_OF[ledger]);
        const { at, deadlines = [], jsonAt } = EVENT_COLUMNS[ledger];
        const index = (name: string, expr: string) =>
          k.raw(`CREATE INDEX IF NOT EXISTS "ix_${names.table}_${name}" ON "${names.table}" (${expr})`);
        for (const a of [...at, ...deadlines]) await index(names.column(a), col(UID_OF[ledger], a));
        if (jsonAt) await index(`${names.column(jsonAt)}_at`, `(${kit.json(col(UID_OF[ledger], jsonAt), 'at')})`);
      }
    },

    /**
     * Recounts every township's months of events before `until` (a Shanghai day start), in one
     * transaction: a dashboard reads either the old counts or the new, never half of them.
     */
    async refresh(until: Date, now: Date = new Date()) {
      const t0 = Date.now();
      const T = until.getTime();
      const g = kit.gateway(null);
      let rows = 0;
      await strapi.db.transaction(async () => {
        // One snapshot for every statement: the counts and the highest ids agree.
        if (pg) await g.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const maxIds = {} as Record<Ledger, number>;
        for (const ledger of LEDGERS) {
          const r = g.rows<Row>(await g.run(`SELECT MAX(id) AS m FROM "${dbNames(strapi, UID_OF[ledger]).table}"`))[0];
          maxIds[ledger] = Number(r?.m ?? 0);
        }
        await g.run(`DELETE FROM "${MONTHS_TABLE}"`);
        for (const ledger of LEDGERS) {
          const bindings: unknown[] = [];
          const base = ledgerBase(kit, ledger, null, bindings, { scopeCols: true, rowFilter: `${ALIAS[ledger]}.id <= ${maxIds[ledger]}` });
          const all = countersOf(ledger);
          const parts = EVENTS[ledger].map(
            (ev) =>
              `SELECT b.s_city AS s_city, b.s_county AS s_county, b.s_township AS s_township, ${monthOf(ev.at, ev.iso)} AS bucket_start, ` +
              all.map((c) => (c in ev.counters ? `CASE WHEN ${ev.counters[c]} THEN 1 ELSE 0 END` : '0') + ` AS ${c}`).join(', ') +
              ` FROM b WHERE ${ev.at} < ${lit(T, ev.iso)}`,
          );
          const scopeCols = ['cityCode', 'countyCode', 'townshipCode'].map((a) => col(P, a)).join(', ');
          await g.run(
            `${base} INSERT INTO "${MONTHS_TABLE}" (ledger, ${scopeCols}, bucket_start, ${all.join(', ')}) ` +
              `SELECT '${ledger}', e.s_city, e.s_county, e.s_township, e.bucket_start, ${all.map((c) => `SUM(e.${c})`).join(', ')} ` +
              `FROM (${parts.join(' UNION ALL ')}) e GROUP BY e.s_city, e.s_county, e.s_township, e.bucket_start`,
            bindings,
          );
        }
        rows = Number(g.rows<Row>(await g.run(`SELECT COUNT(*) AS n FROM "${MONTHS_TABLE}"`))[0]?.n ?? 0);
        const values = {
          id: 1,
          covered_until: pg ? until : T,
          refreshed_at: pg ? now : now.getTime(),
          max_petition_id: maxIds.petitions,
          max_visit_id: maxIds.visits,
          max_move_id: maxIds.moves,
          ms: Date.now() - t0,
          row_count: rows,
        };
        await g.run(`DELETE FROM "${COVERAGE_TABLE}"`);
        const keys = Object.keys(values);
        await g.run(
          `INSERT INTO "${COVERAGE_TABLE}" (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
          Object.values(values),
        );
      });
      return { until, rows, ms: Date.now() - t0 };
    },

    /**
     * Numerator and denominator counts of `measures` for each window, as measureSql().counts
     * gives them, from the aggregates and the rows with recent events; null when the aggregates
     * cannot answer (never refreshed, a village scope, a window boundary before the coverage
     * that is not a month start).
     */
    async counts(measures: MeasureKey[], windows: Window[], scope: Scope) {
      const cov = await coverage();
      if (!cov) return null;
      if (scope && !['city', 'county', 'township'].includes(scope.level)) return null;
      const T = cov.until.getTime();
      const bounds = windows.flatMap((w) => [w.start.getTime(), w.end.getTime()]);
      if (bounds.some((b) => b < T && !isMonthStart(b))) return null;
      const points = [...new Set([...bounds, T])].sort((x, y) => x - y);
      const upTo = points[points.length - 1];
      const g = kit.gateway(scope);

      // The aggregates: one row per month.
      const bBind: unknown[] = [];
      const months = g
        .rows<Row>(
          await g.run(
            `SELECT a.bucket_start AS m, ${COUNTERS.map((c) => `SUM(a.${c}) AS ${c}`).join(', ')} FROM "${MONTHS_TABLE}" a ` +
              `WHERE ${g.where('a', P, bBind)} GROUP BY a.bucket_start`,
            bBind,
          ),
        )
        .map((r) => ({ m: msOf(r.m), r }));

      // The live part, per segment between consecutive points: segments before T count only rows inserted since the refresh.
      const segments = points.map((p, i) => ({ from: i === 0 ? null : points[i - 1], to: p }));
      const live: Record<string, number[]> = {};
      for (const ledger of LEDGERS) {
        const bindings: unknown[] = [];
        const base = ledgerBase(kit, ledger, scope, bindings, { rowFilter: recentRows(ledger, T, upTo, cov.maxIds[ledger]) });
        const cols: string[] = [];
        for (const ev of EVENTS[ledger]) {
          segments.forEach((sg, i) => {
            const inSeg = [sg.from === null ? null : `${ev.at} >= ${lit(sg.from, ev.iso)}`, `${ev.at} < ${lit(sg.to, ev.iso)}`];
            if (sg.to <= T) inSeg.push(`b.id > ${Math.floor(cov.maxIds[ledger])}`);
            const when = inSeg.filter(Boolean).join(' AND ');
            for (const [c, cond] of Object.entries(ev.counters))
              cols.push(`SUM(CASE WHEN ${when} AND ${cond} THEN 1 ELSE 0 END) AS ${c}_${i}`);
          });
        }
        const row = g.rows<Row>(await g.run(`${base} SELECT ${cols.join(', ')} FROM b`, bindings))[0] ?? {};
        for (const c of countersOf(ledger)) live[c] = segments.map((_, i) => Number(row[`${c}_${i}`] ?? 0));
      }

      const cnt: Cnt = (counter, from, to) => {
        let n = 0;
        const bucketEnd = Math.min(to, T);
        for (const { m, r } of months) if ((from === null || m >= from) && m < bucketEnd) n += Number(r[counter] ?? 0);
        segments.forEach((sg, i) => {
          if ((from === null || (sg.from !== null && sg.from >= from)) && sg.to <= to) n += live[counter][i];
        });
        return n;
      };
      const out: Record<string, { num: number; den: number }[]> = {};
      for (const key of measures) out[key] = windows.map((w) => FIGURES[key](cnt, w.start.getTime(), w.end.getTime()));
      return { counts: out, coverage: cov };
    },

    /** The coverage instant for a refresh at `now`: the start of its Shanghai day, `liveDays` − 1 days earlier. */
    coverageFor(now: Date, liveDays = 1) {
      return new Date(startOfShanghaiDay(now).getTime() - Math.max(0, Math.floor(liveDays) - 1) * DAY_MS);
    },
  };
}
