'use strict';
/*
 * The plugin's server code is TypeScript compiled by the app's own build (tsconfig.json
 * includes plugins/*\/server), so it lives in the app's dist folder, wherever that is.
 */
const path = require('path');

module.exports = require(path.join(strapi.dirs.dist.root, 'plugins/fangtiao/server/src')).default;
