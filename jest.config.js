// Jest 30 on Node 20: Nest 12 is ESM-only, so everything goes through @swc/jest to CommonJS
// (see ../shared/STACK.md). Run with --experimental-vm-modules (PGlite needs it too).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = [
  'content-disposition',
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
  'jose',
  'happy-dom',
];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};
// Two workers at least: Jest's default (cores - 1) is one worker on the 2-core CI machine, and the suite waits
// on child processes, the PostgreSQL server and RabbitMQ as much as it computes. Measured on that machine
// (2026-11-23): the PGlite run 434 s with one worker, 274 s with two; the PostgreSQL run 256 s and 157 s.
const os = require('node:os');
const workers = Math.max(2, os.availableParallelism() - 1);

module.exports = {
  maxWorkers: workers,
  // Fresh databases and whole apps per file (db, e2e): generous limits so a loaded CI machine is not a failure.
  // Jest 30 reads testTimeout from the global configuration only: set in a project, it was ignored (5 s).
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'db',
      testMatch: ['<rootDir>/test/db/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
    },
  ],
};
