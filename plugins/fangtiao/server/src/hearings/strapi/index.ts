/** Hearings and meetings (听证、三方会审、群众评议、联席会商) wired into the plugin. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
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

/** Hearing types and the working calendar saved in the admin panel are checked field by field. */
export const hearingSettingsGuard = (strapi: Core.Strapi) => async (context: any, next: () => Promise<unknown>) => {
  const uid = context.uid;
  if ((uid !== HEARING_UID.kind && uid !== HEARING_UID.calendar) || !['create', 'update'].includes(context.action)) return next();
  const data = context.params?.data ?? {};
  let merged = data;
  if (context.action === 'update') {
    const current = await strapi.db.query(uid).findOne({ where: { documentId: context.params.documentId } });
    merged = { ...(current ?? {}), ...data };
  }
  const problems = uid === HEARING_UID.kind ? checkKindSettings(merged) : checkCalendar(merged).errors;
  if (problems.length) throw new errors.ValidationError(uid === HEARING_UID.kind ? '听证类型设置有误' : '工作日历有误', { errors: problems });
  return next();
};
