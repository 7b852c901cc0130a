import { requiresAdmin } from '../../admin-actions';

import { guarded } from '../../utils/routes';

/** Content-API routes at /api/measures… (no plugin prefix), scoped to the caller's jurisdiction. */
export const measuresRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'GET', path: '/measures', handler: 'measures.dashboard', config: guarded() },
    { method: 'GET', path: '/measures/export', handler: 'measures.export', config: guarded() },
    { method: 'GET', path: '/measures/organisations', handler: 'measures.organisations', config: guarded() },
    { method: 'GET', path: '/measures/:measure/rows', handler: 'measures.rows', config: guarded() },
  ],
};

/** The first-petition ledgers (日日清、周周结、月月审) at /api/ledgers… for the desk. */
export const ledgersRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'GET', path: '/ledgers/first-petitions', handler: 'ledgers.firstPetitions', config: guarded() },
    { method: 'GET', path: '/ledgers/first-petitions/export', handler: 'ledgers.exportFirstPetitions', config: guarded() },
  ],
};

/** Admin-panel routes at /fangtiao/measures… for the dashboard page (admins: any organisation). */
export const measuresAdminRoutes = {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/measures', handler: 'measures-admin.dashboard', config: requiresAdmin('measuresRead') },
    { method: 'GET', path: '/measures/export', handler: 'measures-admin.export', config: requiresAdmin('measuresExport') },
    { method: 'GET', path: '/measures/organisations', handler: 'measures-admin.organisations', config: requiresAdmin('measuresRead') },
    { method: 'GET', path: '/measures/:measure/rows', handler: 'measures-admin.rows', config: requiresAdmin('measuresRead') },
  ],
};
