import { requiresAdmin } from '../../admin-actions';

import { routesOf } from '../../utils/routes';

const route = routesOf('experts');

/** Content-API routes at /api/... (no plugin prefix). */
export const expertsRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/experts/me', 'me'),
    route('PUT', '/experts/me', 'updateMe'),
    route('POST', '/experts/me/calendar-token', 'regenerateToken'),
    route('GET', '/experts/me/bookings', 'myBookings'),
    route('GET', '/experts/desk', 'desk'),
    { method: 'GET', path: '/experts/:id/calendar.ics', handler: 'experts.calendar', config: { auth: false } },
    route('POST', '/petitions/:id/consultations', 'request'),
    route('GET', '/petitions/:id/consultations', 'forPetition'),
    route('GET', '/consultations/:id', 'findOne'),
    route('GET', '/consultations/:id/suggestions', 'suggestions'),
    route('POST', '/consultations/:id/cancel', 'cancelRequest'),
    route('POST', '/consultations/:id/bookings', 'book'),
    route('POST', '/consultations/:id/take', 'take'),
    route('POST', '/bookings/:id/accept', 'accept'),
    route('POST', '/bookings/:id/decline', 'decline'),
    route('POST', '/bookings/:id/cancel', 'cancel'),
    route('POST', '/bookings/:id/reschedule', 'reschedule'),
    route('POST', '/bookings/:id/opinion', 'opinion'),
    route('GET', '/bookings/:id/record', 'record'),
  ],
};

/** Admin-panel routes at /fangtiao/expert-pools… (the 专家排班 page). */
export const expertsAdminRoutes = {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/expert-pools', handler: 'experts-admin.pools', config: requiresAdmin('expertsRead') },
    { method: 'GET', path: '/expert-pools/:id/week', handler: 'experts-admin.poolWeek', config: requiresAdmin('expertsRead') },
  ],
};
