const admin = () => ({ policies: ['admin::isAuthenticatedAdmin'] });

/** Admin routes at /fangtiao/... (admin panel only). */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/jobs', handler: 'jobs.list', config: admin() },
    { method: 'POST', path: '/jobs/:name/run', handler: 'jobs.runNow', config: admin() },
    { method: 'GET', path: '/job-runs/:id', handler: 'jobs.run', config: admin() },
  ],
};
