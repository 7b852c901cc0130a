'use strict';
/**
 * Warnings: the daily scan over 1,000,000 visits and 200,000 petitions, set-based (one
 * aggregate INSERT … SELECT per rule, no query per row), then an immediate second run that
 * must raise nothing. SQLite always; PostgreSQL too when DATABASE_CLIENT=postgres and the
 * server answers (DATABASE_HOST/PORT/USERNAME/PASSWORD, default 127.0.0.1:5432 fangtiao).
 *
 * Each database is measured in a child process: boot the compiled app in-process on a fresh
 * database (schema, default rules), generate the rows in the database itself, time the scan.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');

const PETITIONS = Number(process.env.BENCH_PETITIONS) || 200_000;
const VISITS = Number(process.env.BENCH_VISITS) || 1_000_000;
const rand = () => crypto.randomBytes(16).toString('hex');

const pg = () => ({
  host: process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.DATABASE_PORT || 5432),
  user: process.env.DATABASE_USERNAME || 'fangtiao',
  password: process.env.DATABASE_PASSWORD || 'fangtiao',
});

async function pgReachable() {
  if (process.env.DATABASE_CLIENT !== 'postgres') return false;
  const { Client } = require('pg');
  const c = new Client({ ...pg(), database: 'postgres', connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Child: one database, one measurement. */
async function child(client, root) {
  const name = 'ft_bench_warnings';
  Object.assign(process.env, {
    APP_KEYS: [rand(), rand()].join(','),
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
    CRON_ENABLED: 'false',
    FANGTIAO_DEMO: 'false',
    SERVE_ADMIN_PANEL: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    FANGTIAO_EMAIL: 'false',
    NODE_ENV: 'production',
  });
  if (client === 'postgres') {
    const { Client } = require('pg');
    const c = new Client({ ...pg(), database: 'postgres' });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name });
    delete process.env.DATABASE_URL;
  } else {
    const file = path.join(root, 'bench', '.work', `${name}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    Object.assign(process.env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file });
  }
  const { createStrapi } = require(path.join(root, 'node_modules', '@strapi', 'strapi'));
  const strapi = createStrapi({ appDir: root, distDir: path.join(root, 'dist') });
  await strapi.load();
  try {
    const { seedOrganisations } = require(path.join(root, 'dist', 'src', 'bootstrap', 'demo-data'));
    const orgs = await seedOrganisations(strapi);
    // Recipients: a county clerk and a township leader, so the scan also links and notifies.
    const role = async (type) => (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } })).id;
    for (const [u, r, org] of [
      ['bench.clerk', 'clerk', '990102'],
      ['bench.leader', 'leader', '990102002'],
    ]) {
      await strapi
        .plugin('users-permissions')
        .service('user')
        .add({
          username: u,
          email: `${u}@bench.invalid`,
          password: 'Bench-password-1',
          provider: 'local',
          confirmed: true,
          blocked: false,
          role: await role(r),
          organisation: orgs.get(org),
        });
    }
    const town = await strapi.db.query('api::organisation.organisation').findOne({ where: { code: '990102002' }, select: ['id'] });
    const t0 = Date.now();
    await generate(strapi, client, town.id);
    const genS = (Date.now() - t0) / 1000;
    if (client === 'postgres') await strapi.db.connection.raw('ANALYZE');
    else await strapi.db.connection.raw('ANALYZE');
    const svc = strapi.plugin('fangtiao').service('warning');
    const t1 = process.hrtime.bigint();
    const first = await svc.scan();
    const scanS = Number(process.hrtime.bigint() - t1) / 1e9;
    const t2 = process.hrtime.bigint();
    const second = await svc.scan();
    const rescanS = Number(process.hrtime.bigint() - t2) / 1e9;
    const notifications = await strapi.db.query('plugin::fangtiao.notification').count();
    process.stdout.write(
      `RESULT ${JSON.stringify({ client, genS, scanS, rescanS, raised: first.raised, byRule: first.byRule, rescanRaised: second.raised, notifications })}\n`,
    );
  } finally {
    await strapi.destroy();
    if (client === 'postgres') {
      const { Client } = require('pg');
      const c = new Client({ ...pg(), database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await c.end();
    }
  }
}

/** Rows generated by the database itself: a recursive CTE on SQLite, generate_series on PostgreSQL. */
async function generate(strapi, client, townId) {
  const k = strapi.db.connection;
  const meta = (uid) => strapi.db.metadata.get(uid);
  const col = (uid, a) => meta(uid).attributes[a].columnName;
  const lnk = (uid, a) => meta(uid).attributes[a].joinTable;
  const P = 'api::petition.petition';
  const V = 'api::visit.visit';
  const pt = meta(P).tableName;
  const vt = meta(V).tableName;
  const base = Date.parse('2026-01-01T00:00:00+08:00');
  const now = Date.now();
  const sqlite = client === 'sqlite';
  const series = (n) => (sqlite ? `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) ` : '');
  const from = (n) => (sqlite ? 'FROM s' : `FROM generate_series(1, ${n}) AS s(i)`);
  const ts = (msExpr) => (sqlite ? `(${msExpr})` : `to_timestamp((${msExpr}) / 1000.0)`);
  const docId = sqlite ? 'lower(hex(randomblob(12)))' : 'substr(md5(random()::text || s.i::text), 1, 24)';
  const t = sqlite ? '1' : 'true';
  const f = sqlite ? '0' : 'false';
  // 200,000 petitions in two counties; one in ten past its deadline.
  await k.raw(
    `${series(PETITIONS)}INSERT INTO "${pt}" (id, document_id, "${col(P, 'referenceNo')}", "${col(P, 'subject')}", "${col(P, 'channel')}", "${col(P, 'state')}", ` +
      `"${col(P, 'registeredAt')}", "${col(P, 'dueAt')}", "${col(P, 'isBacklog')}", "${col(P, 'isRepeat')}", "${col(P, 'visitCount')}", city_code, county_code, township_code, created_at, updated_at, published_at) ` +
      `SELECT s.i, ${docId}, '990102-2026-' || s.i, '排水纠纷' || s.i, 'visit', 'accepted', ${ts(`${base} + s.i * 1000`)}, ` +
      `CASE WHEN s.i % 10 = 0 THEN ${ts(`${now - 86400000} - s.i`)} ELSE ${ts(String(now + 86400000 * 30))} END, ${f}, ${f}, 5, ` +
      `'990100', CASE WHEN s.i % 2 = 0 THEN '990102' ELSE '990103' END, CASE WHEN s.i % 2 = 0 THEN '990102002' ELSE '990103001' END, ${ts(String(now))}, ${ts(String(now))}, ${ts(String(now))} ${from(PETITIONS)}`,
  );
  const po = lnk(P, 'organisation');
  await k.raw(
    `INSERT INTO "${po.name}" ("${po.joinColumn.name}", "${po.inverseJoinColumn.name}") SELECT id, ${townId} FROM "${pt}" WHERE id <= ${PETITIONS}`,
  );
  // 1,000,000 visits, five per petition on average, at mixed levels (about 27% county or above, varying per petition).
  const level = `CASE (CAST(s.i AS BIGINT) * s.i + s.i / ${PETITIONS}) % 11 WHEN 0 THEN 'village' WHEN 1 THEN 'village' WHEN 2 THEN 'village' WHEN 3 THEN 'village' WHEN 4 THEN 'township' WHEN 5 THEN 'township' WHEN 6 THEN 'township' WHEN 7 THEN 'township' WHEN 8 THEN 'county' WHEN 9 THEN 'city' ELSE 'county' END`;
  const pid = `((s.i - 1) % ${PETITIONS}) + 1`;
  await k.raw(
    `${series(VISITS)}INSERT INTO "${vt}" (id, document_id, "${col(V, 'visitedAt')}", "${col(V, 'channel')}", "${col(V, 'level')}", "${col(V, 'headcount')}", "${col(V, 'isRepeat')}", "${col(V, 'isLeapfrog')}", ` +
      `city_code, county_code, township_code, created_at, updated_at, published_at) ` +
      `SELECT s.i, ${docId}, ${ts(`${base + 86400000} + s.i * 1000`)}, 'visit', ${level}, 1, ${f}, ${t}, '990100', ` +
      `CASE WHEN ${pid} % 2 = 0 THEN '990102' ELSE '990103' END, CASE WHEN ${pid} % 2 = 0 THEN '990102002' ELSE '990103001' END, ${ts(String(now))}, ${ts(String(now))}, ${ts(String(now))} ${from(VISITS)}`,
  );
  const vl = lnk(V, 'petition');
  await k.raw(
    `INSERT INTO "${vl.name}" ("${vl.joinColumn.name}", "${vl.inverseJoinColumn.name}") SELECT id, ((id - 1) % ${PETITIONS}) + 1 FROM "${vt}"`,
  );
  if (!sqlite) {
    for (const tb of [pt, vt]) await k.raw(`SELECT setval(pg_get_serial_sequence('"${tb}"', 'id'), (SELECT MAX(id) FROM "${tb}"))`);
  }
}

function measure(root, client, log) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--max-old-space-size=4096', __filename, 'child', client], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) return reject(new Error(`${client} child exited ${code}: ${out.slice(-2000)}`));
      const r = JSON.parse(line.slice(7));
      log(
        `${client}: generated in ${r.genS.toFixed(1)} s; scan ${r.scanS.toFixed(2)} s raised ${r.raised} ${JSON.stringify(r.byRule)}; rescan ${r.rescanS.toFixed(2)} s raised ${r.rescanRaised}; ${r.notifications} notifications`,
      );
      resolve(r);
    });
    c.on('error', reject);
  });
}

async function run({ root, log }) {
  log(`warnings: ${PETITIONS} petitions, ${VISITS} visits — SQLite…`);
  const lite = await measure(root, 'sqlite', log);
  const metrics = { scan_s_1m_sqlite: lite.scanS, rescan_new_warnings: lite.rescanRaised, raised_1m_sqlite: lite.raised };
  const rows = [
    ['scan_s_1m_sqlite', lite.scanS, '≤ 30'],
    ['rescan_new_warnings', lite.rescanRaised, '0'],
    ['raised_1m_sqlite (first scan)', lite.raised, ''],
    ['rescan_s_sqlite', lite.rescanS, ''],
  ];
  if (await pgReachable()) {
    log('PostgreSQL…');
    const p = await measure(root, 'postgres', log);
    Object.assign(metrics, { scan_s_1m_postgres: p.scanS, rescan_new_warnings_postgres: p.rescanRaised });
    rows.push(
      ['scan_s_1m_postgres', p.scanS, '≤ 30'],
      ['rescan_new_warnings_postgres', p.rescanRaised, '0'],
      ['rescan_s_postgres', p.rescanS, ''],
    );
    metrics.rescan_new_warnings = Math.max(metrics.rescan_new_warnings, p.rescanRaised);
  } else {
    rows.push(['scan_s_1m_postgres', 'not run', 'set DATABASE_CLIENT=postgres with a reachable server']);
  }
  return { metrics, rows };
}

if (require.main === module && process.argv[2] === 'child') {
  child(process.argv[3], path.join(__dirname, '..')).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

module.exports = { run };
