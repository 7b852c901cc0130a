/** The in-app inbox (站内通知) and email. */
import { notification, notificationPreference } from './schema';
import notificationService from './service';
import notificationController from './controller';
import notificationRoutes from './routes';

export const notificationContentTypes = { notification, 'notification-preference': notificationPreference };
export { notificationService, notificationController, notificationRoutes };
