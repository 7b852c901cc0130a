import { routesOf } from '../../utils/routes';

const route = routesOf('judicial');

/** Content-API routes at /api/... next to the petition they belong to. */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/petitions/:id/judicial-confirmation', 'status'),
    route('POST', '/petitions/:id/judicial-confirmation/application', 'issueApplication'),
    route('POST', '/petitions/:id/judicial-confirmation/filing', 'recordFiling'),
    route('POST', '/petitions/:id/judicial-confirmation/ruling', 'recordRuling'),
  ],
};
