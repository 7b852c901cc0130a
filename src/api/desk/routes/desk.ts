const guarded = { policies: ['global::in-jurisdiction'] };

export default {
  routes: [
    { method: 'GET', path: '/desk/me', handler: 'desk.me', config: guarded },
    { method: 'GET', path: '/desk/users', handler: 'desk.users', config: guarded },
  ],
};
