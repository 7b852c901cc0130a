/** Early warnings (信访预警) wired into the plugin. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkRule } from '../rules';
import { warning, warningRule, WARNING_UID } from './schema';
import warningService from './service';
import warningController from './controller';
import warningRoutes from './routes';

export const warningContentTypes = { 'warning-rule': warningRule, warning };
export { warningService, warningController, warningRoutes };

/** Rules saved in the admin panel are checked like any input: every bad field named. */
export const warningRuleGuard = (_strapi: Core.Strapi) => async (context: any, next: () => Promise<unknown>) => {
  if (context.uid !== WARNING_UID.rule || !['create', 'update'].includes(context.action)) return next();
  const data = context.params?.data ?? {};
  let merged = data;
  if (context.action === 'update') {
    const current = await _strapi.db.query(WARNING_UID.rule as any).findOne({ where: { documentId: context.params.documentId } });
    merged = { ...(current ?? {}), ...data };
  }
  const problems = checkRule(merged);
  if (problems.length) throw new errors.ValidationError('预警规则有误', { errors: problems });
  return next();
};
