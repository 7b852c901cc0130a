import type { Core } from '@strapi/strapi';
import { currentCaller } from '../jurisdiction/current';

/**
 * Route guard for case data: the caller must be an end user with a role and an
 * organisation. The scope itself is applied to every query by the jurisdiction
 * document middleware, so a route cannot forget it.
 */
export default async (policyContext: any, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const caller = await currentCaller(strapi, policyContext);
  return !!caller?.jurisdiction && !!caller.role;
};
