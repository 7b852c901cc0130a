import subsidyService from './service';

export { subsidyRate, caseSubsidy } from './schema';
export { subsidyController } from './controller';
export { subsidyRoutes } from './routes';
export const subsidyServices = { subsidy: subsidyService };
