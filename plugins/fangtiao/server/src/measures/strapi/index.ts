/** Measures (考核指标) wired into the plugin: service, controllers (content API + admin panel), routes. */
import measuresService from './service';
import { measuresAdminController, measuresController } from './controller';
import { measuresAdminRoutes, measuresRoutes } from './routes';

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkTargetRow } from '../definitions';
import { measureTarget, MEASURE_TARGET_UID } from './schema';

export { measuresService, measuresController, measuresAdminController, measuresRoutes, measuresAdminRoutes };
export const measureContentTypes = { 'measure-target': measureTarget };

/** Targets saved in the admin panel are checked field by field. */
export const measureTargetGuard = (strapi: Core.Strapi) => async (context: any, next: () => Promise<unknown>) => {
  if (context.uid !== MEASURE_TARGET_UID || !['create', 'update'].includes(context.action)) return next();
  const data = context.params?.data ?? {};
  const current = context.action === 'update' ? await strapi.db.query(MEASURE_TARGET_UID as any).findOne({ where: { documentId: context.params.documentId } }) : null;
  const problems = checkTargetRow({ ...(current ?? {}), ...data });
  if (problems.length) throw new errors.ValidationError('考核目标有误', { errors: problems });
  return next();
};
