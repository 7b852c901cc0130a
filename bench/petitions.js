'use strict';
/**
 * Petitions: creating one with a 20-field form through the API, and listing a county's
 * petitions (filtered by state, sorted by deadline) with 100,000 in the database — against
 * bench/plain-petitions, a plain Strapi app with one flat record type of the same fields,
 * measured in the same run on the same machine.
 */
const fs = require('fs');
const path = require('path');
const { rand, secrets, startApp, load, quantile, median, profileArgs } = require('./lib/apps');
const { formSchema20, formValues20 } = require('./lib/form20');

const CREATES = Number(process.env.BENCH_CREATES) || 200;
const ROWS = Number(process.env.BENCH_ROWS) || 100_000;
const LIST_SECONDS = Number(process.env.BENCH_LIST_SECONDS) || 15;
const CLIENTS = 10;
const STATES = ['registered', 'accepted', 'in_mediation', 'unit_handling', 'leader_handling', 'concluded', 'closed'];

/** 20 fields of every kind, as an admin would configure a case type (bench/lib/form20.js, shared with bench scale). */
const formSchema = formSchema20;
const values = formValues20;
const ID = formValues20.f4;
const plainRecord = () => ({
  subject: '邻里排水纠纷',
  channel: 'visit',
  state: 'registered',
  demands: '要求疏通',
  countyCode: '990102',
  partyName: '张三',
  partyIdNumber: ID,
  partyPhone: '13800138000',
  ...values,
});

function freshDb(work, name) {
  const file = path.join(work, `petitions-${name}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  return file;
}

/** Copies one row the app wrote into `count` rows with other ids, states and deadlines. */
function seed(file, table, count, vary) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  const template = db.prepare(`SELECT * FROM ${table} ORDER BY id DESC LIMIT 1`).get();
  const cols = Object.keys(template).filter((c) => c !== 'id');
  const insert = db.prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  const many = db.transaction((n) => {
    for (let i = 0; i < n; i += 1) {
      const row = { ...template, ...vary(i) };
      insert.run(cols.map((c) => row[c]));
    }
  });
  many(count);
  db.close();
}

async function run({ root, log }) {
  const work = path.join(root, 'bench', '.work');
  fs.mkdirSync(work, { recursive: true });
  const env = { ...secrets(), DATABASE_CLIENT: 'sqlite' };
  const demoPassword = `Bench-${rand().slice(0, 8)}`;
  const oursDb = freshDb(work, 'ours');
  const plainDb = freshDb(work, 'plain');

  log('starting our app with demo data and the plain app…');
  const ours = await startApp({
    name: 'ours',
    cwd: root,
    root,
    env: {
      ...env,
      DATABASE_FILENAME: oursDb,
      FANGTIAO_DEMO: 'true',
      DEMO_PASSWORD: demoPassword,
      STRAPI_LOG_LEVEL: 'info',
      FANGTIAO_ACCESS_TOKEN_SECONDS: '3600' /* one token for the whole run */,
    },
    nodeArgs: profileArgs(work),
  });
  const plain = await startApp({
    name: 'plain',
    cwd: path.join(root, 'bench', 'plain-petitions'),
    root,
    env: { ...env, DATABASE_FILENAME: plainDb },
  });
  try {
    const [, email, password] = ours.output().match(/Admin panel: (\S+) \/ (\S+)/) ?? [];
    const admin = (await ours.call('POST', '/admin/login', { body: { email, password } })).body.data.token;
    const type = await ours.call('POST', '/content-manager/collection-types/api::case-type.case-type', {
      token: admin,
      body: { name: '基准类型', code: 'bench-type', formSchema },
    });
    if (type.status !== 201) throw new Error(`case type: ${JSON.stringify(type.body)}`);
    const clerk = (await ours.call('POST', '/api/auth/local', { body: { identifier: 'clerk.donghu', password: demoPassword } })).body.jwt;
    const org = (await ours.call('GET', '/api/organisations?filters[code][$eq]=990102002', { token: clerk })).body.data[0].documentId;
    const plainJwt = (await plain.call('POST', '/api/auth/local', { body: { identifier: 'bench', password: 'Bench-password-1' } })).body
      .jwt;

    const petition = {
      data: {
        channel: 'visit',
        subject: '邻里排水纠纷',
        demands: '要求疏通',
        organisation: org,
        caseType: type.body.data.documentId,
        formData: values,
        parties: [{ name: '张三', idNumber: ID, phone: '13800138000', address: '新桥村1组' }],
      },
    };
    const createOurs = () => ours.call('POST', '/api/petitions', { token: clerk, body: petition });
    const createPlain = () => plain.call('POST', '/api/records', { token: plainJwt, body: { data: plainRecord() } });
    for (let i = 0; i < 30; i += 1) {
      const [a, b] = [await createOurs(), await createPlain()];
      if (a.status !== 201 || b.status !== 201)
        throw new Error(`create failed: ${JSON.stringify(a.body).slice(0, 300)} ${JSON.stringify(b.body).slice(0, 300)}`);
    }
    log(`measuring ${CREATES} creates each, alternating…`);
    const t = { ours: [], plain: [] };
    for (let i = 0; i < CREATES; i += 1) {
      t.ours.push((await createOurs()).ms);
      t.plain.push((await createPlain()).ms);
    }
    const createOursMs = median(t.ours);
    const createPlainMs = median(t.plain);

    log(`seeding ${ROWS} rows into each database…`);
    const counties = ['990102', '990103'];
    const day = 86_400_000;
    const base = Date.now();
    seed(oursDb, 'petitions', ROWS, (i) => ({
      document_id: `bench${i}${rand().slice(0, 8)}`,
      reference_no: `${counties[i % 2]}-2025-${String(i).padStart(7, '0')}`,
      county_code: counties[i % 2],
      township_code: counties[i % 2] + '001',
      state: STATES[i % STATES.length],
      due_at: base + ((i * 7919) % 120) * day - 30 * day,
    }));
    seed(plainDb, 'records', ROWS, (i) => ({
      document_id: `bench${i}${rand().slice(0, 8)}`,
      county_code: counties[i % 2],
      state: STATES[i % STATES.length],
      due_at: base + ((i * 7919) % 120) * day - 30 * day,
    }));

    // A fair baseline: plain Strapi gets the same index as ours (county, state, deadline) unless
    // BENCH_PLAIN_INDEX=0 asks for the bare app (as created by `strapi new`).
    if (process.env.BENCH_PLAIN_INDEX !== '0') {
      const Database = require('better-sqlite3');
      const db = new Database(plainDb);
      db.exec('CREATE INDEX IF NOT EXISTS ix_records_list ON records (county_code, state, due_at)');
      db.close();
      log('plain app given the same index as ours (BENCH_PLAIN_INDEX=0 for none)');
    }
    const page = () => 1 + Math.floor(Math.random() * 20);
    const listOurs = () =>
      ours.call('GET', `/api/petitions?filters[state][$eq]=accepted&sort=dueAt:asc&pagination[pageSize]=25&pagination[page]=${page()}`, {
        token: clerk,
      });
    const listPlain = () =>
      plain.call(
        'GET',
        `/api/records?filters[countyCode][$eq]=990102&filters[state][$eq]=accepted&sort=dueAt:asc&pagination[pageSize]=25&pagination[page]=${page()}`,
        { token: plainJwt },
      );
    const check = await listOurs();
    const checkPlain = await listPlain();
    if (check.status !== 200 || check.body.data.length !== 25 || checkPlain.body.data.length !== 25)
      throw new Error('list returned no page');
    log(`our county list holds ${check.body.meta.pagination.total} rows; plain ${checkPlain.body.meta.pagination.total}`);
    for (let i = 0; i < 20; i += 1) await Promise.all([listOurs(), listPlain()]);

    log(`listing with ${CLIENTS} concurrent clients, ${LIST_SECONDS} s each…`);
    const lo = await load({ clients: CLIENTS, seconds: LIST_SECONDS, fn: listOurs });
    const lp = await load({ clients: CLIENTS, seconds: LIST_SECONDS, fn: listPlain });
    if (lo.failures || lp.failures) throw new Error(`list failures: ours ${lo.failures}, plain ${lp.failures}`);

    const metrics = {
      create_ms_ours: createOursMs,
      create_ms_plain: createPlainMs,
      create_ratio: createOursMs / createPlainMs,
      list_p95_ms_100k: quantile(lo.latencies, 0.95),
      list_p95_ms_100k_plain: quantile(lp.latencies, 0.95),
      list_rps_ours: lo.perSecond,
      list_rps_plain: lp.perSecond,
      list_throughput_ratio: lo.perSecond / lp.perSecond,
      list_p95_ratio: quantile(lo.latencies, 0.95) / quantile(lp.latencies, 0.95),
    };
    const plainIndexed = process.env.BENCH_PLAIN_INDEX !== '0';
    const ok = (cond) => (cond ? 'met' : 'NOT met');
    return {
      metrics,
      rows: [
        ['create_ms_ours', metrics.create_ms_ours, `median of ${CREATES}, 20-field form + party`],
        ['create_ms_plain', metrics.create_ms_plain, 'plain Strapi, flat record of the same fields'],
        ['create_ratio', metrics.create_ratio, `≤ 1.5 (${ok(metrics.create_ratio <= 1.5)})`],
        ['list_p95_ms_100k', metrics.list_p95_ms_100k, `≤ 100 (${ok(metrics.list_p95_ms_100k <= 100)}), ${CLIENTS} clients`],
        ['list_p95_ms_100k_plain', metrics.list_p95_ms_100k_plain, `plain Strapi, same rows, ${plainIndexed ? 'same index' : 'no index'}`],
        ['list_rps_ours', metrics.list_rps_ours, ''],
        ['list_rps_plain', metrics.list_rps_plain, ''],
        ['list_throughput_ratio', metrics.list_throughput_ratio, `≥ 2 (${ok(metrics.list_throughput_ratio >= 2)})`],
        ['list_p95_ratio', metrics.list_p95_ratio, `≤ 0.5 (${ok(metrics.list_p95_ratio <= 0.5)}), ours ÷ plain`],
      ],
    };
  } catch (e) {
    // The apps' own last words say why a request failed (a crash, an out-of-memory kill).
    log(`failed; our app's output ends:\n${ours.output().slice(-3000)}\nthe plain app's:\n${plain.output().slice(-1500)}`);
    throw e;
  } finally {
    await Promise.all([ours.stop(), plain.stop()]);
  }
}

module.exports = { run };
