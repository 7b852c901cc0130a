import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';


/** Admin-panel endpoints: list jobs and runs, run now, poll a run. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    ctx.body = { data: await getService(strapi, 'jobs').list() };
  },
  async runNow(ctx: any) {
    ctx.status = 202;
    ctx.body = { data: await getService(strapi, 'jobs').runNow(ctx.params.name) };
  },
  async run(ctx: any) {
    ctx.body = { data: await getService(strapi, 'jobs').getRun(ctx.params.id) };
  },
});
