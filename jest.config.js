// One jest run for every kind of test: *.spec.ts (pure, no I/O), *.int.spec.ts (real services),
// *.e2e.spec.ts (through HTTP). The services come from scripts/services.sh (bin/test starts them).
const { pathsToModuleNameMapper } = require('./scripts/jest-paths.cjs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/.services/', '/dist/'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: pathsToModuleNameMapper(),
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
