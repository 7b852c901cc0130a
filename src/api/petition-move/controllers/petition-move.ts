import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::petition-move.petition-move');
