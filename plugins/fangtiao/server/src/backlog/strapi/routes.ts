import { routesOf } from '../../utils/routes';

const route = routesOf('backlog');

/** Content-API routes at /api/... (no plugin prefix). */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/backlog/supervision', 'supervision'),
    route('GET', '/backlog-packages', 'find'),
    route('POST', '/backlog-packages', 'create'),
    route('GET', '/backlog-packages/:id', 'findOne'),
    route('PUT', '/backlog-packages/:id', 'update'),
    route('POST', '/backlog-packages/:id/progress', 'progress'),
    route('POST', '/backlog-packages/:id/resolve', 'resolve'),
    route('GET', '/leader-tenures', 'tenures'),
    route('POST', '/leaders/:id/handover', 'handover'),
  ],
};
