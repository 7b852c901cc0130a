import { routesOf } from '../../utils/routes';

const route = routesOf('warning');

/** Content-API routes at /api/... (no plugin prefix). */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/warning-rules', 'rules'),
    route('GET', '/warnings', 'find'),
    route('GET', '/warnings/:id', 'findOne'),
    route('POST', '/warnings/:id/acknowledge', 'acknowledge'),
    route('POST', '/warnings/:id/act', 'act'),
    route('POST', '/warnings/:id/close', 'close'),
    route('POST', '/warnings/:id/notice', 'notice'),
  ],
};
