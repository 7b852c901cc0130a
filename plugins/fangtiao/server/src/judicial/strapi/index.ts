/** Judicial confirmation (司法确认) wired into the plugin: content type, service, controller, routes. */
import { judicialConfirmation } from './schema';
import judicialService from './service';
import judicialController from './controller';
import judicialRoutes from './routes';

export const judicialContentTypes = { 'judicial-confirmation': judicialConfirmation };
export { judicialService, judicialController, judicialRoutes };
