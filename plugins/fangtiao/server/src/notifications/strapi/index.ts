/** The in-app inbox (站内通知) and email. */
import { notification } from './schema';
import notificationService from './service';
import notificationController from './controller';
import notificationRoutes from './routes';

export const notificationContentTypes = { notification };
export { notificationService, notificationController, notificationRoutes };
