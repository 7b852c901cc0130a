/** Expert pools and consultations (专家库与分级咨询) wired into the plugin. */
import { consultation, consultationBooking, expertPool, expertProfile } from './schema';
import expertsService from './service';
import expertsController, { expertsAdminController } from './controller';

export { expertsRoutes, expertsAdminRoutes } from './routes';
export const expertContentTypes = {
  'expert-profile': expertProfile,
  'expert-pool': expertPool,
  consultation,
  'consultation-booking': consultationBooking,
};
export { expertsService, expertsController, expertsAdminController };
