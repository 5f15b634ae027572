// Two tiers (see docs/architecture.md): unit specs are pure and fast; integration specs talk to
// real Kafka, a real MongoDB-compatible server and real Redis provided by libs/testing's global setup.
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const transform = { '^.+\\.[tj]s$': ['@swc/jest', { ...swcrc, swcrc: false, sourceMaps: 'inline' }] };
const shared = {
  transform,
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFiles: ['<rootDir>/libs/testing/src/jest/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/setup-timeout.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFiles: ['<rootDir>/libs/testing/src/jest/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/setup-timeout.ts'],
    },
  ],
};
