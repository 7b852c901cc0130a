import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::mediation-session.mediation-session');
