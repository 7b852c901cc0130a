import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::case-type-version.case-type-version');
