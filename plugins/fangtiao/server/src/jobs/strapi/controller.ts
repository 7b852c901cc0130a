import type { Core } from '@strapi/strapi';

const svc = (strapi: Core.Strapi) => strapi.plugin('fangtiao').service('jobs');

/** Admin-panel endpoints: list jobs and runs, run now, poll a run. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    ctx.body = { data: await svc(strapi).list() };
  },
  async runNow(ctx: any) {
    ctx.status = 202;
    ctx.body = { data: await svc(strapi).runNow(ctx.params.name) };
  },
  async run(ctx: any) {
    ctx.body = { data: await svc(strapi).getRun(ctx.params.id) };
  },
});
