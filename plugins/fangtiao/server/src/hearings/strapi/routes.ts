import { requiresAdmin } from '../../admin-actions';

import { routesOf } from '../../utils/routes';

const route = routesOf('hearings');

/** Content-API routes at /api/... (no plugin prefix). */
export const hearingsRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/hearing-types', 'kinds'),
    route('GET', '/rooms', 'rooms'),
    route('GET', '/hearings/people', 'people'),
    route('POST', '/hearings/slots', 'slots'),
    route('GET', '/hearings/mine', 'mine'),
    route('GET', '/hearings', 'find'),
    route('POST', '/hearings', 'create'),
    route('GET', '/hearings/:id', 'findOne'),
    route('POST', '/hearings/:id/reschedule', 'reschedule'),
    route('POST', '/hearings/:id/cancel', 'cancel'),
    route('POST', '/hearings/:id/minutes', 'minutes'),
    route('GET', '/hearings/:id/notices/:index', 'notice'),
    route('GET', '/hearings/:id/record', 'record'),
    route('GET', '/schedule/week', 'week'),
    { method: 'GET', path: '/hearing-announcements', handler: 'hearings.announcements', config: { auth: false } },
  ],
};

/** Admin-panel routes at /fangtiao/schedule/… (the 听证排期 page). */
export const hearingsAdminRoutes = {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/schedule/resources', handler: 'hearings-admin.resources', config: requiresAdmin('scheduleRead') },
    { method: 'GET', path: '/schedule/week', handler: 'hearings-admin.week', config: requiresAdmin('scheduleRead') },
  ],
};
