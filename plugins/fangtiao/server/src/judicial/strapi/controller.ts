import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import type { GetStatus, IssueApplication, RecordFiling, RecordRuling } from '../../../../shared/contracts/judicial';
import type { Ctx } from '../../utils/context';

const caller = (ctx: Ctx) => ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy
const body = (ctx: Ctx) => (ctx.request.body?.data ?? {}) as Record<string, any>;
const shown = (doc: any) => {
  const { fileKey, signedScanKey, ...rest } = doc ?? {};
  return rest;
};

/** Thin controllers over the judicial-confirmation service. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async status(ctx: Ctx<GetStatus.Request>) {
    ctx.body = { data: await getService(strapi, 'judicial').status(ctx.params.id, caller(ctx)) } satisfies GetStatus.Response;
  },
  async issueApplication(ctx: Ctx<IssueApplication.Request>) {
    ctx.status = 201;
    ctx.body = {
      data: shown(await getService(strapi, 'judicial').issueApplication(ctx.params.id, caller(ctx))),
    } satisfies IssueApplication.Response;
  },
  async recordFiling(ctx: Ctx<RecordFiling.Request>) {
    ctx.body = {
      data: await getService(strapi, 'judicial').recordFiling(ctx.params.id, body(ctx), caller(ctx)),
    } satisfies RecordFiling.Response;
  },
  async recordRuling(ctx: Ctx<RecordRuling.Request>) {
    ctx.body = {
      data: await getService(strapi, 'judicial').recordRuling(ctx.params.id, body(ctx), caller(ctx)),
    } satisfies RecordRuling.Response;
  },
});
