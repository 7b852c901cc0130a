import * as React from 'react';

import { Alert, Badge, Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useRBAC } from '@strapi/strapi/admin';

import { needs } from '../permissions';

import type { GetJobRun, GetJobs, Job, JobRun as Run, RunJob } from '../../../shared/contracts/jobs';

const STATUS: Record<Run['status'], { label: string; variant: 'secondary' | 'success' | 'danger' }> = {
  running: { label: '运行中', variant: 'secondary' },
  done: { label: '完成', variant: 'success' },
  failed: { label: '失败', variant: 'danger' },
};
const when = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

const Progress = ({ run }: { run: Run }) => {
  const total = run.progressTotal ?? 0;
  const pct = total ? Math.round(((run.progressDone ?? 0) / total) * 100) : run.status === 'done' ? 100 : 0;
  return (
    <Box background="neutral150" hasRadius style={{ height: 8, width: 160 }} title={`${run.progressDone ?? 0}/${total}`}>
      <Box background={run.status === 'failed' ? 'danger500' : 'primary600'} hasRadius style={{ height: 8, width: `${pct}%` }} />
    </Box>
  );
};

/** The jobs and their last runs; runNow starts one and polls its run row until it ends. */
function useJobs() {
  const { get, post } = useFetchClient();
  const [jobs, setJobs] = React.useState<Job[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [polling, setPolling] = React.useState<Record<string, number>>({});

  const load = React.useCallback(async () => {
    try {
      const res = await get<GetJobs.Response>('/fangtiao/jobs');
      setJobs(res.data.data);
    } catch (e: any) {
      setError(e?.message ?? String(e));
    }
  }, [get]);

  React.useEffect(() => {
    load();
  }, [load]);

  // While a run started here is running, poll it and refresh the list when it ends.
  React.useEffect(() => {
    const ids = Object.values(polling);
    if (!ids.length) return undefined;
    const timer = setInterval(async () => {
      for (const [name, id] of Object.entries(polling)) {
        try {
          const res = await get<GetJobRun.Response>(`/fangtiao/job-runs/${id}`);
          const run = res.data.data as Run;
          setJobs((js) => js && js.map((j) => (j.name === name ? { ...j, runs: [run, ...j.runs.filter((r) => r.id !== run.id)] } : j)));
          if (run.status !== 'running') setPolling(({ [name]: _done, ...rest }) => rest);
        } catch {
          setPolling(({ [name]: _gone, ...rest }) => rest);
        }
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [polling, get]);

  const runNow = async (name: string) => {
    try {
      const res = await post<RunJob.Response>(`/fangtiao/jobs/${name}/run`, {});
      const run = res.data.data as Run | null;
      if (run) setPolling((p) => ({ ...p, [name]: run.id }));
      await load();
    } catch (e: any) {
      setError(e?.message ?? String(e));
    }
  };
  return { jobs, error, setError, polling, runNow };
}

/** One job: its schedule, the last run's progress, 立即运行, and its runs. */
function JobCard({ job, canRun, running, onRun }: { job: Job; canRun: boolean; running: boolean; onRun: () => void }) {
  const last = job.runs[0];
  return (
    <Box background="neutral0" padding={5} hasRadius shadow="tableShadow">
      <Flex justifyContent="space-between" alignItems="center" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta">{job.label}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {job.name} · {job.cron ?? '仅手动'} · {job.timezone}
          </Typography>
        </Flex>
        <Flex gap={3} alignItems="center">
          {last ? <Progress run={last} /> : null}
          {canRun ? (
            <Button onClick={onRun} loading={running} disabled={running}>
              立即运行
            </Button>
          ) : null}
        </Flex>
      </Flex>
      {job.runs.length ? (
        <Box paddingTop={3}>
          {job.runs.map((r) => (
            <Flex key={r.id} gap={3} paddingTop={1} wrap="wrap">
              <Badge variant={STATUS[r.status].variant as any}>{STATUS[r.status].label}</Badge>
              <Typography variant="pi">{r.slot}</Typography>
              <Typography variant="pi" textColor="neutral600">
                {when(r.startedAt)} → {when(r.endedAt)} · {r.holder ?? ''} · 第{r.attempts ?? 1}次
              </Typography>
              <Typography variant="pi">
                {r.counts
                  ? Object.entries(r.counts)
                      .map(([k, v]) => `${k}=${v}`)
                      .join('  ')
                  : ''}
              </Typography>
              {r.error ? (
                <Typography variant="pi" textColor="danger600">
                  {r.error}
                </Typography>
              ) : null}
            </Flex>
          ))}
        </Box>
      ) : (
        <Typography variant="pi" textColor="neutral500">
          尚未运行
        </Typography>
      )}
    </Box>
  );
}

/**
 * 定时任务: each job with its schedule (Asia/Shanghai) and last runs — which instance held it,
 * counts, errors — and 立即运行, whose progress is polled from the run row.
 */
const JobsPage = () => {
  const { allowedActions } = useRBAC(needs('jobsRun'));
  const { jobs, error, setError, polling, runNow } = useJobs();

  return (
    <Page.Main>
      <Page.Title>定时任务</Page.Title>
      <Layouts.Header title="定时任务" subtitle="每个任务在集群中只运行一次（数据库租约）；时区 Asia/Shanghai" />
      <Layouts.Content>
        {error ? (
          <Box paddingBottom={4}>
            <Alert variant="danger" title="出错" onClose={() => setError(null)} closeLabel="关闭">
              {error}
            </Alert>
          </Box>
        ) : null}
        {!jobs ? (
          <Loader>加载中</Loader>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            {jobs.map((job) => (
              <JobCard
                key={job.name}
                job={job}
                canRun={!!allowedActions.canRun}
                running={!!polling[job.name]}
                onRun={() => runNow(job.name)}
              />
            ))}
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default JobsPage;
