'use strict';
/**
 * A real cluster: N `strapi start` instances on one PostgreSQL database behind nginx (plain
 * round-robin), a mixed load from autocannon, one instance killed with `kill -9` during the
 * load and restarted on its port. Used by `npm run bench -- cluster` (3 instances) and by
 * `npm run test:cluster` (CI: 2 instances), which asserts on what this returns.
 *
 * Returns the measurements and the evidence behind them: failed requests and where they
 * went, consistency findings, job runs per fire time, and the time until an auth change made
 * on one instance is enforced on another.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { secrets, sleep, startApp, call, freePort, quantile } = require('./apps');

const pgConfig = () => ({
  host: process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.DATABASE_PORT || 5432),
  user: process.env.DATABASE_USERNAME || 'fangtiao',
  password: process.env.DATABASE_PASSWORD || 'fangtiao',
});

async function pg(database, fn) {
  const { Client } = require('pg');
  const c = new Client({ ...pgConfig(), database });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * nginx in front of the instances. Retries: a request whose connection to an instance fails
 * (refused: the instance is down) goes to the next one whatever its method, as nothing was
 * sent; a request an instance received and then dropped (killed mid-request) is retried only
 * when idempotent — nginx never passes a POST on once it has been sent (no `non_idempotent`),
 * so a visit or a move is never recorded twice; its caller gets 502 and may try again.
 * `max_fails=1 fail_timeout=3s`: a dead instance is skipped for 3 s, then probed again.
 */
function nginxConfig({ dir, port, upstreams }) {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  log_format timed '$msec|$request_time|$status|$upstream_addr|$upstream_status|$request_method $uri';
  access_log ${dir}/access.log timed;
  upstream fangtiao {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://fangtiao;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      # No temp files: nginx started as root runs its workers as nobody, who cannot write the temp dir.
      proxy_max_temp_file_size 0;
    }
  }
}
`;
}

async function startNginx({ dir, port, upstreams }) {
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig({ dir, port, upstreams }));
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const res = await call(port, 'GET', '/_health').catch(() => null);
    if (res && res.status === 204) break;
    await sleep(100);
  }
  return {
    port,
    accessLog: () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** `count` copies of the newest petition with its organisation and case type, set-based. */
async function seedPetitions(c, count, log) {
  const t0 = Date.now();
  await c.query('SET synchronous_commit = off');
  const cols = (
    await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'petitions' AND column_name <> 'id'`)
  ).rows.map((r) => r.column_name);
  const over = { document_id: `'seed' || g`, reference_no: `t.reference_no || '-S' || g`, visit_count: '0' };
  const {
    rows: [t],
  } = await c.query('SELECT id FROM petitions ORDER BY id DESC LIMIT 1');
  await c.query(
    `INSERT INTO petitions (${cols.map((x) => `"${x}"`).join(',')})
     SELECT ${cols.map((x) => over[x] ?? `t."${x}"`).join(',')} FROM petitions t, generate_series(1, $1) g WHERE t.id = $2`,
    [count, t.id],
  );
  log(`  petitions copied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Every petition has its organisation and case type; the other relations (mediator, leader…) are left empty.
  const links = (
    await c.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name IN ('petitions_organisation_lnk', 'petitions_case_type_lnk')`,
    )
  ).rows.map((r) => r.table_name);
  for (const lnk of links) {
    const lc = (
      await c.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name NOT IN ('id', 'petition_id')`,
        [lnk],
      )
    ).rows.map((r) => `"${r.column_name}"`);
    await c.query(
      `INSERT INTO "${lnk}" (petition_id${lc.map((x) => `, ${x}`).join('')})
       SELECT p.id${lc.map((x) => `, l.${x}`).join('')} FROM petitions p JOIN "${lnk}" l ON l.petition_id = $1 WHERE p.document_id LIKE 'seed%'`,
      [t.id],
    );
  }
  log(`  with ${links.length} link tables in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const table of ['petitions', ...links]) await c.query(`ANALYZE "${table}"`);
}

/** A login through the proxy: the access token. */
async function login(port, identifier, password) {
  const res = await call(port, 'POST', '/api/auth/local', { body: { identifier, password } });
  if (res.status !== 200) throw new Error(`login ${identifier}: ${res.status} ${JSON.stringify(res.body)}`);
  return { jwt: res.body.jwt, id: res.body.user.id };
}

/** Cases for the load, made through the API as users would: some in mediation, one concluded with its agreement issued. */
async function prepareCases(port, { clerk, mediator }, count) {
  const as = (u) => ({ token: u.jwt });
  const ok = (res, what, status = [200, 201]) => {
    if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  };
  const org = ok(await call(port, 'GET', '/api/organisations?filters[code][$eq]=990102002', as(clerk)), 'organisation').data[0].documentId;
  const committee = ok(
    await call(port, 'GET', `/api/committees?filters[name][$eq]=${encodeURIComponent('湖滨镇人民调解委员会')}`, as(clerk)),
    'committee',
  ).data[0].documentId;
  const consent = { mediationConsent: true, consentWay: 'written' };
  const parties = [
    { name: '张三', idNumber: '110105198001011238', phone: '13800138000', address: '新桥村1组', ...consent },
    { name: '李四', idNumber: '110105198503152460', phone: '13900139000', address: '新桥村2组', ...consent },
  ];
  const register = async () =>
    ok(
      await call(port, 'POST', '/api/petitions', {
        ...as(clerk),
        body: {
          data: {
            channel: 'visit',
            subject: '邻里排水纠纷',
            demands: '要求疏通排水沟并赔偿损失',
            history: '2026年10月首次到村反映',
            organisation: org,
            parties,
          },
        },
      }),
      'register',
    ).data.documentId;
  const move = async (u, id, action, input = {}) =>
    ok(await call(port, 'POST', `/api/petitions/${id}/transition`, { ...as(u), body: { action, input } }), action);
  const inMediation = [];
  for (let i = 0; i < count; i += 1) {
    const id = await register();
    await move(clerk, id, 'accept');
    await move(clerk, id, 'divert', { committee, mediator: mediator.id });
    inMediation.push(id);
  }
  const concluded = await register();
  await move(clerk, concluded, 'accept');
  await move(clerk, concluded, 'divert', { committee, mediator: mediator.id });
  await move(mediator, concluded, 'mediation_success', { agreedTerms: '乙方疏通排水沟并赔偿损失' });
  const doc = ok(await call(port, 'POST', `/api/petitions/${concluded}/documents/mediation-agreement`, as(mediator)), 'issue agreement')
    .data.documentId;
  return { org, parties, inMediation, concluded, document: doc };
}

/**
 * The mix, per connection, 20 requests a round: 14 reads (lists of the 100k petitions, one
 * petition, its moves), 4 writes (a visit, a mediation session, a registration and its
 * acceptance: a move) and 2 PDF downloads. Writes go to the connection's own case.
 */
function requestsFor(i, { clerk, mediator, cases }) {
  const bearer = (u) => ({ authorization: `Bearer ${u.jwt}`, 'content-type': 'application/json' });
  const mine = cases.inMediation[i % cases.inMediation.length];
  const get = (p, u = clerk) => ({ method: 'GET', path: p, headers: bearer(u) });
  const list = (page) => get(`/api/petitions?pagination[page]=${page}&pagination[pageSize]=25&sort=registeredAt:desc`);
  const pdf = { method: 'GET', path: `/api/documents/${cases.document}/download`, headers: bearer(clerk) };
  const visit = {
    method: 'POST',
    path: `/api/petitions/${mine}/visits`,
    headers: bearer(clerk),
    body: JSON.stringify({ data: { channel: 'visit', level: 'township', headcount: 1 } }),
  };
  const session = {
    method: 'POST',
    path: `/api/petitions/${mine}/sessions`,
    headers: bearer(mediator),
    body: JSON.stringify({
      data: { heldAt: '2026-11-20T09:00:00+08:00', place: '湖滨镇调解室', participants: '张三、李四', summary: '双方同意疏通排水沟' },
    }),
  };
  const register = {
    method: 'POST',
    path: '/api/petitions',
    headers: bearer(clerk),
    body: JSON.stringify({
      data: {
        channel: 'visit',
        subject: '集群压测登记',
        demands: '要求处理',
        history: '首次反映',
        organisation: cases.org,
        parties: cases.parties,
      },
    }),
    onResponse: (status, body, context) => {
      context.created = null;
      if (status === 201) context.created = JSON.parse(body).data.documentId;
    },
  };
  // The move on the case just registered; if that registration failed (its instance was killed), a read instead.
  const accept = {
    method: 'POST',
    headers: bearer(clerk),
    setupRequest: (req, context) =>
      context.created
        ? { ...req, path: `/api/petitions/${context.created}/transition`, body: JSON.stringify({ action: 'accept', input: {} }) }
        : { ...req, method: 'GET', path: `/api/petitions/${mine}`, body: undefined },
  };
  return [
    list(1),
    get(`/api/petitions/${mine}`),
    list(2),
    visit,
    list(3),
    get(`/api/petitions/${mine}/moves`),
    pdf,
    list(1 + (i % 50)),
    register,
    accept,
    list(4),
    get(`/api/petitions/${mine}`, mediator),
    session,
    list(5),
    get(`/api/petitions/${cases.concluded}`),
    list(6),
    pdf,
    get(`/api/petitions/${mine}/moves`),
    list(7),
    get(`/api/petitions/${mine}`),
  ];
}

/** Runs autocannon with one request list per connection; every response and error with its time. */
function runLoad({ port, connections, seconds, lists }) {
  const autocannon = require('autocannon');
  const responses = [];
  const errors = [];
  return new Promise((resolve, reject) => {
    const instances = lists.map((requests) =>
      autocannon(
        { url: `http://127.0.0.1:${port}`, connections: 1, duration: seconds, requests, timeout: 30 },
        (err) => err && reject(err),
      ),
    );
    for (const inst of instances) {
      inst.on('response', (client, statusCode, resBytes, responseTime) =>
        responses.push({ at: Date.now(), status: statusCode, ms: responseTime }),
      );
      inst.on('reqError', (err) => errors.push({ at: Date.now(), message: err.message }));
    }
    Promise.all(instances.map((inst) => new Promise((r) => inst.on('done', r)))).then(
      () => resolve({ responses, errors, doneAt: Date.now() }),
      reject,
    );
  }).then((r) => ({ ...r, connections }));
}

/**
 * How long after a change (ms) a new request on `port` was still let through: requests are
 * sent one after another from before the change (so the caches are warm) until one that
 * started after the change is refused; the answer is the start of the last one let through
 * after the change (0 if none was), so the request's own latency does not count.
 */
async function refusalDelay(port, { path: p, token }, change, { refused = [401], timeoutMs = 10_000 } = {}) {
  const before = await call(port, 'GET', p, { token });
  if (before.status !== 200) throw new Error(`before the change ${p} answered ${before.status}`);
  let changedAt = Infinity;
  let changing = false;
  let stale = 0;
  let done = false;
  const poller = (async () => {
    const until = () => (changedAt === Infinity ? Infinity : changedAt + timeoutMs);
    while (Date.now() < until()) {
      const sentAt = Date.now();
      const res = await call(port, 'GET', p, { token });
      if (sentAt >= changedAt) {
        if (refused.includes(res.status)) return (done = true);
        if (res.status === 200) stale = sentAt - changedAt;
      } else if (!changing && res.status !== 200) throw new Error(`${p} answered ${res.status} before the change`);
    }
  })();
  await sleep(50);
  changing = true;
  await change();
  changedAt = Date.now();
  await poller;
  return done ? stale : timeoutMs;
}

async function run({ root, log = () => {}, instances = 3, rows = 100_000, seconds = 30, connections = 12, cases = 6 }) {
  const database = `cluster_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtiao-cluster-'));
  const privateDir = path.join(work, 'private'); // the shared volume: one directory for every instance
  const demoPassword = `Cluster-${crypto.randomBytes(6).toString('hex')}1a`;
  const env = {
    ...secrets(),
    NODE_ENV: 'production',
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: database,
    DATABASE_HOST: pgConfig().host,
    DATABASE_PORT: String(pgConfig().port),
    DATABASE_USERNAME: pgConfig().user,
    DATABASE_PASSWORD: pgConfig().password,
    FANGTIAO_PRIVATE_DIR: privateDir,
    FANGTIAO_EMAIL: 'false',
    FANGTIAO_DEMO: 'true',
    DEMO_PASSWORD: demoPassword,
    IS_PROXIED: 'true',
    CRON_ENABLED: 'true',
    FANGTIAO_JOB_TEST_CRON: '*/2 * * * * *',
    FANGTIAO_LOGIN_IP_FAILURES: '1000',
  };
  await pg('postgres', (c) => c.query(`CREATE DATABASE "${database}"`));
  const apps = [];
  const dead = [];
  let nginx = null;
  try {
    const ticks = [150, 650, 400];
    const start = (i, port) =>
      startApp({
        name: `instance ${i + 1}`,
        cwd: root,
        root,
        port,
        env: { ...env, FANGTIAO_JOB_TEST_TICK_MS: String(ticks[i % 3]), STRAPI_LOG_LEVEL: i === 0 ? 'info' : 'warn' },
      });
    let t0 = Date.now();
    apps[0] = await start(0); // creates the schema and the demo data
    const admin = /Admin panel: (\S+) \/ (\S+)/.exec(apps[0].output());
    if (!admin) throw new Error('the first instance did not print the demo admin');
    log(`instance 1 up in ${((Date.now() - t0) / 1000).toFixed(1)} s; seeding ${rows} petitions`);
    t0 = Date.now();
    await pg(database, (c) => seedPetitions(c, rows, log));
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (let i = 1; i < instances; i += 1) apps[i] = await start(i);
    const port = await freePort();
    nginx = await startNginx({ dir: path.join(work, 'nginx'), port, upstreams: apps.map((a) => a.port) });
    log(`${instances} instances behind nginx on :${port}`);

    const clerk = await login(port, 'clerk.hubin', demoPassword);
    const mediator = await login(port, 'mediator.hubin', demoPassword);
    const prepared = await prepareCases(port, { clerk, mediator }, cases);
    const setupDone = new Date();

    // The load, with the last instance killed at 40 % of it and restarted on its port.
    const victim = instances - 1;
    const victimPort = apps[victim].port;
    const lists = Array.from({ length: connections }, (_, i) => requestsFor(i, { clerk, mediator, cases: prepared }));
    const loadStart = Date.now();
    const loading = runLoad({ port, connections, seconds, lists });
    await sleep(seconds * 400);
    const killAt = Date.now();
    await apps[victim].kill();
    // When the process had exited: until then its listening socket still completed connections,
    // so nginx could send a request to the dying instance (and, once sent, not retry a POST).
    const goneAt = Date.now();
    log(`killed instance ${victim + 1} (kill -9), gone after ${goneAt - killAt} ms`);
    dead.push(apps[victim]);
    apps[victim] = await start(victim, victimPort);
    const restartedAt = Date.now();
    log(`instance ${victim + 1} back after ${((restartedAt - killAt) / 1000).toFixed(1)} s`);
    const load = await loading;
    const loadEnd = load.doneAt;

    // Every failed request, from the proxy's log and the client's errors.
    const proxied = nginx
      .accessLog()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [msec, rt, status, upstream, upstreamStatus, request] = line.split('|');
        return {
          end: Number(msec) * 1000,
          start: (Number(msec) - Number(rt)) * 1000,
          status: Number(status),
          upstream,
          upstreamStatus,
          request,
        };
      });
    // autocannon closes its connections when its time is up: requests cut then end in 499 (client
    // closed), not failures. Before that, it closes a connection only on its 30 s timeout.
    const stopAt = loadStart + seconds * 1000;
    // Likewise a 400 that nginx logs with no upstream when the load stops: a connection the
    // client left holding an incomplete request (seen after a 502 on the same connection) and
    // closed at the end. No instance ever had the request; it is listed, not counted.
    const cutAtStop = (r) => r.end >= stopAt - 1000 && (r.status === 499 || (r.status === 400 && r.upstream === '-'));
    const duringLoad = proxied.filter((r) => r.end >= loadStart && !cutAtStop(r));
    const incompleteAtStop = proxied.filter((r) => r.end >= loadStart && r.status === 400 && r.upstream === '-' && cutAtStop(r));
    const failed = duringLoad
      .filter((r) => r.status >= 400)
      .map((r) => ({
        ...r,
        sinceKillMs: Math.round(r.start - killAt),
        victim: r.upstream.split(', ').pop() === `127.0.0.1:${victimPort}`,
      }));
    // In flight on the killed instance: sent there before it was gone (its last upstream is the victim).
    const inFlight = (r) => r.victim && r.start <= goneAt + 50 && r.end >= killAt - 50;
    const clientErrors = load.errors;
    const failedOutside =
      failed.filter((r) => !inFlight(r)).length + clientErrors.filter((e) => e.at < killAt || e.at > killAt + 5000).length;
    const failedDuringKill = failed.filter(inFlight).length + clientErrors.filter((e) => e.at >= killAt && e.at <= killAt + 5000).length;

    const latencies = load.responses.map((r) => r.ms);
    const rps = load.responses.length / ((loadEnd - loadStart) / 1000);

    // Nothing half-written.
    const consistency = await pg(database, (c) => checkConsistency(c, setupDone));

    // Auth changes made on one instance (or by SQL), enforced on another.
    const stale = await staleAuth({ apps, database, admin: { email: admin[1], password: admin[2] }, demoPassword, log });

    // Jobs ran once per fire time, and went on for a few fire times after the restart.
    await sleep(Math.max(0, restartedAt + 6000 - Date.now()));
    const jobs = await pg(database, (c) => jobRuns(c, loadStart));

    const metrics = {
      cluster_instances: instances,
      cluster_rows: rows,
      cluster_requests: load.responses.length + clientErrors.length,
      cluster_instances_answering: new Set(duringLoad.filter((r) => r.status < 400).map((r) => r.upstream.split(', ').pop())).size,
      cluster_rps: rps,
      cluster_p95_ms: quantile(latencies, 0.95),
      failed_requests_during_kill: failedDuringKill,
      failed_requests_outside_kill: failedOutside,
      restart_seconds: (restartedAt - killAt) / 1000,
      consistency_problems: consistency.problems.length,
      jobs_fire_times: jobs.fireTimes,
      jobs_fire_times_after_restart: jobs.afterRestart(restartedAt),
      jobs_double_run: jobs.doubleRuns,
      stale_auth_ms: Math.max(...Object.values(stale)),
      ...Object.fromEntries(Object.entries(stale).map(([k, v]) => [`stale_auth_${k}_ms`, v])),
    };
    return {
      metrics,
      evidence: {
        failed: failed.slice(0, 50),
        incompleteAtStop: incompleteAtStop.slice(0, 50),
        clientErrors: clientErrors.slice(0, 50).map((e) => ({ ...e, sinceKillMs: e.at - killAt })),
        consistency: consistency.problems.slice(0, 50),
        mixCounts: countMix(duringLoad),
      },
    };
  } finally {
    if (nginx) await nginx.stop();
    // What each instance printed (the killed one's first life included), for the failures' causes.
    const logs = path.join(root, 'bench', 'results', 'cluster-logs');
    fs.rmSync(logs, { recursive: true, force: true });
    fs.mkdirSync(logs, { recursive: true });
    for (const [i, a] of [...apps, ...dead].entries()) if (a) fs.writeFileSync(path.join(logs, `instance-${i + 1}.log`), a.output());
    await Promise.all(apps.filter(Boolean).map((a) => a.stop().catch(() => {})));
    await pg('postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const countMix = (rows) => ({ total: rows.length, failed: rows.filter((r) => r.status >= 400).length });

/**
 * What a crash must not leave behind: a visit, move or session without its petition; a
 * petition whose visit count is not its visits; a petition whose moves do not chain from
 * registration to its state. Checked on every petition written since `since`.
 */
async function checkConsistency(c, since) {
  const problems = [];
  for (const [table, lnk, col] of [
    ['visits', 'visits_petition_lnk', 'visit_id'],
    ['petition_moves', 'petition_moves_petition_lnk', 'petition_move_id'],
    ['mediation_sessions', 'mediation_sessions_petition_lnk', 'mediation_session_id'],
  ]) {
    const { rows } = await c.query(
      `SELECT x.id FROM "${table}" x WHERE NOT EXISTS (SELECT 1 FROM "${lnk}" l JOIN petitions p ON p.id = l.petition_id WHERE l."${col}" = x.id)`,
    );
    for (const r of rows) problems.push(`${table} ${r.id} has no petition`);
  }
  const touched = (await c.query(`SELECT id, document_id, state, visit_count FROM petitions WHERE updated_at >= $1`, [since])).rows;
  for (const p of touched) {
    const visits = Number(
      (
        await c.query(
          `SELECT count(*) n FROM visits_petition_lnk l JOIN visits v ON v.id = l.visit_id WHERE l.petition_id = $1 AND coalesce(v.purpose, 'petition') <> 'performance'`,
          [p.id],
        )
      ).rows[0].n,
    );
    if (visits !== Number(p.visit_count)) problems.push(`petition ${p.document_id}: visitCount ${p.visit_count}, visits ${visits}`);
    const moves = (
      await c.query(
        `SELECT m.from_state, m.to_state FROM petition_moves m JOIN petition_moves_petition_lnk l ON l.petition_move_id = m.id WHERE l.petition_id = $1 ORDER BY m.id`,
        [p.id],
      )
    ).rows;
    let state = 'registered';
    for (const m of moves) {
      if (m.from_state !== state) problems.push(`petition ${p.document_id}: move ${m.from_state}→${m.to_state} after ${state}`);
      state = m.to_state;
    }
    if (state !== p.state) problems.push(`petition ${p.document_id}: state ${p.state}, moves end at ${state}`);
  }
  return { problems, checked: touched.length };
}

/** The heartbeat job's runs since `from`, per fire time (every 2 s); a fire time with two runs, or a run that beat twice, is a double run. */
async function jobRuns(c, from) {
  const rows = (
    await c.query(`SELECT slot, started_at, counts FROM fangtiao_job_runs WHERE job = 'heartbeat' AND started_at >= $1`, [new Date(from)])
  ).rows;
  const perFire = new Map();
  for (const r of rows) {
    const fire = Math.floor(new Date(r.started_at).getTime() / 2000) * 2000;
    perFire.set(fire, (perFire.get(fire) ?? 0) + 1);
  }
  let doubleRuns = 0;
  for (const n of perFire.values()) doubleRuns += n - 1;
  doubleRuns += rows.filter((r) => Number(r.counts?.beats ?? 0) > 1).length;
  doubleRuns += rows.length - new Set(rows.map((r) => r.slot)).size;
  return { fireTimes: perFire.size, doubleRuns, afterRestart: (t) => [...perFire.keys()].filter((f) => f >= t).length };
}

/**
 * How long an auth change made on one instance is still let through on another (ms):
 * a block in the admin panel; a block and a permission removed by raw SQL (no instance wrote
 * them: only the database's notice tells the caches); and a block after every instance's
 * listening connection was cut (it must reconnect).
 */
async function staleAuth({ apps, database, admin, demoPassword, log }) {
  const [a, b] = [apps[0], apps[apps.length - 1]];
  const adminLogin = await call(a.port, 'POST', '/admin/login', { body: admin });
  if (adminLogin.status !== 200) throw new Error(`admin login: ${adminLogin.status}`);
  const adminToken = adminLogin.body.data.token;
  const userDoc = (name) =>
    pg(database, async (c) => (await c.query('SELECT document_id FROM up_users WHERE username = $1', [name])).rows[0].document_id);
  const sql = (text, params) => pg(database, (c) => c.query(text, params));
  const me = async (name) => ({ path: '/api/users/me', token: (await login(b.port, name, demoPassword)).jwt });
  const result = {};

  const xishan = await userDoc('clerk.xishan');
  result.admin_block = await refusalDelay(b.port, await me('clerk.xishan'), async () => {
    const res = await call(a.port, 'PUT', `/content-manager/collection-types/plugin::users-permissions.user/${xishan}`, {
      token: adminToken,
      body: { blocked: true },
    });
    if (res.status !== 200) throw new Error(`admin block: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  });

  result.sql_block = await refusalDelay(b.port, await me('supervisor.city'), () =>
    sql(`UPDATE up_users SET blocked = true WHERE username = 'supervisor.city'`),
  );

  const leader = await login(b.port, 'leader.donghu', demoPassword);
  result.sql_permission = await refusalDelay(
    b.port,
    { path: '/api/petitions?pagination[pageSize]=1', token: leader.jwt },
    () =>
      sql(`DELETE FROM up_permissions_role_lnk l USING up_permissions p, up_roles r
           WHERE l.permission_id = p.id AND l.role_id = r.id AND r.type = 'leader' AND p.action = 'api::petition.petition.find'`),
    { refused: [403] },
  );

  // Cut every instance's listening connection; each must reconnect before the next change counts.
  await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'fangtiao-cluster-bus'`, [
    database,
  ]);
  const listening = async () =>
    Number(
      (await sql(`SELECT count(*) n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'fangtiao-cluster-bus'`, [database]))
        .rows[0].n,
    );
  const until = Date.now() + 15_000;
  while ((await listening()) < apps.length && Date.now() < until) await sleep(100);
  log(`listening connections after the cut: ${await listening()} of ${apps.length}`);
  result.after_reconnect = await refusalDelay(b.port, await me('reviewer.donghu'), () =>
    sql(`UPDATE up_users SET blocked = true WHERE username = 'reviewer.donghu'`),
  );
  return result;
}

/** Rows for bench/run.js's table. */
function rowsOf(m) {
  return [
    ['instances behind nginx', m.cluster_instances, ''],
    ['petitions in the database', m.cluster_rows, ''],
    ['requests (70% read, 20% write, 10% PDF)', m.cluster_requests, ''],
    ['cluster_rps', m.cluster_rps, ''],
    ['cluster_p95_ms', m.cluster_p95_ms, ''],
    ['failed_requests_during_kill (in flight on the killed instance)', m.failed_requests_during_kill, 'small'],
    ['failed_requests_outside_kill', m.failed_requests_outside_kill, 0],
    ['restart_seconds (kill -9 to healthy)', m.restart_seconds, ''],
    ['consistency_problems (orphans, counts, move chains)', m.consistency_problems, 0],
    ['heartbeat fire times during the load', m.jobs_fire_times, ''],
    ['jobs_double_run', m.jobs_double_run, 0],
    ['stale_auth_ms (worst of the four below)', m.stale_auth_ms, '≤ 100'],
    ['  blocked in the admin panel on instance 1', m.stale_auth_admin_block_ms, ''],
    ['  blocked by raw SQL', m.stale_auth_sql_block_ms, ''],
    ['  permission removed by raw SQL', m.stale_auth_sql_permission_ms, ''],
    ['  blocked after the listening connections were cut', m.stale_auth_after_reconnect_ms, ''],
  ];
}

module.exports = { run, rowsOf, nginxConfig };
