'use strict';
/**
 * Cost curves at province scale on PostgreSQL: at 100,000, 1,000,000 and 10,000,000 petitions
 * (BENCH_SCALE_SIZES=100k,1m,10m), a province built set-based in SQL (bench/lib/province.js),
 * then over HTTP against the real app with real JWTs:
 * a county clerk's and a city supervisor's list page (filter + sort, p95 of 10 clients), the
 * search by name prefix and by exact ID number, a create with a 20-field form, a county-year and
 * a city-year dashboard, the daily warning scan and the credit-expiry job (run through the admin
 * panel's "run now", timed by the job's own start and end).
 *
 * Every figure goes to bench/results/scale.json per size (`county_list_p95_ms_1m`, …) with the
 * load average beside it (the machine is shared); docs/scale.svg draws time against rows.
 * Each size gets its own database `bench_scale_<size>`, dropped when measured.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { rand, secrets, startApp, load, quantile, median, sleep, cpuMs } = require('./lib/apps');
const { build, samplePeople, macKeyHex, hmacExpr } = require('./lib/province');
const { FIELDS_20, formSchema20, formValues20 } = require('./lib/form20');
const { drawCurves } = require('./lib/curves');

const SIZES = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
/**
 * A 1,000,000 province whose measured city (990100, with the measured county 990102 in it) has
 * ten times the petitions: its scope holds what it would in a 10,000,000 province, in a
 * database of about a fifth of that size. Its figures are named `_10m_city`, never `_10m`.
 */
const DENSE = { '10m_city': { n: 1_000_000, dense: { city: '990100', factor: 10 } } };
const CLIENTS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS) || 15;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS) || 40;
const COUNTY = '990102';
const TARGETS = { county_list_p95_ms: 100, city_list_p95_ms: 200, id_search_ms: 20, city_dashboard_ms: 2000 };
const SCAN_TARGET_S = 600; // at 50M visits

const pgConn = (database) => ({
  host: process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.DATABASE_PORT || 5432),
  user: process.env.DATABASE_USERNAME || 'fangtiao',
  password: process.env.DATABASE_PASSWORD || 'fangtiao',
  database,
});

async function withPg(database, fn) {
  const { Client } = require('pg');
  const c = new Client(pgConn(database));
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const load1 = () => Math.round(os.loadavg()[0] * 100) / 100;
const visitsLabel = (n) => (n * 5 >= 1e6 ? `${(n * 5) / 1e6}m` : `${(n * 5) / 1e3}k`);

/** Runs a job through the admin panel's "run now"; seconds between the run's start and end. */
async function runJob(app, admin, name) {
  const started = await app.call('POST', `/fangtiao/jobs/${name}/run`, { token: admin });
  if (started.status !== 202 || !started.body.data)
    throw new Error(`job ${name}: ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
  for (;;) {
    await sleep(200);
    const r = (await app.call('GET', `/fangtiao/job-runs/${started.body.data.id}`, { token: admin })).body.data;
    if (r.status === 'failed') throw new Error(`job ${name} failed: ${r.error}`);
    if (r.status === 'done') return { seconds: (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000, counts: r.counts };
  }
}

/** A year dashboard asked for four times; the times of the last three and the last answer. */
async function timeDashboard(call, token, query, who) {
  const times = [];
  let data;
  for (let i = 0; i < 4; i += 1) {
    const res = await call('GET', `/api/measures?kind=year${query}`, { token });
    if (res.status !== 200) throw new Error(`${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    if (i) times.push(res.ms);
    data = res.body.data;
  }
  return { times, data };
}

async function login(app, identifier, password) {
  const res = await app.call('POST', '/api/auth/local', { body: { identifier, password } });
  if (res.status !== 200) throw new Error(`login ${identifier}: ${res.status}`);
  return res.body.jwt;
}

/** One size: build, boot, measure, drop. Returns { metrics, rows, build }. */
async function measureSize({ root, log, label, n: base, dense = null, pii, keys }) {
  const db = `bench_scale_${label}`;
  await withPg('postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${db}"`);
  });
  const password = `Bench-${rand().slice(0, 8)}`;
  const env = {
    ...secrets(),
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: db,
    FANGTIAO_PII_KEYS: keys,
    DEMO_PASSWORD: password,
    FANGTIAO_ACCESS_TOKEN_SECONDS: '14400', // one token for the whole size
    // The measures' aggregates leave yesterday and today live (24–48 hours of events), the most the
    // default leaves (today) at the end of a day and more: the dashboards are timed at their worst.
    FANGTIAO_MEASURES_LIVE_DAYS: '2',
  };
  const m = {};
  const rows = [];
  const put = (name, value, note = '') => {
    m[`${name}_${label}`] = value;
    rows.push([`${name}_${label}`, value, note]);
  };
  try {
    log(`[${label}] schema and demo data…`);
    let app = await startApp({ name: 'ours', cwd: root, root, env: { ...env, FANGTIAO_DEMO: 'true', STRAPI_LOG_LEVEL: 'info' } });
    let adminLogin;
    let caseTypeId;
    try {
      const [, email, adminPassword] = app.output().match(/Admin panel: (\S+) \/ (\S+)/) ?? [];
      adminLogin = { email, password: adminPassword };
      const admin = (await app.call('POST', '/admin/login', { body: adminLogin })).body.data.token;
      const type = await app.call('POST', '/content-manager/collection-types/api::case-type.case-type', {
        token: admin,
        body: { name: '基准类型', code: 'bench-type', formSchema: formSchema20 },
      });
      if (type.status !== 201) throw new Error(`case type: ${JSON.stringify(type.body).slice(0, 300)}`);
      caseTypeId = type.body.data.documentId;
      const clerk = await login(app, 'clerk.donghu', password);
      const template = await app.call('POST', '/api/petitions', {
        token: clerk,
        body: petitionBody(await townOrg(app, clerk), caseTypeId, pii),
      });
      if (template.status !== 201) throw new Error(`template petition: ${JSON.stringify(template.body).slice(0, 300)}`);
    } finally {
      await app.stop();
    }

    log(`[${label}] building ${base} petitions${dense ? ` (city ${dense.city} × ${dense.factor})` : ''} in SQL…`);
    const built = await withPg(db, (c) => build(c, { n: base, dense, keyHex: macKeyHex(keys), log }));
    const n = built.petitions;
    const people = await withPg(db, async (c) => {
      // The SQL hash must be the app's: the exact-ID search depends on it.
      const probe = (await c.query(`SELECT ${hmacExpr("'I7'", macKeyHex(keys))} AS h`)).rows[0].h;
      if (probe !== pii.lookupHash('I7')) throw new Error('the SQL hash differs from the app’s');
      return samplePeople(c, { county: COUNTY, count: LOOKUPS, pii });
    });
    const sizes = await withPg(db, async (c) => (await c.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b);
    put('build_s', built.seconds, `load ${load1()}; ${JSON.stringify(built.rows)}; database ${(Number(sizes) / 2 ** 30).toFixed(1)} GiB`);
    m[`db_gib_${label}`] = Number(sizes) / 2 ** 30;

    log(`[${label}] booting on the built database…`);
    app = await startApp({ name: 'ours', cwd: root, root, env: { ...env, FANGTIAO_DEMO: 'false' }, timeoutMs: 1_800_000 });
    put('boot_s', app.bootSeconds, `load ${load1()}`);
    try {
      const admin = (await app.call('POST', '/admin/login', { body: adminLogin })).body.data.token;
      const clerk = await login(app, 'clerk.donghu', password);
      const supervisor = await login(app, 'supervisor.city', password);
      const call = (...args) => app.call(...args).catch((e) => (e.code === 'EPIPE' ? app.call(...args) : Promise.reject(e)));

      // Lists: open cases accepted, soonest deadline first.
      const list =
        (token, pages = 1) =>
        () =>
          call(
            'GET',
            `/api/petitions?filters[state][$eq]=accepted&sort=dueAt:asc&pagination[pageSize]=25&pagination[page]=${1 + Math.floor(Math.random() * pages)}`,
            { token },
          );
      for (const [who, token0, target] of [
        ['county_list', clerk, TARGETS.county_list_p95_ms],
        ['city_list', supervisor, TARGETS.city_list_p95_ms],
      ]) {
        const first = await list(token0)();
        const token = token0;
        const pages = Math.min(20, first.body.meta?.pagination?.pageCount ?? 1); // a page among the first 20
        if (first.status !== 200 || first.body.data.length !== 25)
          throw new Error(`${who}: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
        for (let i = 0; i < 20; i += 1) await list(token, pages)();
        const cpu0 = cpuMs(app.pid);
        const r = await load({ clients: CLIENTS, seconds: SECONDS, fn: list(token, pages) });
        if (r.failures) throw new Error(`${who}: ${r.failures} failures`);
        // The server's own CPU time per request: what the machine's other load changes least.
        const cpu = (cpuMs(app.pid) - cpu0) / r.latencies.length;
        m[`${who}_cpu_ms_${label}`] = cpu;
        put(
          `${who}_p95_ms`,
          quantile(r.latencies, 0.95),
          `≤ ${target}; ${CLIENTS} clients, ${first.body.meta.pagination.total} accepted in scope, ${r.perSecond.toFixed(0)} req/s, server CPU ${cpu.toFixed(1)} ms/request; load ${load1()}`,
        );
      }

      // Search: exact ID (keyed hash) and a name prefix (surname + first given character), one client.
      const idSearch = async (p) => {
        const res = await call('GET', `/api/petitions/search?q=${p.idNo}`, { token: clerk });
        if (res.status !== 200 || res.body.data.length !== 1 || res.body.data[0].documentId !== p.documentId)
          throw new Error(`ID search: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.ms;
      };
      const nameSearch = async (p) => {
        const prefix = p.name.slice(0, 2);
        const res = await call('GET', `/api/petitions/search?q=${encodeURIComponent(prefix)}`, { token: clerk });
        if (res.status !== 200 || !res.body.data.length)
          throw new Error(`name search ${prefix}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.ms;
      };
      for (const p of people.slice(0, 5)) await Promise.all([idSearch(p), nameSearch(p)]);
      const ids = [];
      const names = [];
      for (const p of people) {
        ids.push(await idSearch(p));
        names.push(await nameSearch(p));
      }
      put(
        'id_search_ms',
        median(ids),
        `≤ ${TARGETS.id_search_ms}; median of ${ids.length}, p95 ${quantile(ids, 0.95).toFixed(1)}; load ${load1()}`,
      );
      put('name_search_ms', median(names), `median of ${names.length}, p95 ${quantile(names, 0.95).toFixed(1)}; load ${load1()}`);

      // Create with the 20-field form, one client.
      const org = await townOrg(app, clerk);
      const creates = [];
      for (let i = 0; i < 25; i += 1) {
        const res = await call('POST', '/api/petitions', { token: clerk, body: petitionBody(org, caseTypeId, pii) });
        if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (i >= 5) creates.push(res.ms);
      }
      put('create_ms', median(creates), `median of ${creates.length}, 20-field form + party; load ${load1()}`);

      // Year dashboards: the supervisor's city, and one county in it. First computed live (no
      // aggregates yet), then after the nightly job, whose figures must be the live ones.
      const dashboards = async (suffix, targetFor) => {
        const out = {};
        for (const [who, q, target] of [
          ['county_dashboard', `&org=${COUNTY}`, null],
          ['city_dashboard', '', targetFor],
        ]) {
          const { times, data } = await timeDashboard(call, supervisor, q, who);
          out[who] = data;
          const basis = out[who].aggregates ? `aggregates to ${out[who].aggregates.until}` : 'live';
          put(`${who}${suffix}_ms`, median(times), `${target ? `≤ ${target}; ` : ''}median of ${times.length}, ${basis}; load ${load1()}`);
        }
        return out;
      };
      const live = await dashboards('_live', null);
      const refresh = await runJob(app, admin, 'measure-aggregates');
      put('measure_refresh_s', refresh.seconds, `the nightly job, ${JSON.stringify(refresh.counts)}; load ${load1()}`);
      const summed = await dashboards('', TARGETS.city_dashboard_ms);
      for (const who of Object.keys(live)) {
        if (!summed[who].aggregates) throw new Error(`${who}: the aggregates were not used`);
        const fig = (d) => JSON.stringify(d.measures.map((x) => [x.key, x.numerator, x.denominator, x.previous, x.yearAgo, x.trend]));
        if (fig(live[who]) !== fig(summed[who])) throw new Error(`${who}: the aggregates' figures differ from the live ones`);
      }

      // The daily jobs, as the scheduler runs them.
      const scan = await runJob(app, admin, 'warning-scan');
      const scanNote = `${n * 5} visits; ${JSON.stringify(scan.counts)}; load ${load1()}`;
      if (dense) put('scan_s', scan.seconds, scanNote);
      else {
        put(`scan_s_${visitsLabel(n)}_visits`, scan.seconds, `${label === '10m' ? `≤ ${SCAN_TARGET_S}; ` : ''}${scanNote}`);
        m[`scan_s_${label}`] = scan.seconds;
      }
      const expiry = await runJob(app, admin, 'credit-expiry');
      put('credit_expiry_s', expiry.seconds, `${n / 500} flags; ${JSON.stringify(expiry.counts)}; load ${load1()}`);
    } finally {
      await app.stop();
    }

    // The city dashboard with 20 days live instead of 2: ten times the rows in its live part, as
    // many as a province ten times this size has in 2 days (the aggregates' rows do not grow).
    log(`[${label}] the city dashboard with 20 days live…`);
    app = await startApp({
      name: 'ours',
      cwd: root,
      root,
      env: { ...env, FANGTIAO_DEMO: 'false', FANGTIAO_MEASURES_LIVE_DAYS: '20' },
      timeoutMs: 1_800_000,
    });
    try {
      const admin = (await app.call('POST', '/admin/login', { body: adminLogin })).body.data.token;
      const supervisor = await login(app, 'supervisor.city', password);
      await runJob(app, admin, 'measure-aggregates');
      const { times, data } = await timeDashboard(app.call, supervisor, '', 'city dashboard, 20 days live');
      if (!data.aggregates) throw new Error('city dashboard, 20 days live: the aggregates were not used');
      put('city_dashboard_20d_live_ms', median(times), `median of ${times.length}; the live part ten times the rows; load ${load1()}`);
    } finally {
      await app.stop();
    }
  } finally {
    if (!process.env.BENCH_SCALE_KEEP) {
      await withPg('postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`)).catch((e) =>
        log(`could not drop ${db}: ${e.message}`),
      );
    }
  }
  return { metrics: m, rows };
}

async function townOrg(app, token) {
  const res = await app.call('GET', `/api/organisations?filters[code][$eq]=${COUNTY}002`, { token });
  return res.body.data[0].documentId;
}

let nth = 0;
function petitionBody(org, caseType, pii) {
  nth += 1;
  const { idNumber } = require('./lib/people');
  return {
    data: {
      channel: 'visit',
      subject: '邻里排水纠纷',
      demands: '要求疏通',
      organisation: org,
      caseType,
      formData: formValues20,
      parties: [{ name: '张三', idNumber: idNumber(9_000_000 + nth, pii.checkCharOf), phone: '13800138000', address: '新桥村1组' }],
    },
  };
}

async function run({ root, log }) {
  const wanted = (process.env.BENCH_SCALE_SIZES || '100k,1m,10m')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const s of wanted) if (!SIZES[s] && !DENSE[s]) throw new Error(`BENCH_SCALE_SIZES: unknown size ${s} (100k, 1m, 10m, 10m_city)`);
  const keys = `b1:${crypto.randomBytes(32).toString('base64')}`;
  process.env.FANGTIAO_PII_KEYS = keys;
  const dist = (mod) => require(path.join(root, 'dist', 'src', 'personal-data', mod));
  const pii = { ...dist('cipher.js'), ...dist('at-rest.js'), ...dist('id-number.js') };

  // Figures of sizes measured in earlier runs stay, so the sizes can be run one at a time.
  const file = path.join(root, 'bench', 'results', 'scale.json');
  const metrics = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).metrics : {};
  const rows = [];
  for (const label of wanted) {
    const spec = DENSE[label] ?? { n: SIZES[label] };
    const r = await measureSize({ root, log, label, n: spec.n, dense: spec.dense, pii, keys });
    for (const k of Object.keys(metrics))
      if (k.endsWith(`_${label}`) || (!spec.dense && k === `scan_s_${visitsLabel(spec.n)}_visits`)) delete metrics[k];
    Object.assign(metrics, r.metrics);
    rows.push(...r.rows);
    log(`[${label}] ${r.rows.map(([k, v]) => `${k}=${Math.round(v * 10) / 10}`).join(' ')}`);
  }
  fs.writeFileSync(file, JSON.stringify({ metrics }, null, 2) + '\n'); // before the chart, which may lack its packages
  try {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs', 'scale.svg'), await drawCurves(metrics, SIZES));
    log('drew docs/scale.svg');
  } catch (e) {
    log(`no chart (npm install vega vega-lite): ${e.message}`);
  }
  return { metrics, rows };
}

module.exports = { run };
