/** Credit flags (失信记录) wired into the plugin: content types, service, controller, routes, guard. */
import { creditFlag, creditFlagMove, creditGround, creditQueryLog } from './schema';
import creditService from './service';
import creditController from './controller';
import creditRoutes from './routes';

export { creditGuardMiddleware } from './guard';
export const creditContentTypes = {
  'credit-ground': creditGround,
  'credit-flag': creditFlag,
  'credit-flag-move': creditFlagMove,
  'credit-query-log': creditQueryLog,
};
export { creditService, creditController, creditRoutes };
