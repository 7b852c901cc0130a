'use strict';

/**
 * What a plain Strapi user would click in the admin panel: let authenticated users create
 * and list records, and make one user to log in with. Nothing else.
 */
module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    for (const action of ['api::record.record.create', 'api::record.record.find']) {
      const has = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
      if (!has) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
    const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { username: 'bench' } });
    if (!user) {
      await strapi.plugin('users-permissions').service('user').add({
        username: 'bench',
        email: 'bench@bench.invalid',
        password: 'Bench-password-1',
        provider: 'local',
        confirmed: true,
        role: role.id,
      });
    }
  },
};
