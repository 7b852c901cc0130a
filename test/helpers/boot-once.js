'use strict';
/**
 * Boots the compiled app once on the database the environment names, and stops: the schema is
 * created and the start-up seeds (roles, permissions, settings) are written. Run by the test
 * global setup in a child process to make the template database each test file starts from.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const ROOT = path.join(__dirname, '..', '..');

(async () => {
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();
  await app.destroy();
  process.exit(0);
})().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
