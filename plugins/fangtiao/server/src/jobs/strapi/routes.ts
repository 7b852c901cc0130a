import { requiresAdmin } from '../../admin-actions';

/** Admin routes at /fangtiao/... (admin panel only). */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/jobs', handler: 'jobs.list', config: requiresAdmin('jobsRead') },
    { method: 'POST', path: '/jobs/:name/run', handler: 'jobs.runNow', config: requiresAdmin('jobsRun') },
    { method: 'GET', path: '/job-runs/:id', handler: 'jobs.run', config: requiresAdmin('jobsRead') },
  ],
};
