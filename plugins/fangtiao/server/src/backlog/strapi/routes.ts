// A fresh config object per route: the router writes each route's auth scope into its config.
const route = (method: string, path: string, handler: string) => ({ method, path, handler: `backlog.${handler}`, config: { policies: ['global::in-jurisdiction'] } });

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
