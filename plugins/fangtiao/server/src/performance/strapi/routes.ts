import { routesOf } from '../../utils/routes';

const route = routesOf('performance');

/** 履行回访: GET a case's follow-ups; POST the mediator's finding on one. */
export const performanceRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [route('GET', '/petitions/:id/performance', 'list'), route('POST', '/performance-checks/:id/record', 'record')],
};
