'use strict';
/**
 * Boot time: seconds from spawning `strapi start` to the first 204 on /_health, for our app
 * (with the demo data already in its database: a normal restart) and for bench/plain, an empty
 * Strapi app of the same version. Both start the same way, without the admin panel, and
 * alternate so that load on the machine hits both alike; medians are reported.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT) || 3);
const BOOT_TIMEOUT_MS = 300_000;
const POLL_MS = 20;

const rand = () => crypto.randomBytes(16).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves with the status code, or null when nothing answers yet. */
function health(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Starts the app, waits for /_health → 204, stops it; returns the seconds it took to come up. */
async function bootOnce(app, secrets, root) {
  const port = await freePort();
  const env = {
    ...process.env,
    ...secrets,
    ...app.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    SERVE_ADMIN_PANEL: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
  };
  const bin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  let output = '';
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'start'], { cwd: app.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep only the tail of the output: it is shown if the app fails to come up.
  const keep = (d) => (output = (output + d).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.once('exit', r));
  let gone = false;
  exited.then(() => (gone = true));

  try {
    for (;;) {
      if (gone) throw new Error(`${app.name} exited before answering /_health:\n${output}`);
      if ((await health(port)) === 204) return Number(process.hrtime.bigint() - t0) / 1e9;
      if (Number(process.hrtime.bigint() - t0) / 1e6 > BOOT_TIMEOUT_MS) throw new Error(`${app.name} did not come up:\n${output}`);
      await sleep(POLL_MS);
    }
  } finally {
    if (!gone) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  }
}

async function run({ root, log }) {
  const work = path.join(root, 'bench', '.work');
  fs.mkdirSync(work, { recursive: true });
  const db = (name) => {
    const file = path.join(work, `boot-${name}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    return file;
  };
  const apps = [
    {
      name: 'ours',
      cwd: root,
      env: {
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: db('ours'),
        FANGTIAO_DEMO: 'true',
        DEMO_PASSWORD: `Bench-${rand().slice(0, 8)}`,
      },
    },
    { name: 'plain', cwd: path.join(root, 'bench', 'plain'), env: { DATABASE_FILENAME: db('plain') } },
  ];
  // One set of secrets for every start, as a deployment would have.
  const secrets = {
    APP_KEYS: [rand(), rand()].join(','),
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
  };

  // Warm-up: creates the schemas (and loads our demo data) and fills the OS file cache.
  for (const app of apps) log(`warm-up ${app.name}: ${(await bootOnce(app, secrets, root)).toFixed(2)} s`);

  const times = { ours: [], plain: [] };
  for (let i = 1; i <= REPEAT; i++) {
    for (const app of i % 2 ? apps : [...apps].reverse()) {
      const s = await bootOnce(app, secrets, root);
      times[app.name].push(s);
      log(`run ${i}/${REPEAT} ${app.name}: ${s.toFixed(2)} s`);
    }
  }

  const ours = median(times.ours);
  const plain = median(times.plain);
  const ratio = ours / plain;
  const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
  return {
    metrics: { boot_s_ours: ours, boot_s_plain: plain, boot_ratio: ratio },
    rows: [
      ['boot_s_ours', ours, `median of ${REPEAT}: ${fmt(times.ours)}`],
      ['boot_s_plain', plain, `median of ${REPEAT}: ${fmt(times.plain)}`],
      ['boot_ratio', ratio, `≤ 1.5 (${ratio <= 1.5 ? 'met' : 'NOT met'})`],
    ],
  };
}

module.exports = { run };
