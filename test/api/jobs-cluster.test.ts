/**
 * Once per cluster. On PostgreSQL: two real app processes on one database whose node-cron
 * ticks land at different milliseconds (150 and 650 ms into each second), a test job every
 * 2 seconds, and every scheduled time must have exactly one run that ran once. On SQLite (one
 * process only, by nature): runners ticking at offsets across the second, and the same claim
 * and takeover logic, raced inside one process.
 */
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { appCluster, pgConfig, type AppInstance } from '../helpers/cluster';
import { adminSession, runJobNow } from '../helpers/fixtures';
import { JobRunner } from '../../plugins/fangtiao/server/src/jobs/strapi/runner';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';

const RUN = 'plugin::fangtiao.job-run';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const postgres = process.env.DATABASE_CLIENT === 'postgres';
/** The fire time of the test job ('*\/2 * * * * *') a run started at belongs to: its even second. */
const scheduledAt = (startedAt: Date | string | number) => Math.floor(new Date(startedAt).getTime() / 2000) * 2000;
/** Runs per (job, scheduled time): computed from when runs started, not from their slot keys. */
function runsPerFire(rows: { job: string; started_at?: any; startedAt?: any }[]) {
  const n = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.job} ${new Date(scheduledAt(r.started_at ?? r.startedAt)).toISOString()}`;
    n.set(key, (n.get(key) ?? 0) + 1);
  }
  return n;
}

// Two processes on one database is the PostgreSQL deployment; the SQLite pass races the same
// claim logic inside one process (below), so this block is defined only on PostgreSQL.
const onPostgres: jest.Describe = postgres ? describe : ((() => undefined) as unknown as jest.Describe);

onPostgres('two app instances on one PostgreSQL', () => {
  const cluster = appCluster('ft_cluster');
  const name = cluster.databaseName;
  const start = (label: string, tickMs: number) =>
    cluster.start(label, { CRON_ENABLED: 'true', FANGTIAO_JOB_TEST_CRON: '*/2 * * * * *', FANGTIAO_JOB_TEST_TICK_MS: String(tickMs) });
  const stop = (app: AppInstance) => app.stop();

  beforeAll(() => cluster.create(), 60_000);
  afterAll(() => cluster.destroy(), 60_000);

  it('each scheduled time runs exactly once across two instances ticking 500 ms apart', async () => {
    const a = await start('instance A', 150); // the first boot creates the schema
    const b = await start('instance B', 650);
    const bothUpAt = Date.now();
    await sleep(8000);
    await Promise.all([stop(a), stop(b)]);
    const { Client } = require('pg');
    const c = new Client({ ...pgConfig(), database: name });
    await c.connect();
    try {
      const runs = (
        await c.query(
          `SELECT job, slot, holder, status, counts, started_at FROM fangtiao_job_runs WHERE slot NOT LIKE 'manual-%' ORDER BY started_at`,
        )
      ).rows;
      const beats = runs.filter((r: any) => r.job === 'heartbeat');
      const overlap = beats.filter((r: any) => new Date(r.started_at).getTime() >= bothUpAt);
      expect(overlap.length).toBeGreaterThanOrEqual(3); // ~4 fire times while both were up
      // Every job that fired (the test job; any real job whose time came) ran once per fire time.
      for (const [fire, n] of runsPerFire(beats)) expect([fire, n]).toEqual([fire, 1]);
      for (const r of runs.filter((x: any) => x.job !== 'heartbeat'))
        expect(runs.filter((x: any) => x.job === r.job && x.slot === r.slot)).toHaveLength(1);
      for (const r of beats)
        expect(r.slot).toBe(new Date(scheduledAt(r.started_at) + 8 * 3_600_000).toISOString().replace('.000Z', '+08:00'));
      for (const r of beats.filter((x: any) => x.status === 'done')) expect(r.counts.beats).toBe(1); // ran once
      expect(new Set(runs.map((r: any) => r.holder)).size).toBeGreaterThanOrEqual(1);
    } finally {
      await c.end();
    }
  }, 300_000);
});

describe('the lease: claims, takeover, resume, run now (in process)', () => {
  let strapi: Core.Strapi;
  beforeAll(async () => {
    strapi = await startStrapi();
  });
  afterAll(async () => {
    delete process.env.FANGTIAO_JOB_TEST_STEPS;
    await stopStrapi();
  });
  const runners = (leaseMs = 60_000) => [
    new JobRunner(strapi, jobDefinitions(strapi), leaseMs),
    new JobRunner(strapi, jobDefinitions(strapi), leaseMs),
  ];

  it('runners ticking at 0–990 ms into the second run the test job once per fire time', async () => {
    process.env.FANGTIAO_JOB_TEST_CRON = '*/2 * * * * *';
    const phases = [0, 200, 499, 500, 750, 990];
    const all = phases.map(
      (ms) =>
        new JobRunner(
          strapi,
          jobDefinitions(strapi).filter((d) => d.name === 'heartbeat'),
          60_000,
          ms,
        ),
    );
    delete process.env.FANGTIAO_JOB_TEST_CRON;
    const from = Date.now();
    all.forEach((r) => r.start());
    await sleep(7000);
    await Promise.all(all.map((r) => r.stop()));
    const rows: any[] = await strapi.db.query(RUN as any).findMany({ where: { job: 'heartbeat', startedAt: { $gte: new Date(from) } } });
    expect(rows.length).toBeGreaterThanOrEqual(2); // ~3 fire times
    for (const [fire, n] of runsPerFire(rows)) expect([fire, n]).toEqual([fire, 1]);
    for (const r of rows) expect(r).toMatchObject({ status: 'done', counts: { beats: 1 } });
    expect(new Set(rows.map((r) => r.slot)).size).toBe(rows.length);
  });

  it('two concurrent claims of one slot: exactly one wins', async () => {
    const [r1, r2] = runners();
    for (let i = 0; i < 5; i += 1) {
      const slot = `2026-11-25T02:00:0${i}+08:00`;
      const ids = await Promise.all([r1.claim('heartbeat', slot), r2.claim('heartbeat', slot)]);
      expect(ids.filter((x) => x !== null)).toHaveLength(1);
      expect(await strapi.db.query(RUN as any).count({ where: { job: 'heartbeat', slot } })).toBe(1);
    }
  });

  it('two instances ticking the same slot: one run, run once', async () => {
    const [r1, r2] = runners();
    const slot = '2026-11-25T03:00:00+08:00';
    await Promise.all([r1.runSlot('heartbeat', slot), r2.runSlot('heartbeat', slot)]);
    const rows: any[] = await strapi.db.query(RUN as any).findMany({ where: { job: 'heartbeat', slot } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', counts: { beats: 1 }, progressDone: 1, progressTotal: 1 });
    expect(rows[0].endedAt).toBeTruthy();
  });

  it('a run whose holder died is taken over once and resumed from its cursor; a live one is not', async () => {
    process.env.FANGTIAO_JOB_TEST_STEPS = '3';
    const [dead, r2] = runners(1000);
    const [, r3] = runners(1000);
    const id = (await dead.claim('heartbeat', 'crash-slot'))!;
    // It had done one step, saved its cursor, then the process died (no more heartbeats).
    await strapi.db
      .query(RUN as any)
      .update({ where: { id }, data: { cursor: { step: 1 }, counts: { beats: 1 }, heartbeatAt: new Date(Date.now() - 5000) } });
    const live = (await dead.claim('heartbeat', 'live-slot'))!;
    const [a, b] = await Promise.all([r2.recoverStale(), r3.recoverStale()]);
    expect([...a, ...b].filter((x) => x === id)).toHaveLength(1);
    expect([...a, ...b]).not.toContain(live);
    const until = Date.now() + 10_000;
    let row: any;
    while (Date.now() < until) {
      row = await strapi.db.query(RUN as any).findOne({ where: { id } });
      if (row.status !== 'running') break;
      await sleep(100);
    }
    expect(row).toMatchObject({ status: 'done', attempts: 2, trigger: 'resume', counts: { beats: 3 }, cursor: { step: 3 } });
    expect(row.holder).not.toBe(dead.instanceId);
    // The dead holder, were it to wake, finds its lease gone.
    await strapi.db.query(RUN as any).update({ where: { id: live }, data: { status: 'done' } });
  });

  it('the admin panel lists jobs and runs one now with its progress', async () => {
    process.env.FANGTIAO_JOB_TEST_STEPS = '2';
    const admin = await adminSession(strapi);
    const list = await admin.get('/fangtiao/jobs');
    expect(list.status).toBe(200);
    expect(list.body.data.map((j: any) => j.name)).toEqual(
      expect.arrayContaining([
        'warning-scan',
        'backlog-mark',
        'first-petition-daily',
        'first-petition-weekly',
        'first-petition-monthly',
        'reminders',
        'credit-expiry',
      ]),
    );
    const run = await runJobNow(admin, 'heartbeat');
    expect(run).toMatchObject({ status: 'done', trigger: 'manual', progressDone: 2, progressTotal: 2 });
    expect(run.slot).toMatch(/^manual-/);
    const scan = await admin.post('/fangtiao/jobs/warning-scan/run', {});
    expect(scan.status).toBe(202);
    expect((await admin.post('/fangtiao/jobs/nope/run', {})).status).toBe(404);
    expect((await require('supertest')(strapi.server.httpServer).get('/fangtiao/jobs')).status).toBe(401);
  });
});
