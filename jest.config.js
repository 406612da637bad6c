// Two runs (see `npm test`): the "parallel" project (*.spec.ts: pure *.spec.ts, *.int.spec.ts against
// real services, *.e2e.spec.ts through HTTP), then the "serial" project alone. Services: scripts/services.sh.
const { pathsToModuleNameMapper } = require('./scripts/jest-paths.cjs');

const transform = {
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
};

const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>'],
  transform,
  moduleNameMapper: pathsToModuleNameMapper(),
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
};

// `*.serial.int.spec.ts` hold a transaction open on purpose. The read horizon (pg_snapshot_xmin) is
// cluster-wide, so they would stall every other suite's reads: they run alone, after the rest
// (`npm test` runs both projects in that order).
const IGNORED = ['/node_modules/', '/.services/', '/dist/'];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'parallel',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: [...IGNORED, '\\.serial\\.int\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'serial',
      testMatch: ['**/*.serial.int.spec.ts'],
      testPathIgnorePatterns: IGNORED,
    },
  ],
};
