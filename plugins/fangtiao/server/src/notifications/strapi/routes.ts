/** Content-API routes at /api/... (no plugin prefix). */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'GET', path: '/notifications', handler: 'notification.find', config: { policies: [] } },
    { method: 'GET', path: '/notifications/preferences', handler: 'notification.preferences', config: { policies: [] } },
    { method: 'PUT', path: '/notifications/preferences', handler: 'notification.savePreferences', config: { policies: [] } },
    { method: 'POST', path: '/notifications/:id/read', handler: 'notification.read', config: { policies: [] } },
  ],
};
