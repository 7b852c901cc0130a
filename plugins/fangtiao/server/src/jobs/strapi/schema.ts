export const JOB_RUN_UID = 'plugin::fangtiao.job-run' as const;

/**
 * One run of a scheduled job: the lease row. (job, slot) is unique (index made at
 * bootstrap), so inserting the row is claiming the run; a running row whose heartbeat is
 * older than the lease TTL may be taken over and resumed from its cursor.
 */
export const jobRun = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_job_runs',
    info: {
      singularName: 'job-run',
      pluralName: 'job-runs',
      displayName: '定时任务运行 Job run',
      description: 'A run of a scheduled job, held once per cluster by a lease in the database',
    },
    options: { draftAndPublish: false },
    // Internal lease rows: the 定时任务 page shows runs; the Content Manager does not list them.
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      job: { type: 'string', required: true },
      slot: { type: 'string', required: true },
      trigger: { type: 'enumeration', enum: ['cron', 'manual', 'resume'], default: 'cron' },
      status: { type: 'enumeration', enum: ['running', 'done', 'failed'], required: true, default: 'running' },
      holder: { type: 'string' },
      attempts: { type: 'integer', default: 1 },
      heartbeatAt: { type: 'datetime' },
      startedAt: { type: 'datetime' },
      endedAt: { type: 'datetime' },
      counts: { type: 'json' },
      error: { type: 'text' },
      progressDone: { type: 'integer', default: 0 },
      progressTotal: { type: 'integer', default: 0 },
      cursor: { type: 'json' },
    },
  },
};
