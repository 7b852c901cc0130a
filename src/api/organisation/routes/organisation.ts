import { factories } from '@strapi/strapi';

// Reference data: read through the API within the caller's jurisdiction, managed in the admin panel.
export default factories.createCoreRouter('api::organisation.organisation', {
  only: ['find', 'findOne'],
  config: {
    find: { policies: ['global::in-jurisdiction'] },
    findOne: { policies: ['global::in-jurisdiction'] },
  },
});
