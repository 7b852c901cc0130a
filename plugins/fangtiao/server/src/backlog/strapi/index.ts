/**
 * Backlog packages (五个一) and the departure handover (离任交接).
 * Module backlog/: owns the backlog-package and leader-tenure models, the handover sheet's lists (rules.ts).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import { backlogPackage, leaderTenure } from './schema';
import backlogService from './service';
import backlogController from './controller';
import backlogRoutes from './routes';

export const backlogContentTypes = { 'backlog-package': backlogPackage, 'leader-tenure': leaderTenure };
export { backlogService, backlogController, backlogRoutes };
