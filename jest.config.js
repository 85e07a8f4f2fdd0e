/** Two projects: unit specs beside the code, e2e specs in test/ against real PostgreSQL, Redis and SMTP. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  // Global (Jest ignores it per project): e2e tests hash passwords with argon2 and run real workers.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      // web/src specs: the app's plain logic (message files, error mapping); no DOM needed.
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
        '<rootDir>/web/src/**/*.spec.ts',
      ],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/contract-report.ts',
      // Every response the suites receive is checked against the OpenAPI document (test/support/contract.ts).
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
      // ESM-only dependencies of @fastify/static that Jest cannot require (see test/support/jest-shims).
      moduleNameMapper: {
        '^glob$': '<rootDir>/test/support/jest-shims/glob.js',
        '^content-disposition$': '<rootDir>/test/support/jest-shims/content-disposition.js',
      },
    },
  ],
};
