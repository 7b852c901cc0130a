/** Attachments and evidence (附件与证据) wired into the plugin: content type, service, controllers, routes. */
import { attachment } from './schema';
import attachmentService from './service';
import attachmentChangeService from './changes';
import attachmentController from './controller';
import attachmentRoutes from './routes';
import publicAttachmentController from './public-controller';
import publicAttachmentRoutes from './public-routes';

export const attachmentContentTypes = { attachment };
export {
  attachmentService,
  attachmentChangeService,
  attachmentController,
  attachmentRoutes,
  publicAttachmentController,
  publicAttachmentRoutes,
};
