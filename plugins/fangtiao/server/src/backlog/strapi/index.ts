/** Backlog packages (五个一) and the departure handover (离任交接). */
import { backlogPackage, leaderTenure } from './schema';
import backlogService from './service';
import backlogController from './controller';
import backlogRoutes from './routes';

export const backlogContentTypes = { 'backlog-package': backlogPackage, 'leader-tenure': leaderTenure };
export { backlogService, backlogController, backlogRoutes };
