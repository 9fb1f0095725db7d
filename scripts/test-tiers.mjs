// The three test tiers, as immich has them: one definition read by jest.config.js and by the CI summary.
// unit: colocated src/**/*.spec.ts; no network, no child processes (test/setup/unit-isolation.ts enforces it).
// medium: test/**/*.spec.ts and *.contract.ts; real adapters, the stand-in, poppler, LibreOffice, Azurite.
// e2e: test/**/*.e2e-spec.ts; the whole facade over HTTP (and a real browser).
export const TEST_TIERS = [
  { name: 'unit', testRegex: '/src/.*\\.spec\\.ts$' },
  { name: 'medium', testRegex: '/test/.*(?<!\\.e2e-spec)\\.(spec|contract)\\.ts$' },
  { name: 'e2e', testRegex: '/test/.*\\.e2e-spec\\.ts$' },
];

/** The tier a test file belongs to, by its absolute path. */
export function tierOf(testPath) {
  return TEST_TIERS.find((tier) => new RegExp(tier.testRegex).test(testPath))?.name ?? 'unknown';
}
