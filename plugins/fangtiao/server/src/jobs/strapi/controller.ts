import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { GetJobRun, GetJobs, RunJob } from '../../../../shared/contracts/jobs';
import type { Ctx } from '../../utils/context';

/** Admin-panel endpoints: list jobs and runs, run now, poll a run. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx) {
    const body: GetJobs.Response = { data: await getService(strapi, 'jobs').list() };
    ctx.body = body;
  },
  async runNow(ctx: Ctx<RunJob.Request>) {
    const { params } = ctx;
    const body: RunJob.Response = { data: await getService(strapi, 'jobs').runNow(params.name) };
    ctx.status = 202;
    ctx.body = body;
  },
  async run(ctx: Ctx<GetJobRun.Request>) {
    const { params } = ctx;
    const body: GetJobRun.Response = { data: await getService(strapi, 'jobs').getRun(params.id) };
    ctx.body = body;
  },
});
