import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import os from 'os';
import cron from 'node-cron';
import { isStale, manualSlot, slotOf, TIMEZONE } from '../slots';
import { JOB_RUN_UID } from './schema';
import { dbNames } from '../../utils/db-names';

export type JobContext = {
  /** The cursor saved by an earlier holder of this run (resume), or null. */
  cursor: any;
  saveCursor(c: any): Promise<void>;
  progress(done: number, total: number): Promise<void>;
  count(key: string, n?: number): void;
  slot: string;
  now: Date;
};

export type JobDefinition = {
  name: string;
  label: string;
  /** node-cron expression in Asia/Shanghai; null: only on demand. */
  cron: string | null;
  run(ctx: JobContext): Promise<void>;
};

export class LeaseLost extends Error {
  constructor() {
    super('lease lost to another instance');
  }
}

const rand = () => crypto.randomBytes(12).toString('hex');

/**
 * Runs each job once per cluster. Claim = insert the (job, slot) row: the unique index
 * lets one instance win. The holder beats every ttl/3; a run whose holder died (no beat
 * for ttl) is taken over by a conditional UPDATE … WHERE heartbeat_at < cutoff, which
 * again one instance wins, and resumed from its cursor.
 */
export class JobRunner {
  readonly instanceId = `${os.hostname()}:${process.pid}:${rand().slice(0, 6)}`;
  private tasks: { stop(): void }[] = [];
  private timers: NodeJS.Timeout[] = [];
  private active = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private strapi: Core.Strapi,
    readonly defs: JobDefinition[],
    readonly leaseMs = 60_000,
    /** Tests: start node-cron at this millisecond of a second, so instances tick at set offsets. */
    readonly tickPhaseMs: number | null = null,
  ) {}

  private get names() {
    return dbNames(this.strapi, JOB_RUN_UID);
  }
  private col(a: string) {
    return this.names.column(a);
  }
  private get table() {
    return this.names.table;
  }
  private get knex() {
    return this.strapi.db.connection;
  }
  private dt(d: Date) {
    return this.strapi.db.dialect.client === 'sqlite' ? d.getTime() : d;
  }
  private json(v: unknown) {
    return v === undefined || v === null ? null : JSON.stringify(v);
  }

  def(name: string) {
    return this.defs.find((d) => d.name === name);
  }

  /** Inserts the run row; resolves its id, or null when another instance holds (job, slot). */
  async claim(job: string, slot: string, trigger: 'cron' | 'manual' | 'resume' = 'cron'): Promise<number | null> {
    const now = new Date();
    const c = (a: string) => this.col(a);
    const row: Record<string, unknown> = {
      document_id: rand(),
      [c('job')]: job,
      [c('slot')]: slot,
      [c('trigger')]: trigger,
      [c('status')]: 'running',
      [c('holder')]: this.instanceId,
      [c('attempts')]: 1,
      [c('heartbeatAt')]: this.dt(now),
      [c('startedAt')]: this.dt(now),
      [c('progressDone')]: 0,
      [c('progressTotal')]: 0,
      created_at: this.dt(now),
      updated_at: this.dt(now),
      published_at: this.dt(now),
    };
    const inserted = await this.knex(this.table)
      .insert(row)
      .onConflict([c('job'), c('slot')])
      .ignore()
      .returning('id');
    if (!inserted?.length) return null;
    const id = typeof inserted[0] === 'object' ? inserted[0].id : inserted[0];
    return Number(id);
  }

  /** Takes over a running row whose heartbeat is older than the TTL; true if this instance won it. */
  async takeOver(id: number): Promise<boolean> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - this.leaseMs);
    const c = (a: string) => this.col(a);
    const n = await this.knex(this.table)
      .where('id', id)
      .andWhere(c('status'), 'running')
      .andWhere(c('heartbeatAt'), '<', this.dt(cutoff))
      .update({
        [c('holder')]: this.instanceId,
        [c('heartbeatAt')]: this.dt(now),
        [c('trigger')]: 'resume',
        [c('attempts')]: this.knex.raw('COALESCE(??, 1) + 1', [c('attempts')]),
        updated_at: this.dt(now),
      });
    return Number(n) === 1;
  }

  async read(id: number) {
    return this.strapi.db.query(JOB_RUN_UID).findOne({ where: { id } });
  }

  /** Executes a claimed run to its end, beating and recording progress, counts and errors. */
  async execute(id: number): Promise<any> {
    const run = await this.read(id);
    const def = this.def(run.job);
    const c = (a: string) => this.col(a);
    const counts: Record<string, number> = { ...(run.counts ?? {}) };
    let lost = false;
    const mine = () => this.knex(this.table).where('id', id).andWhere(c('holder'), this.instanceId);
    const beat = async (extra: Record<string, unknown> = {}) => {
      const n = await mine().update({ [c('heartbeatAt')]: this.dt(new Date()), [c('counts')]: this.json(counts), ...extra });
      if (Number(n) !== 1) lost = true;
    };
    const timer = setInterval(
      () => {
        beat().catch(() => {});
      },
      Math.max(250, Math.floor(this.leaseMs / 3)),
    );
    const ctx: JobContext = {
      cursor: run.cursor ?? null,
      slot: run.slot,
      now: new Date(),
      saveCursor: async (cur) => {
        ctx.cursor = cur;
        await beat({ [c('cursor')]: this.json(cur) });
        if (lost) throw new LeaseLost();
      },
      progress: async (done, total) => {
        await beat({ [c('progressDone')]: done, [c('progressTotal')]: total });
        if (lost) throw new LeaseLost();
      },
      count: (key, n = 1) => {
        counts[key] = (counts[key] ?? 0) + n;
      },
    };
    try {
      if (!def) throw new Error(`unknown job ${run.job}`);
      await def.run(ctx);
      clearInterval(timer);
      await mine().update({
        [c('status')]: 'done',
        [c('endedAt')]: this.dt(new Date()),
        [c('counts')]: this.json(counts),
        [c('heartbeatAt')]: this.dt(new Date()),
        [c('error')]: null,
      });
    } catch (e: any) {
      clearInterval(timer);
      if (e instanceof LeaseLost) return this.read(id);
      this.strapi.log.error(`[jobs] ${run.job} ${run.slot} failed: ${e?.stack ?? e}`);
      await mine()
        .update({
          [c('status')]: 'failed',
          [c('endedAt')]: this.dt(new Date()),
          [c('counts')]: this.json(counts),
          [c('error')]: String(e?.message ?? e).slice(0, 4000),
        })
        .catch(() => {});
    }
    return this.read(id);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    p.finally(() => this.active.delete(p)).catch(() => {});
    return p;
  }

  /** Claims (job, slot) and runs it here, or does nothing if another instance has it. */
  async runSlot(job: string, slot: string, trigger: 'cron' | 'manual' = 'cron') {
    const id = await this.claim(job, slot, trigger);
    if (id === null) return null;
    return this.track(this.execute(id));
  }

  /** Starts a run now (admin panel); resolves the new row at once, the run goes on in the background. */
  async runNow(job: string) {
    if (!this.def(job)) return null;
    const slot = manualSlot(new Date());
    const id = await this.claim(job, slot, 'manual');
    if (id === null) return null;
    this.track(this.execute(id)).catch(() => {});
    return this.read(id);
  }

  /** Takes over and resumes every run whose holder stopped beating. */
  async recoverStale() {
    const cutoff = new Date(Date.now() - this.leaseMs);
    const stale = await this.strapi.db.query(JOB_RUN_UID).findMany({
      // Only runs this runner can execute: the document exports have a runner of their own.
      where: { status: 'running', heartbeatAt: { $lt: cutoff }, job: { $in: this.defs.map((d) => d.name) } },
      select: ['id', 'job', 'slot', 'heartbeatAt'],
      limit: 20,
    });
    const resumed: number[] = [];
    for (const r of stale) {
      if (!isStale(r.heartbeatAt, new Date(), this.leaseMs)) continue;
      if (await this.takeOver(r.id)) {
        resumed.push(r.id);
        this.track(this.execute(r.id)).catch(() => {});
      }
    }
    return resumed;
  }

  /** Schedules every job with node-cron in Asia/Shanghai, and the stale-run sweep. */
  start() {
    this.stopped = false;
    if (this.tickPhaseMs === null) this.schedule();
    else this.timers.push(setTimeout(() => this.stopped || this.schedule(), (this.tickPhaseMs - (Date.now() % 1000) + 1000) % 1000));
    const sweep = setInterval(
      () => {
        if (!this.stopped) this.recoverStale().catch(() => {});
      },
      Math.max(1000, Math.floor(this.leaseMs / 2)),
    );
    this.timers.push(sweep);
  }

  private schedule() {
    for (const def of this.defs) {
      const expression = def.cron;
      if (!expression) continue;
      const task = cron.schedule(
        expression,
        () => {
          if (this.stopped) return;
          // The slot is the fire time the tick stands for, the same on every instance.
          this.runSlot(def.name, slotOf(expression, new Date())).catch((e) =>
            this.strapi.log.error(`[jobs] ${def.name}: ${e?.message ?? e}`),
          );
        },
        { timezone: TIMEZONE },
      );
      this.tasks.push(task);
    }
  }

  /** Stops the schedules; waits a little for runs in flight (a run cut off is resumed elsewhere). */
  async stop(waitMs = 5000) {
    this.stopped = true;
    for (const t of this.tasks) t.stop();
    for (const t of this.timers) clearInterval(t);
    this.tasks = [];
    this.timers = [];
    if (this.active.size) {
      await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => setTimeout(r, waitMs))]);
    }
  }
}
