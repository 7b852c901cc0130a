import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type {
  AddProgress,
  CreatePackage,
  GetPackage,
  GetPackages,
  GetSupervision,
  GetTenures,
  Handover,
  ResolvePackage,
  UpdatePackage,
} from '../../../../shared/contracts/backlog';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller;
const dataOf = (ctx: Ctx) => (ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx<GetPackages.Request>) {
    const { results, pagination } = await getService(strapi, 'backlog').list(ctx.query ?? {});
    ctx.body = { data: results, meta: { pagination } } satisfies GetPackages.Response;
  },
  async findOne(ctx: Ctx<GetPackage.Request>) {
    ctx.body = { data: await getService(strapi, 'backlog').get(ctx.params.id) } satisfies GetPackage.Response;
  },
  async create(ctx: Ctx<CreatePackage.Request>) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').create(dataOf(ctx), caller(ctx)) } satisfies CreatePackage.Response;
  },
  async update(ctx: Ctx<UpdatePackage.Request>) {
    ctx.body = {
      data: await getService(strapi, 'backlog').update(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies UpdatePackage.Response;
  },
  async progress(ctx: Ctx<AddProgress.Request>) {
    ctx.body = {
      data: await getService(strapi, 'backlog').addProgress(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies AddProgress.Response;
  },
  async resolve(ctx: Ctx<ResolvePackage.Request>) {
    ctx.body = {
      data: await getService(strapi, 'backlog').resolve(ctx.params.id, dataOf(ctx), caller(ctx)),
    } satisfies ResolvePackage.Response;
  },
  async supervision(ctx: Ctx<GetSupervision.Request>) {
    ctx.body = { data: await getService(strapi, 'backlog').supervision(ctx.query ?? {}, caller(ctx)) } satisfies GetSupervision.Response;
  },
  async tenures(ctx: Ctx<GetTenures.Request>) {
    ctx.body = { data: await getService(strapi, 'backlog').tenures(ctx.query ?? {}) } satisfies GetTenures.Response;
  },
  async handover(ctx: Ctx<Handover.Request>) {
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'backlog').handover(ctx.params.id, dataOf(ctx), caller(ctx)) } satisfies Handover.Response;
  },
});
