import { factories } from '@strapi/strapi';

// Case types are configured in the admin panel; the desk reads them to generate forms.
export default factories.createCoreRouter('api::case-type.case-type', {
  only: ['find', 'findOne'],
  config: {
    find: { policies: ['global::in-jurisdiction'] },
    findOne: { policies: ['global::in-jurisdiction'] },
  },
});
