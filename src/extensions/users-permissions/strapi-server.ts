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
  return plugin;
};
