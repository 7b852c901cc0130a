// A fresh config object per route: the router writes each route's auth scope into its config.
const guarded = () => ({ policies: ['global::in-jurisdiction'] });
const route = (method: string, path: string, handler: string) => ({ method, path, handler: `warning.${handler}`, config: guarded() });

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
