/**
 * Hearings and meetings (听证、三方会审、群众评议、联席会商) wired into the plugin.
 * Module hearings/: owns hearings, rooms, the work calendar (calendar.ts, shared with credit) and the week view.
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import type { SettingsCheck } from '../../settings-guard';
import { checkCalendar } from '../calendar';
import { checkKindSettings } from '../rules';
import { hearing, hearingType, room, workCalendar, HEARING_UID } from './schema';
import hearingsService from './service';
import hearingPlanningService from './planning';
import hearingNoticesService from './notices';
import hearingRecurrenceService from './recurrence';
import scheduleWeekService from './week';
import hearingsController, { hearingsAdminController } from './controller';

export { hearingsRoutes, hearingsAdminRoutes } from './routes';
export const hearingContentTypes = { 'hearing-type': hearingType, room, 'work-calendar': workCalendar, hearing };
export const hearingServices = {
  hearings: hearingsService,
  'hearing-planning': hearingPlanningService,
  'hearing-notices': hearingNoticesService,
  'hearing-recurrence': hearingRecurrenceService,
  'schedule-week': scheduleWeekService,
};
export { hearingsController, hearingsAdminController };

/** Hearing types and the working calendar saved in the admin panel are checked field by field (see ../../settings-guard). */
export const hearingSettings: Record<string, SettingsCheck> = {
  [HEARING_UID.kind]: { message: '听证类型设置有误', check: checkKindSettings },
  [HEARING_UID.calendar]: { message: '工作日历有误', check: (c) => checkCalendar(c).errors },
};
