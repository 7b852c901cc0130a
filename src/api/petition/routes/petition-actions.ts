import { PETITION_HANDLER_FIELDS, UID } from '../../../constants';

const personalData = {
  name: 'global::personal-data',
  config: { uid: UID.petition, handlerFields: PETITION_HANDLER_FIELDS },
};
const route = (method: string, path: string, handler: string, withPersonalData = false) => ({
  method,
  path,
  handler: `petition.${handler}`,
  config: { policies: ['global::in-jurisdiction'], middlewares: withPersonalData ? [personalData] : [] },
});

/** The petition's own actions: the flow, what is recorded on it, its form, timeline and ledger export. */
export default {
  routes: [
    route('GET', '/petitions/export', 'export'),
    route('GET', '/petitions/search', 'search', true),
    route('POST', '/petitions/:id/transition', 'transition', true),
    route('POST', '/petitions/:id/consent', 'recordConsent', true),
    route('GET', '/petitions/:id/moves', 'moves'),
    route('POST', '/petitions/:id/extend', 'extend', true),
    route('POST', '/petitions/:id/visits', 'createVisit'),
    route('POST', '/petitions/:id/sessions', 'createSession'),
    route('POST', '/petitions/:id/return-visit', 'recordReturnVisit', true),
    route('GET', '/petitions/:id/form', 'getForm'),
    route('PUT', '/petitions/:id/form', 'updateForm'),
    route('GET', '/petitions/:id/timeline', 'timeline'),
  ],
};
