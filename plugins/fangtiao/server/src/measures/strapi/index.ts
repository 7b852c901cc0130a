/** Measures (考核指标) wired into the plugin: service, controllers (content API + admin panel), routes. */
import measuresService from './service';
import { measuresAdminController, measuresController } from './controller';
import { measuresAdminRoutes, measuresRoutes } from './routes';

export { measuresService, measuresController, measuresAdminController, measuresRoutes, measuresAdminRoutes };
