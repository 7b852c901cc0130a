/**
 * Expert pools and consultations (专家库与分级咨询) wired into the plugin.
 * Module experts/: owns pools, profiles, consultations and bookings; availability and matching (pure).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import { consultation, consultationBooking, expertPool, expertProfile } from './schema';
import expertsService from './service';
import expertProfilesService from './profiles';
import expertMatchingService from './matching';
import consultationsService from './consultations';
import expertBookingService from './booking';
import expertDeskService from './expert-desk';
import expertsController, { expertsAdminController } from './controller';

export { expertsRoutes, expertsAdminRoutes } from './routes';
export const expertContentTypes = {
  'expert-profile': expertProfile,
  'expert-pool': expertPool,
  consultation,
  'consultation-booking': consultationBooking,
};
/** `experts` is the whole module as the controllers see it; its parts are reachable by name too. */
export const expertServices = {
  experts: expertsService,
  'expert-profiles': expertProfilesService,
  'expert-matching': expertMatchingService,
  consultations: consultationsService,
  'expert-booking': expertBookingService,
  'expert-desk': expertDeskService,
};
export { expertsService, expertsController, expertsAdminController };
