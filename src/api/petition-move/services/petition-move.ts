import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::petition-move.petition-move');
