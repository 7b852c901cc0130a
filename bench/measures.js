'use strict';
/**
 * Measures: the median time to compute a county's year dashboard (all ten measures, the
 * previous periods for the trend, the same period a year earlier) with 200,000 petitions in
 * the database, in-process through the plugin's service. Petitions, visits and mediation
 * moves are bulk-inserted into a SQLite file with better-sqlite3 after Strapi made the schema.
 */
const fs = require('fs');
const path = require('path');
const { secrets, median } = require('./lib/apps');

const ROWS = Number(process.env.BENCH_ROWS) || 200_000;
const RUNS = Number(process.env.BENCH_RUNS) || 15;
const DAY = 86_400_000;
const STATES = ['registered', 'accepted', 'in_mediation', 'unit_handling', 'leader_handling', 'concluded', 'closed', 'referred_legal'];
const LEVELS = ['village', 'township', 'county', 'city', 'province', 'national'];
const RESULTS = ['satisfied', 'basically_satisfied', 'not_satisfied'];

async function boot(root, file) {
  const { createStrapi } = require(path.join(root, 'node_modules', '@strapi', 'strapi'));
  Object.assign(process.env, {
    ...secrets(),
    NODE_ENV: 'production',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: file,
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    FANGTIAO_DEMO: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
  });
  const app = createStrapi({ appDir: root, distDir: path.join(root, 'dist') });
  await app.load();
  return app;
}

/** Inserts rows (objects keyed by column) into `table`; columns the table lacks are an error. */
function inserter(db, table) {
  const cols = new Set(
    db
      .prepare(`PRAGMA table_info("${table}")`)
      .all()
      .map((c) => c.name),
  );
  const cache = new Map();
  return (row) => {
    const keys = Object.keys(row);
    for (const k of keys) if (!cols.has(k)) throw new Error(`${table} has no column ${k}`);
    const sig = keys.join(',');
    if (!cache.has(sig))
      cache.set(
        sig,
        db.prepare(`INSERT INTO "${table}" (${keys.map((k) => `"${k}"`).join(',')}) VALUES (${keys.map(() => '?').join(',')})`),
      );
    return cache.get(sig).run(keys.map((k) => row[k])).lastInsertRowid;
  };
}

function seed(file, rows, now) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const petition = inserter(db, 'petitions');
  const visit = inserter(db, 'visits');
  const visitLink = inserter(db, 'visits_petition_lnk');
  const move = inserter(db, 'petition_moves');
  const moveLink = inserter(db, 'petition_moves_petition_lnk');
  const yearStart = Date.UTC(new Date(now).getUTCFullYear(), 0, 1) - 8 * 3600_000;
  const span = now - (yearStart - 365 * DAY); // last year and this year so far
  const counts = { petitions: 0, visits: 0, moves: 0 };
  const t = now;
  const many = db.transaction(() => {
    for (let i = 0; i < rows; i += 1) {
      const county = (i >> 3) % 2 ? '990103' : '990102'; // every state in both counties
      const township = `${county}00${1 + ((i >> 4) % 2)}`;
      const reg = now - span + ((i * 2654435761) % span); // spread over last year and this year
      const state = STATES[i % STATES.length];
      const accepted = state === 'registered' ? null : reg + ((i % 10) + 1) * DAY;
      const cdue = accepted ? accepted + 60 * DAY : null;
      const concluded = state === 'concluded' || state === 'closed' ? accepted + ((i % 80) + 5) * DAY : null;
      const rv =
        concluded && i % 3 === 0
          ? JSON.stringify({ result: RESULTS[i % 3 === 0 ? (i >> 2) % 3 : 0], at: new Date(concluded + 3 * DAY).toISOString(), by: 1 })
          : null;
      const id = petition({
        document_id: `bm${i.toString(36)}x${county}`,
        reference_no: `${county}-B-${i}`,
        subject: `基准事项${i}`,
        channel: 'visit',
        state,
        registered_at: reg,
        acceptance_due_at: reg + 15 * DAY,
        accepted_at: accepted,
        conclusion_due_at: cdue,
        concluded_at: concluded && concluded < t ? concluded : null,
        closed_at: state === 'closed' && concluded ? concluded + 10 * DAY : null,
        due_at: cdue,
        is_backlog: cdue && !concluded && cdue < t ? 1 : 0,
        is_repeat: 0,
        visit_count: 0,
        extension_days: 0,
        return_visit: rv,
        city_code: '990100',
        county_code: county,
        township_code: township,
        created_at: reg,
        updated_at: reg,
      });
      counts.petitions += 1;
      if (i % 4 === 1 || i % 4 === 2) {
        const repeat = !!concluded && (i >> 4) % 3 === 0; // a visit after conclusion
        const at = repeat ? concluded + 20 * DAY : reg + DAY;
        if (at < t) {
          const vid = visit({
            document_id: `bv${i.toString(36)}`,
            visited_at: at,
            channel: 'visit',
            level: LEVELS[(i >> 2) % LEVELS.length],
            headcount: 1,
            is_repeat: repeat ? 1 : 0,
            is_leapfrog: (i >> 2) % LEVELS.length > 1 ? 1 : 0,
            city_code: '990100',
            county_code: county,
            township_code: township,
            created_at: at,
            updated_at: at,
          });
          visitLink({ visit_id: vid, petition_id: id });
          counts.visits += 1;
        }
      }
      if (state === 'concluded' || state === 'referred_legal') {
        const at = concluded ?? accepted + 20 * DAY;
        if (at < t) {
          const mid = move({
            document_id: `bmv${i.toString(36)}`,
            action: i % 5 === 0 ? 'mediation_failure' : 'mediation_success',
            from_state: 'in_mediation',
            to_state: state,
            at,
            city_code: '990100',
            county_code: county,
            township_code: township,
            created_at: at,
            updated_at: at,
          });
          moveLink({ petition_move_id: mid, petition_id: id });
          counts.moves += 1;
        }
      }
    }
  });
  many();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return counts;
}

/**
 * The nightly aggregates job on SQLite: one transaction on the app's one connection, so every
 * request waits while it runs. Times the job, the longest wait of a one-row read issued every
 * 50 ms meanwhile, and the dashboard after it (checked against the live figures).
 */
async function timeAggregatesJob(app, service, dash) {
  const live = await dash();
  const waits = [];
  let running = true;
  const reader = (async () => {
    while (running) {
      const s = process.hrtime.bigint();
      await app.db.query('api::organisation.organisation').findOne({ select: ['id'], where: { code: '990102' } });
      waits.push(Number(process.hrtime.bigint() - s) / 1e6);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const s = process.hrtime.bigint();
  const r = await service.refreshAggregates(new Date());
  const seconds = Number(process.hrtime.bigint() - s) / 1e9;
  running = false;
  await reader;
  const aggregated = await dash();
  const figures = (d) => JSON.stringify(d.measures.map((m) => [m.key, m.value, m.numerator, m.denominator]));
  if (!aggregated.aggregates || figures(aggregated) !== figures(live))
    throw new Error('the aggregated dashboard differs from the live one');
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = process.hrtime.bigint();
    await dash();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { seconds, rows: r.rows, readWaitMs: Math.max(...waits), dashboardMs: median(times) };
}

async function run({ root, log }) {
  const work = path.join(root, 'bench', '.work');
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'measures.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });

  log('making the schema…');
  let app = await boot(root, file);
  await app.destroy();
  const now = Date.now();
  log(`seeding ${ROWS} petitions with visits and mediation moves…`);
  const t0 = Date.now();
  const counts = seed(file, ROWS, now);
  log(`seeded ${JSON.stringify(counts)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  app = await boot(root, file);
  try {
    const service = app.plugin('fangtiao').service('measures');
    const scope = { level: 'county', code: '990102', name: '东湖区' };
    const dash = () => service.dashboard({ scope });
    const first = await dash();
    const figure = (k) => first.measures.find((m) => m.key === k);
    log(
      `${first.period.label}: 积案 ${figure('backlogCount').value}, 按期办结率 ${(figure('onTimeRate').value * 100).toFixed(1)}%, 来访 ${figure('repeatRatio').denominator}`,
    );
    if (!(figure('newBacklogRate').denominator > 0) || !(figure('repeatRatio').denominator > 0))
      throw new Error('the dashboard counted nothing');
    await dash();
    const times = [];
    for (let i = 0; i < RUNS; i += 1) {
      const s = process.hrtime.bigint();
      await dash();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const rowsStart = process.hrtime.bigint();
    const rows = await service.rows({ measure: 'backlogCount', scope });
    const rowsMs = Number(process.hrtime.bigint() - rowsStart) / 1e6;
    const job = await timeAggregatesJob(app, service, dash);
    const metrics = {
      dashboard_ms_200k: median(times),
      dashboard_max_ms_200k: Math.max(...times),
      backlog_rows_ms_200k: rowsMs,
      aggregates_job_s_200k: job.seconds,
      aggregates_job_read_wait_ms_200k: job.readWaitMs,
      dashboard_aggregated_ms_200k: job.dashboardMs,
    };
    const ok = (c) => (c ? 'met' : 'NOT met');
    return {
      metrics,
      rows: [
        [
          'dashboard_ms_200k',
          metrics.dashboard_ms_200k,
          `≤ 500 (${ok(metrics.dashboard_ms_200k <= 500)}), median of ${RUNS}, county 990102, ${ROWS} petitions`,
        ],
        ['dashboard_max_ms_200k', metrics.dashboard_max_ms_200k, 'slowest run'],
        ['backlog_rows_ms_200k', metrics.backlog_rows_ms_200k, `drill-down: ${rows.rows.length} backlog rows`],
        [
          'aggregates_job_s_200k',
          metrics.aggregates_job_s_200k,
          `the nightly measure-aggregates job, ${job.rows} rows: SQLite's one connection is held this long`,
        ],
        [
          'aggregates_job_read_wait_ms_200k',
          metrics.aggregates_job_read_wait_ms_200k,
          'the longest a one-row read issued during the job waited',
        ],
        ['dashboard_aggregated_ms_200k', metrics.dashboard_aggregated_ms_200k, `median of ${RUNS}, after the job (same figures checked)`],
      ],
    };
  } finally {
    await app.destroy();
  }
}

module.exports = { run };
