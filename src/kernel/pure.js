'use strict';
/* Runtime entry of `@fangtiao/kernel/pure`: see index.js. */
const path = require('path');

module.exports = require(path.join(strapi.dirs.dist.root, 'src/kernel/pure'));
