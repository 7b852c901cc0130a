import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';

const caller = (ctx: any) => ctx.state.caller as Caller; // loaded by the global::in-jurisdiction policy
const body = (ctx: any) => (ctx.request.body?.data ?? {}) as Record<string, any>;
const shown = (doc: any) => {
  const { fileKey, signedScanKey, ...rest } = doc ?? {};
  return rest;
};

/** Thin controllers over the judicial-confirmation service. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async status(ctx: any) {
    ctx.body = { data: await getService(strapi, 'judicial').status(ctx.params.id, caller(ctx)) };
  },
  async issueApplication(ctx: any) {
    ctx.status = 201;
    ctx.body = { data: shown(await getService(strapi, 'judicial').issueApplication(ctx.params.id, caller(ctx))) };
  },
  async recordFiling(ctx: any) {
    ctx.body = { data: await getService(strapi, 'judicial').recordFiling(ctx.params.id, body(ctx), caller(ctx)) };
  },
  async recordRuling(ctx: any) {
    ctx.body = { data: await getService(strapi, 'judicial').recordRuling(ctx.params.id, body(ctx), caller(ctx)) };
  },
});
