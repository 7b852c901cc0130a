import { execFileSync } from 'child_process';
import path from 'path';
import { buildTemplate } from './db-template';

/** The admin panel's browser test: the production admin bundle must be built before it runs. */
export const ADMIN_PANEL_TEST = 'test/browser/admin-panel.test.ts';

/**
 * Compile the app (and the local plugin, which the same tsconfig covers) once for every worker;
 * when the run includes the admin-panel test, make sure dist/build holds the admin bundle of
 * the current sources (built once, then copied from .cache/admin-build: see scripts/admin-build.js).
 */
export default async function globalSetup(globalConfig?: { testPathPattern?: string }) {
  const root = path.join(__dirname, '..', '..');
  const started = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // The desk page checks forms with the server's own rules, bundled for the browser.
  await require(path.join(root, 'scripts', 'build-desk.js')).buildDesk({ quiet: true });
  process.stdout.write(`\n[setup] compiled TypeScript and the desk's form rules in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  // The database each test file starts from (test/helpers/db-template.ts); FANGTIAO_TEST_DB_TEMPLATE=off for none.
  if (process.env.FANGTIAO_TEST_DB_TEMPLATE === 'off') delete process.env.FANGTIAO_TEST_DB_TEMPLATE;
  else {
    const t = Date.now();
    await buildTemplate();
    process.stdout.write(`[setup] template database built in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const pattern = globalConfig?.testPathPattern ?? '';
  if (!pattern || new RegExp(pattern, 'i').test(path.join(root, ADMIN_PANEL_TEST))) {
    const { ensureAdminBuild } = require(path.join(root, 'scripts', 'admin-build.js'));
    // `strapi build` reads the config, which wants these secrets; a CI clone has no .env.
    const env = {
      ...process.env,
      APP_KEYS: process.env.APP_KEYS ?? 'build-a,build-b',
      ADMIN_JWT_SECRET: process.env.ADMIN_JWT_SECRET ?? 'build',
      API_TOKEN_SALT: process.env.API_TOKEN_SALT ?? 'build',
      TRANSFER_TOKEN_SALT: process.env.TRANSFER_TOKEN_SALT ?? 'build',
      JWT_SECRET: process.env.JWT_SECRET ?? 'build',
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? 'build',
    };
    const { built, seconds } = ensureAdminBuild({ env, log: (m: string) => process.stdout.write(`[setup] ${m.trim()}\n`) });
    process.stdout.write(`[setup] admin panel ${built ? 'built' : 'taken from the cache'} in ${seconds.toFixed(1)} s\n`);
  }
}
