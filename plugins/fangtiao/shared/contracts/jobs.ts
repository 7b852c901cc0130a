/** Scheduled jobs (admin panel 定时任务): list with the last runs, run now, poll a run. */

export type RunStatus = 'running' | 'done' | 'failed';

/** One run of a job, as the job-run row holds it. */
export interface JobRun {
  id: number;
  documentId?: string;
  job?: string;
  slot: string;
  trigger: string;
  status: RunStatus;
  holder: string | null;
  attempts: number | null;
  heartbeatAt?: string | null;
  startedAt: string | null;
  endedAt: string | null;
  counts: Record<string, number> | null;
  error: string | null;
  progressDone: number | null;
  progressTotal: number | null;
}

export interface Job {
  name: string;
  label: string;
  /** null: run on demand only. */
  cron: string | null;
  timezone: string;
  /** The last five runs, newest first. */
  runs: JobRun[];
}

/** GET /fangtiao/jobs */
export declare namespace GetJobs {
  export interface Response {
    data: Job[];
  }
}

/** POST /fangtiao/jobs/:name/run — 202; null when the job is already running elsewhere. */
export declare namespace RunJob {
  export interface Request {
    params: { name: string };
  }
  export interface Response {
    data: JobRun | null;
  }
}

/** GET /fangtiao/job-runs/:id */
export declare namespace GetJobRun {
  export interface Request {
    params: { id: string };
  }
  export interface Response {
    data: JobRun | null;
  }
}
