/** Dependency rules from ARCHITECTURE.md, enforced in CI (npm run deps:check). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'facade-never-imports-stand-in',
      comment: 'Only the dev bootstrap (src/main.ts) may start the stand-in.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/stand-in/', '^src/main\\.ts$'] },
      to: { path: '^src/stand-in/' },
    },
    {
      name: 'stand-in-is-standalone',
      comment: 'The stand-in plays the legacy CMS: it shares only the committed contract files with the facade.',
      severity: 'error',
      from: { path: '^src/stand-in/' },
      to: { path: '^src/', pathNot: ['^src/stand-in/'] },
    },
    {
      name: 'resources-do-not-import-adapters',
      comment: 'Controllers and services depend on ports, never on adapters or transport clients.',
      severity: 'error',
      // Modules and factories choose adapters from config; everything else sees ports only.
      from: {
        path: '^src/(cases|modern|strangler|ingestion|search|redaction|audit|health)/',
        pathNot: ['\\.module\\.ts$', '\\.config\\.ts$', '\\.factory\\.ts$', '/create-[a-z-]+\\.ts$'],
      },
      to: { path: ['\\.adapter\\.ts$', '^src/legacy/(classic-soap|graphql|file-store)/'] },
    },
    {
      name: 'unstrangled-port-is-for-modern',
      comment: 'Everything else calls the strangled LegacyCms port (ADR 0024); only modern implementations and the strangler reach the plain adapter.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(modern|strangler)/', '^src/legacy/legacy\\.module\\.ts$'] },
      to: { path: '^src/legacy/unstrangled-legacy-cms\\.token\\.ts$' },
    },
    {
      name: 'features-meet-ingestion-through-its-port',
      comment: 'ADR 0027: redaction, suggestions and search reach ingested versions through IngestedVersions only, never ingestion internals.',
      severity: 'error',
      from: { path: '^src/(redaction|search)/' },
      to: { path: '^src/ingestion/', pathNot: ['^src/ingestion/ingested-versions\\.port\\.ts$'] },
    },
    {
      name: 'adapters-do-not-import-controllers',
      severity: 'error',
      from: { path: ['\\.adapter\\.ts$', '^src/legacy/'] },
      to: { path: '\\.controller\\.ts$' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.(spec|contract)\\.ts$' },
      to: { path: ['^test/', '\\.(spec|e2e-spec|contract)\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
