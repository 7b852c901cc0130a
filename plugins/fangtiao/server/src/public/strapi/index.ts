/** The petitioner's own channel (/p/) wired into the plugin: services, controller, routes, tables. */
import publicAuthService from './auth-service';
import publicStatusService from './status-service';
import publicIntakeService from './intake-service';
import publicNotifyService from './person-notify';
import publicController from './controller';
import publicRoutes from './routes';

export { createPublicTables } from './tables';
export const publicServices = { 'public-auth': publicAuthService, 'public-status': publicStatusService, 'public-intake': publicIntakeService, 'public-notify': publicNotifyService };
export { publicController, publicRoutes };
