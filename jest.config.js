// ESM all the way: NestJS 12 ships only as ES modules, so jest runs with
// --experimental-vm-modules and ts-jest's ESM preset (see README "Tests").
import { availableParallelism } from 'node:os';

/** @type {import('jest').Config} */
export default {
  // Most of a spec file's time is waiting — child processes, syncs, servers starting — not CPU:
  // on the 2-core CI machine two workers finish the suite in about 55 % of one worker's time
  // (services/intake: 103 s against 189 s, measured side by side). Journeys that share Kafka's
  // consumer groups take turns through holdExclusive (libs/testing/src/exclusive.ts).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // Two workers share two cores, so a spec's wall time stretches with the other's load (an ESLint
  // run over a few files took 6.9 s beside a busy neighbour). No spec asserts on timing; this
  // bounds a hung one.
  testTimeout: 30_000,
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/tools'],
  // A build folder may hold a service's deploy tree (nx run <service>:deploy), sources of the libraries included.
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    // A workspace package's sources, as its `continuum-dev` export condition names them.
    '^@continuum/(aftercare|audit|console|dual-diagnosis|intake|treatment-plan)/(.*)\\.js$': '<rootDir>/services/$1/src/$2',
    '^@continuum/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@continuum/([^/]+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^@continuum/([^/]+)/([^/.]+)$': '<rootDir>/libs/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  // Every answer of a service app in any test is held to the service's OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/tools/jest/openapi-conformance.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};
