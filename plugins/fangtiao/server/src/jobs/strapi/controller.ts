import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import type { GetJobRun, GetJobs, RunJob } from '../../../../shared/contracts/jobs';

/** Admin-panel endpoints: list jobs and runs, run now, poll a run. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    const body: GetJobs.Response = { data: await getService(strapi, 'jobs').list() };
    ctx.body = body;
  },
  async runNow(ctx: any) {
    const { params }: RunJob.Request = ctx;
    const body: RunJob.Response = { data: await getService(strapi, 'jobs').runNow(params.name) };
    ctx.status = 202;
    ctx.body = body;
  },
  async run(ctx: any) {
    const { params }: GetJobRun.Request = ctx;
    const body: GetJobRun.Response = { data: await getService(strapi, 'jobs').getRun(params.id) };
    ctx.body = body;
  },
});
