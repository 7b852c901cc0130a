/**
 * Credit flags (失信记录) wired into the plugin: content types, service, controller, routes, guard.
 * Module credit/: owns the flag, move, ground and query-log models and the due process (moves.ts, rules.ts).
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
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
