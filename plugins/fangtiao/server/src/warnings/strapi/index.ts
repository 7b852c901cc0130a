/**
 * Early warnings (信访预警) wired into the plugin.
 * Module warnings/: owns warning rules, warnings and their escalation (rules.ts pure).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import type { SettingsCheck } from '../../settings-guard';
import { checkRule } from '../rules';
import { warning, warningRule, WARNING_UID } from './schema';
import warningService from './service';
import warningController from './controller';
import warningRoutes from './routes';

export const warningContentTypes = { 'warning-rule': warningRule, warning };
export { warningService, warningController, warningRoutes };

/** Rules saved in the admin panel are checked like any input (see ../../settings-guard). */
export const warningSettings: Record<string, SettingsCheck> = { [WARNING_UID.rule]: { message: '预警规则有误', check: checkRule } };
