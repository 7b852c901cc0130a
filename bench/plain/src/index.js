'use strict';

// A new app's src/index.js: no content types, no lifecycle work.
module.exports = {
  register() {},
  bootstrap() {},
};
