import { CREDIT_UID } from './schema';
import { guarded, routesOf } from '../../utils/routes';

const withPersonalData = () => ({
  policies: ['global::in-jurisdiction'],
  middlewares: [{ name: 'global::personal-data', config: { uid: CREDIT_UID.flag, handlerFields: ['proposedBy', 'reviewedBy'] } }],
});
const route = routesOf('credit', withPersonalData);

/** Content-API routes at /api/... (no plugin prefix). */
export default {
  type: 'content-api',
  prefix: '',
  routes: [
    route('GET', '/credit-grounds', 'grounds', guarded()),
    route('GET', '/credit-flags/export', 'export', guarded()),
    route('GET', '/credit-flags', 'find'),
    route('POST', '/credit-flags', 'propose'),
    route('GET', '/credit-flags/:id', 'findOne'),
    route('GET', '/credit-flags/:id/history', 'history', guarded()),
    route('GET', '/credit-flags/:id/queries', 'queries', guarded()),
    route('POST', '/credit-flags/:id/approve', 'approve'),
    route('POST', '/credit-flags/:id/reject', 'reject'),
    route('POST', '/credit-flags/:id/notify', 'notify'),
    route('POST', '/credit-flags/:id/objection', 'lodgeObjection'),
    route('POST', '/credit-flags/:id/objection/decision', 'decideObjection'),
    route('POST', '/credit-flags/:id/objection/extension', 'extendObjectionReview'),
    route('GET', '/credit-flags/:id/objection/attachments/:fileId', 'objectionAttachment', guarded()),
    route('POST', '/credit-flags/:id/delivery', 'deliver'),
    route('GET', '/credit-flags/:id/delivery/receipts/:fileId', 'deliveryReceipt', guarded()),
    route('POST', '/credit-flags/:id/activate', 'activate'),
    route('POST', '/credit-flags/:id/repair', 'applyRepair'),
    route('POST', '/credit-flags/:id/repair/decision', 'decideRepair'),
    route('GET', '/credit-flags/:id/repair/attachments/:fileId', 'repairAttachment', guarded()),
    route('POST', '/credit-flags/:id/expire', 'expire'),
    route('POST', '/credit-flags/:id/remove', 'remove'),
    route('GET', '/petitions/:id/credit-hints', 'hints', guarded()),
  ],
};
