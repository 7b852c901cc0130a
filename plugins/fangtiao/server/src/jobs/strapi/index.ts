/**
 * Scheduled jobs, once per cluster (lease in the database).
 * Module jobs/: owns the job-run model, the job definitions and the runner with its lease.
 * Imports: its pure files (outside strapi/) import only `@fangtiao/kernel/pure`, other modules' pure files and the contracts; strapi/ may add Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import { jobRun } from './schema';
import jobsService from './service';
import jobsController from './controller';
import jobsRoutes from './routes';

export const jobContentTypes = { 'job-run': jobRun };
export { jobsService, jobsController, jobsRoutes };
export { JobRunner } from './runner';
