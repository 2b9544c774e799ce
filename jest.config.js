/**
 * One Jest run covers every kind of test. Unit tests need nothing; integration and e2e tests
 * share one PostgreSQL chosen by test/support/global-setup.ts (see the README).
 */
const transform = { '^.+\\.ts$': ['@swc/jest'] };

const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.spec.ts`],
});

module.exports = {
  modulePathIgnorePatterns: ['<rootDir>/.container-engine/', '<rootDir>/dist/', '<rootDir>/.data/'],
  projects: [
    project('unit'),
    {
      ...project('integration'),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...project('e2e'),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 30000,
};
