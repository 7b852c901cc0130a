/**
 * `npm run test:cluster`: the cluster phase of CI (.ci/run), on PostgreSQL with nginx — real
 * `strapi start` processes behind a proxy, one killed during the load (bench/lib/cluster.js).
 * Apart from the suite: it needs PostgreSQL and nginx, and one file runs for about 2 minutes.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 600_000,
};
