// A fresh object per route: the router writes each route's auth scope into its config.
const guarded = () => ({ policies: ['global::in-jurisdiction'] });

export default {
  routes: [
    { method: 'GET', path: '/desk/me', handler: 'desk.me', config: guarded() },
    { method: 'GET', path: '/desk/users', handler: 'desk.users', config: guarded() },
  ],
};
