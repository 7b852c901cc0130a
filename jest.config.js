/**
 * Two projects: `unit` tests the pure rules without booting anything; `api` boots Strapi
 * (compiled once in global setup) on a fresh database per test file and drives it
 * through supertest. Each worker gets its own database.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// The kernel by name, as the plugin imports it; tests run its TypeScript directly.
const moduleNameMapper = {
  '^@fangtiao/kernel$': '<rootDir>/src/kernel/kernel.ts',
  '^@fangtiao/kernel/pure$': '<rootDir>/src/kernel/pure.ts',
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'api',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
    },
  ],
};
