import { routesOf } from '../../utils/routes';

const route = routesOf('case-file');

/** Content-API routes at /api/... next to the petition's own: build (立卷), list, download PDF or zip. */
export const caseFileRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [
    route('POST', '/petitions/:id/case-file', 'build'),
    route('GET', '/petitions/:id/case-files', 'list'),
    route('GET', '/case-files/:id/download', 'download'),
  ],
};
