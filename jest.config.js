/** Three tiers (scripts/test-tiers.mjs), each a Jest project: `npm test` runs them all, `npm run test:<tier>` one. */
import { TEST_TIERS } from './scripts/test-tiers.mjs';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

export default {
  // A ceiling for a stuck test, never a measure of speed: nothing asserts on how long a test took.
  testTimeout: 300_000,
  maxWorkers: 2,
  projects: TEST_TIERS.map((tier) => ({
    ...shared,
    displayName: tier.name,
    testRegex: tier.testRegex,
    ...(tier.name === 'unit' ? { setupFilesAfterEnv: ['<rootDir>/test/setup/unit-isolation.ts'] } : {}),
  })),
};
