/**
 * Every user belongs to one organisation (its jurisdiction) and has a display name.
 * Added to the users-permissions user model rather than copied into a schema.json of
 * our own, so upgrades of the plugin's own attributes still reach us.
 */
export default (plugin: any) => {
  const attributes = plugin.contentTypes.user.schema.attributes;
  attributes.organisation = {
    type: 'relation',
    relation: 'manyToOne',
    target: 'api::organisation.organisation',
  };
  attributes.fullName = { type: 'string' };
  // GET /users/me reads through the query engine, past the document service: the same query checks apply.
  const me = plugin.controllers.user.me;
  plugin.controllers.user.me = async (ctx: any) => {
    const { guardReadParams } = await import('../../jurisdiction/query-guard');
    guardReadParams('plugin::users-permissions.user', { ...ctx.query }, (uid) => strapi.getModel(uid as any) as any, { jurisdiction: null, personal: 'none' });
    return me(ctx);
  };
  return plugin;
};
