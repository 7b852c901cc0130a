/**
 * The in-app inbox (站内通知) and email.
 * Module notifications/: owns notifications and preferences; other modules notify through its service.
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import { notification, notificationPreference } from './schema';
import notificationService from './service';
import notificationController from './controller';
import notificationRoutes from './routes';

export const notificationContentTypes = { notification, 'notification-preference': notificationPreference };
export { notificationService, notificationController, notificationRoutes };
