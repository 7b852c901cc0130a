'use strict';
/**
 * Boot time: seconds from spawning `strapi start` to the first 204 on /_health, for our app
 * (with the demo data already in its database: a normal restart) and for bench/plain, an empty
 * Strapi app of the same version. Both start the same way, without the admin panel, and
 * alternate so that load on the machine hits both alike; medians are reported.
 */
const fs = require('fs');
const path = require('path');
const { rand, secrets, startApp, median } = require('./lib/apps');

const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT) || 3);

async function bootOnce(app, env, root) {
  const running = await startApp({ ...app, root, env: { ...env, ...app.env }, pollMs: 20 });
  await running.stop();
  return running.bootSeconds;
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
  const env = secrets();

  // Warm-up: creates the schemas (and loads our demo data) and fills the OS file cache.
  for (const app of apps) log(`warm-up ${app.name}: ${(await bootOnce(app, env, root)).toFixed(2)} s`);

  const times = { ours: [], plain: [] };
  for (let i = 1; i <= REPEAT; i++) {
    for (const app of i % 2 ? apps : [...apps].reverse()) {
      const s = await bootOnce(app, env, root);
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
