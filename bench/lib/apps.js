'use strict';
/** Starting apps and talking to them, for the areas that measure a running server. */
const crypto = require('crypto');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid) {
  try {
    const fields = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

const rand = () => crypto.randomBytes(16).toString('hex');

/** BENCH_PROFILE=1: node flags that write a CPU profile of the server to <work>/prof when it stops. */
const profileArgs = (work) => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(work, 'prof')}`] : []);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One set of secrets for every start, as a deployment would have. */
const secrets = () => ({
  APP_KEYS: [rand(), rand()].join(','),
  API_TOKEN_SALT: rand(),
  ADMIN_JWT_SECRET: rand(),
  TRANSFER_TOKEN_SALT: rand(),
  JWT_SECRET: rand(),
  ENCRYPTION_KEY: rand(),
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A JSON request; resolves { status, body, ms }. A kept-alive socket the server closed meanwhile is retried once. */
function call(port, method, urlPath, opts = {}) {
  return once(port, method, urlPath, opts).catch((e) => {
    if (e.code !== 'ECONNRESET') throw e;
    return once(port, method, urlPath, opts);
  });
}

function once(port, method, urlPath, { body, token, headers = {} } = {}, retried = false) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const t0 = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method,
        agent,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          const text = Buffer.concat(chunks).toString();
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed, ms });
        });
      },
    );
    req.on('error', (err) => {
      // A kept-alive socket the server closed while idle (its keep-alive timeout passed during a
      // long pause, such as seeding): the request never reached it, so it is safe to send again
      // on a new socket, as Node's documentation advises (`request.reusedSocket`).
      if (req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !retried) {
        resolve(once(port, method, urlPath, { body, token, headers }, true));
      } else reject(err);
    });
    if (data) req.write(data);
    req.end();
  });
}

/**
 * Spawns `strapi start` in `cwd`; resolves once /_health answers 204. `port` (default: a free
 * one) lets a restarted instance take its old place behind a proxy; scheduled jobs are off
 * unless `env.CRON_ENABLED` is 'true'.
 */
async function startApp({ name, cwd, root, env, port: fixedPort, nodeArgs = [], pollMs = 50, timeoutMs = 300_000 }) {
  const port = fixedPort ?? (await freePort());
  const bin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, bin, 'start'], {
    cwd,
    env: {
      ...process.env,
      STRAPI_LOG_LEVEL: 'warn',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVE_ADMIN_PANEL: 'false',
      STRAPI_TELEMETRY_DISABLED: 'true',
      CRON_ENABLED: env.CRON_ENABLED === 'true' ? 'true' : 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  let gone = false;
  exited.then(() => (gone = true));
  const t0 = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
  for (;;) {
    if (gone) throw new Error(`${name} exited before answering /_health:\n${output.slice(-4000)}`);
    const res = await once(port, 'GET', '/_health').catch(() => null);
    if (res && res.status === 204) break;
    if (elapsed() * 1000 > timeoutMs) throw new Error(`${name} did not come up:\n${output.slice(-4000)}`);
    await sleep(pollMs);
  }
  return {
    port,
    /** The server process, e.g. to read its CPU time from /proc. */
    pid: child.pid,
    /** Seconds from spawning the process to the first 204 on /_health. */
    bootSeconds: elapsed(),
    output: () => output,
    /** Resolves when the process has exited. */
    exited,
    /** SIGKILL, as a crash; resolves when the process has exited. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    call: (method, urlPath, opts) => call(port, method, urlPath, opts),
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** `clients` loops calling `fn` for `seconds`; returns every latency (ms) and the rate. */
async function load({ clients, seconds, fn }) {
  const latencies = [];
  const until = Date.now() + seconds * 1000;
  let failures = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const res = await fn();
        if (res.status !== 200) failures += 1;
        latencies.push(res.ms);
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  return { latencies, failures, perSecond: latencies.length / elapsed };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

module.exports = { profileArgs, rand, sleep, secrets, freePort, call, startApp, load, quantile, median, cpuMs };
