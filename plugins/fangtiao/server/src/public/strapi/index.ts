/**
 * The petitioner's own channel (/p/) wired into the plugin: services, controller, routes, tables.
 * Module public/: owns the petitioner's sessions, codes, requests and SMS log (tables.ts), the SMS providers (sms/).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import publicAuthService from './auth-service';
import publicStatusService from './status-service';
import publicIntakeService from './intake-service';
import publicNotifyService from './person-notify';
import publicInfoRequestService from './info-request-service';
import publicController from './controller';
import publicRoutes from './routes';
import infoRequestController from './info-request-controller';
import infoRequestRoutes from './info-request-routes';

export { createPublicTables } from './tables';
export { viewLog } from './view-log';
export const publicServices = {
  'public-auth': publicAuthService,
  'public-status': publicStatusService,
  'public-intake': publicIntakeService,
  'public-notify': publicNotifyService,
  'public-info-request': publicInfoRequestService,
};
export { publicController, publicRoutes, infoRequestController, infoRequestRoutes };
