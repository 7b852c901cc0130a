import performanceService from './service';

export { performanceCheck } from './schema';
export { performanceController } from './controller';
export { performanceRoutes } from './routes';
export const performanceServices = { performance: performanceService };
