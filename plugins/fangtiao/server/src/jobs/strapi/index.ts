/** Scheduled jobs, once per cluster (lease in the database). */
import { jobRun } from './schema';
import jobsService from './service';
import jobsController from './controller';
import jobsRoutes from './routes';

export const jobContentTypes = { 'job-run': jobRun };
export { jobsService, jobsController, jobsRoutes };
export { JobRunner } from './runner';
