import type { Core } from '@strapi/strapi';

/**
 * 访调 local plugin. Domain modules (documents, experts, hearings, warnings, credit,
 * measures) register their content types, services, controllers and routes here.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // The case type's form schema, edited with the plugin's field-list editor in the admin panel.
    strapi.customFields.register({ name: 'form-schema', plugin: 'fangtiao', type: 'json' });
  },
  bootstrap(_: { strapi: Core.Strapi }) {},
  destroy(_: { strapi: Core.Strapi }) {},
  config: { default: {}, validator() {} },
  contentTypes: {},
  services: {},
  controllers: {},
  routes: {},
  policies: {},
  middlewares: {},
};
