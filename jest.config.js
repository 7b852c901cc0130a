/**
 * Two projects: `unit` tests the pure rules without booting anything; `api` boots Strapi
 * (compiled once in global setup) on a fresh database per test file and drives it
 * through supertest. Each worker gets its own database.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// The kernel by name, as the plugin imports it: unit tests run its TypeScript; API tests the
// compiled kernel the booted app runs (one copy of its caches and state, not two).
const kernel = (dir, ext) => ({
  '^@fangtiao/kernel$': `<rootDir>/${dir}/kernel/kernel.${ext}`,
  '^@fangtiao/kernel/pure$': `<rootDir>/${dir}/kernel/pure.${ext}`,
});

// Two workers even on two cores: a test file spends much of its time waiting on the database,
// the browser or the HTTP round trip, so a second worker uses the core the first leaves idle
// (jest's default, cores − 1, gives one worker on CI's two cores: 79 s → 45 s on four files).
const os = require('node:os');
const workers = Number(process.env.JEST_WORKERS) || Math.max(2, os.cpus().length - 1);

module.exports = {
  testTimeout: 120000,
  maxWorkers: workers,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper: kernel('src', 'ts'),
      // TypeScript first: src/kernel holds both kernel.ts and the runtime stubs (pure.js, index.js).
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'api',
      testEnvironment: 'node',
      transform,
      moduleNameMapper: kernel('dist/src', 'js'),
      testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};
