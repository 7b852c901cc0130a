import { guarded } from '../../utils/routes';

/** The desk's attachment routes, at /api/… (no plugin prefix). */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'POST', path: '/attachments', handler: 'attachment.upload', config: guarded() },
    { method: 'GET', path: '/attachments', handler: 'attachment.list', config: guarded() },
    { method: 'POST', path: '/attachments/:id/withdraw', handler: 'attachment.withdraw', config: guarded() },
    { method: 'POST', path: '/attachments/:id/replace', handler: 'attachment.replace', config: guarded() },
    { method: 'POST', path: '/attachments/:id/mark', handler: 'attachment.mark', config: guarded() },
    { method: 'GET', path: '/attachments/:id/versions', handler: 'attachment.versions', config: guarded() },
    { method: 'GET', path: '/attachments/:id/download', handler: 'attachment.download', config: guarded() },
    { method: 'GET', path: '/attachments/:id/thumbnail', handler: 'attachment.thumbnail', config: guarded() },
    { method: 'GET', path: '/petitions/:id/attachments', handler: 'attachment.forCase', config: guarded() },
  ],
};
