import type { Core } from '@strapi/strapi';
import { currentCaller } from '../jurisdiction/current';
import { discloseOrMask } from '../personal-data/disclosure';

type Config = { uid: string; handlerFields: string[] };

/**
 * Route middleware for responses that may carry ID and phone numbers (found by type, see
 * personal-data/fields): the people handling a record (its handler relations name them)
 * see them in clear, everyone else sees them masked, and records populated under it are
 * always masked; every read of them, clear or masked, goes into the audit log.
 */
export default (config: Config, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: any, next: () => Promise<void>) => {
    await next();
    const data = ctx.body?.data;
    const records: any[] = (Array.isArray(data) ? data : data ? [data] : []).filter((r: any) => r && typeof r === 'object');
    if (!records.length) return;
    const caller = await currentCaller(strapi, ctx);
    if (!caller) return;
    await discloseOrMask(strapi, ctx, caller, config.uid, records, config.handlerFields);
  };
