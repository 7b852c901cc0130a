import { guarded } from '../../utils/routes';

/** Content-API routes at /api/... (no plugin prefix), next to the petition routes they belong with. */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'POST', path: '/petitions/:id/documents/:kind', handler: 'document.issue', config: guarded() },
    { method: 'GET', path: '/petitions/:id/documents', handler: 'document.list', config: guarded() },
    { method: 'GET', path: '/documents/:id/download', handler: 'document.download', config: guarded() },
    { method: 'GET', path: '/documents/:id/signed-scan', handler: 'document.downloadSignedScan', config: guarded() },
    { method: 'POST', path: '/documents/:id/signed-scan', handler: 'document.uploadSignedScan', config: guarded() },
    { method: 'POST', path: '/documents/:id/signed-scan/withdraw', handler: 'document.withdrawSignedScan', config: guarded() },
    { method: 'POST', path: '/document-exports', handler: 'document.startExport', config: guarded() },
    { method: 'GET', path: '/document-exports/:id', handler: 'document.exportStatus', config: guarded() },
    { method: 'GET', path: '/document-exports/:id/download', handler: 'document.exportDownload', config: guarded() },
    { method: 'GET', path: '/verify/:code', handler: 'document.verify', config: { auth: false } },
  ],
};
