'use strict';
/*
 * Runtime entry of `@fangtiao/kernel` (npm links this folder into node_modules): the compiled
 * kernel of the app being run, wherever its dist folder is — as plugins/fangtiao/strapi-server.js
 * finds the plugin's code. TypeScript resolves the name to kernel.ts (tsconfig paths).
 */
const path = require('path');

module.exports = require(path.join(strapi.dirs.dist.root, 'src/kernel/kernel'));
