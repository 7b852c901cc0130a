/**
 * Judicial confirmation (司法确认) wired into the plugin: content type, service, controller, routes.
 * Module judicial/: owns the judicial-confirmation model and its deadlines (rules.ts).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import { judicialConfirmation } from './schema';
import judicialService from './service';
import judicialController from './controller';
import judicialRoutes from './routes';

export const judicialContentTypes = { 'judicial-confirmation': judicialConfirmation };
export { judicialService, judicialController, judicialRoutes };
