import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { JobRunner } from './runner';
import { jobDefinitions } from './definitions';
import { JOB_RUN_UID } from './schema';
import type { Job, JobRun } from '../../../../shared/contracts/jobs';
import { dbNames } from '../../utils/db-names';

const RUN = JOB_RUN_UID;
const RUN_FIELDS = [
  'id',
  'documentId',
  'job',
  'slot',
  'trigger',
  'status',
  'holder',
  'attempts',
  'heartbeatAt',
  'startedAt',
  'endedAt',
  'counts',
  'error',
  'progressDone',
  'progressTotal',
];

/** The jobs of this instance: one runner, started in bootstrap unless server.cron.enabled is false. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let runner: JobRunner | null = null;
  return {
    runner(): JobRunner {
      const phase = process.env.FANGTIAO_JOB_TEST_TICK_MS;
      if (!runner)
        runner = new JobRunner(
          strapi,
          jobDefinitions(strapi),
          Number(process.env.FANGTIAO_JOB_LEASE_MS || 60_000),
          phase ? Number(phase) : null,
        );
      return runner;
    },
    async indexes() {
      const { table, column: col } = dbNames(strapi, RUN);
      await strapi.db.connection.raw(
        `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_job_runs_slot" ON "${table}" ("${col('job')}", "${col('slot')}")`,
      );
    },
    start() {
      this.runner().start();
    },
    async stop() {
      if (runner) await runner.stop();
    },
    /** Every job with its schedule and last runs (admin panel). */
    async list(): Promise<Job[]> {
      const defs = this.runner().defs;
      const out: Job[] = [];
      for (const d of defs) {
        const runs = await strapi.db
          .query(RUN)
          .findMany({ where: { job: d.name }, select: RUN_FIELDS, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], limit: 5 });
        out.push({ name: d.name, label: d.label, cron: d.cron, timezone: 'Asia/Shanghai', runs });
      }
      return out;
    },
    async runNow(name: string) {
      if (!this.runner().def(name)) throw new errors.NotFoundError('没有这个任务');
      return this.runner().runNow(name);
    },
    async getRun(id: string): Promise<JobRun> {
      const where = /^\d+$/.test(id) ? { id: Number(id) } : { documentId: id };
      const r = await strapi.db.query(RUN).findOne({ where, select: RUN_FIELDS });
      if (!r) throw new errors.NotFoundError('运行记录不存在');
      return r;
    },
  };
};
