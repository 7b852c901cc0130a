// `guarded()` makes a new object per route: Strapi writes each route's auth scope into its config,
// and a shared object gave every route the first one's scope (anyone who could list could ask).
import { guarded } from '../../utils/routes';

/** The desk's routes for requests for more information (补充材料), at /api/petitions/:id/info-requests. */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'GET', path: '/petitions/:id/info-requests', handler: 'info-request.list', config: guarded() },
    { method: 'POST', path: '/petitions/:id/info-requests', handler: 'info-request.ask', config: guarded() },
    { method: 'GET', path: '/petitions/:id/info-requests/:request/file', handler: 'info-request.file', config: guarded() },
  ],
};
