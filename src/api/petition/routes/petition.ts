import { factories } from '@strapi/strapi';
import { PETITION_HANDLER_FIELDS, UID } from '../../../constants';

const personalData = {
  name: 'global::personal-data',
  config: { uid: UID.petition, handlerFields: PETITION_HANDLER_FIELDS },
};
// A fresh object per route: the router writes each route's auth scope into its config.
const scoped = () => ({ policies: ['global::in-jurisdiction'], middlewares: [personalData] });

export default factories.createCoreRouter('api::petition.petition', {
  only: ['find', 'findOne', 'create', 'update'],
  config: { find: scoped(), findOne: scoped(), create: scoped(), update: scoped() },
});
