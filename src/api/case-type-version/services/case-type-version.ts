import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::case-type-version.case-type-version');
