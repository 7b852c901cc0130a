import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::mediation-session.mediation-session');
