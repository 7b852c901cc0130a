/**
 * Measures (考核指标) wired into the plugin: service, controllers (content API + admin panel), routes.
 * Module measures/: owns the measure definitions, periods and their SQL (through the kernel's caseSql).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import measuresService from './service';
import { measuresAdminController, measuresController } from './controller';
import { ledgersRoutes, measuresAdminRoutes, measuresRoutes } from './routes';
import ledgersService from './ledgers';
import { ledgersController } from './ledgers-controller';
import type { SettingsCheck } from '../../settings-guard';
import { checkTargetRow } from '../definitions';
import { measureTarget, MEASURE_TARGET_UID } from './schema';

export {
  measuresService,
  measuresController,
  measuresAdminController,
  measuresRoutes,
  measuresAdminRoutes,
  ledgersService,
  ledgersController,
  ledgersRoutes,
};
export const measureContentTypes = { 'measure-target': measureTarget };

/** Targets saved in the admin panel are checked field by field (see ../../settings-guard). */
export const measureSettings: Record<string, SettingsCheck> = { [MEASURE_TARGET_UID]: { message: '考核目标有误', check: checkTargetRow } };
