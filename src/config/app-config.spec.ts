import { resolve } from 'node:path';
import { ConfigError, DEV_AUDIENCE, DEV_ISSUER, parseConfig, resolveConfig } from './app-config.js';

const LEGACY = {
  LEGACY_SOAP_URL: 'http://cms.internal/classic',
  LEGACY_GRAPHQL_URL: 'http://cms.internal/graphql',
  LEGACY_FILES_URL: 'http://cms.internal/files',
  LEGACY_SERVICE_USERNAME: 'svc-facade',
  LEGACY_SERVICE_PASSWORD: 'not-a-real-secret',
};
const AUTH = {
  AUTH_ISSUER: 'https://login.example.test/tenant/v2.0',
  AUTH_AUDIENCE: 'api://casework-facade',
  AUTH_JWKS_URL: 'https://login.example.test/tenant/discovery/v2.0/keys',
};
const RECORDING = { STRANGLER_RECORDING_KEY: Buffer.alloc(32, 7).toString('base64'), REDACTION_LOG_HASH_KEY: Buffer.alloc(32, 9).toString('base64') };
/** The shared Azure adapters, reached keyless (managed identity): what production and ROLE=api|worker need. */
const SHARED = {
  STATE_STORE: 'azure-table',
  BLOB_STORE: 'azure-blob',
  JOB_QUEUE: 'azure-queue',
  SEARCH_INDEX: 'azure-search',
  AZURE_STORAGE_ACCOUNT_URL: 'https://acct.table.core.windows.net',
  AZURE_SEARCH_ENDPOINT: 'https://facade.search.windows.net',
};

function issuesOf(source: Record<string, string | undefined>): string[] {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('runs embedded with the dev issuer when nothing is set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      dataDir: './data',
      logLevel: 'info',
      bodyLimitBytes: 1_048_576,
      legacyMode: 'embedded',
      legacy: null,
      legacyTimeoutMs: 10_000,
      caseAccessCacheMs: 30_000,
      readinessTimeoutMs: 5_000,
      auth: { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: 'preferred_username' },
    });
  });

  it('goes remote with all LEGACY_* set and verifies against a JWKS with all AUTH_* set', () => {
    const config = parseConfig({ ...LEGACY, ...AUTH, PORT: '8080', CASE_ACCESS_CACHE_MS: '0', READINESS_TIMEOUT_MS: '60000' });
    expect(config.legacyMode).toBe('remote');
    expect(config.legacy).toEqual({ soapUrl: LEGACY.LEGACY_SOAP_URL, graphqlUrl: LEGACY.LEGACY_GRAPHQL_URL, filesUrl: LEGACY.LEGACY_FILES_URL, serviceUsername: 'svc-facade', servicePassword: 'not-a-real-secret' });
    expect(config.auth).toEqual({
      mode: 'jwks',
      issuer: AUTH.AUTH_ISSUER,
      audience: AUTH.AUTH_AUDIENCE,
      jwksUrl: AUTH.AUTH_JWKS_URL,
      usernameClaim: 'preferred_username',
      keySet: { refreshAheadMs: 300_000, staleAfterMs: 900_000, maxStaleMs: 86_400_000, refetchIntervalMs: 30_000, timeoutMs: 5_000 },
    });
    expect(config.port).toBe(8080);
    expect(config.caseAccessCacheMs).toBe(0);
    expect(config.readinessTimeoutMs).toBe(60_000);
  });

  it('refuses identity provider key ages out of order', () => {
    expect(() => parseConfig({ ...AUTH, AUTH_JWKS_REFRESH_AHEAD_MS: '900000', AUTH_JWKS_STALE_AFTER_MS: '600000' })).toThrow(/AUTH_JWKS_REFRESH_AHEAD_MS/);
    expect(() => parseConfig({ ...AUTH, AUTH_JWKS_MAX_STALE_MS: '60000' })).toThrow(/AUTH_JWKS_MAX_STALE_MS/);
  });

  it('refuses a partial set of LEGACY_* variables', () => {
    expect(issuesOf({ LEGACY_SOAP_URL: LEGACY.LEGACY_SOAP_URL }).join('\n')).toMatch(/LEGACY_SOAP_URL.*or none/);
  });

  it('refuses a partial set of AUTH_* variables', () => {
    expect(issuesOf({ AUTH_ISSUER: AUTH.AUTH_ISSUER }).join('\n')).toMatch(/AUTH_ISSUER.*or none/);
  });

  it('refuses malformed values, listing each', () => {
    const issues = issuesOf({ PORT: 'eighty', LOG_LEVEL: 'loud', APP_ENV: 'staging' });
    expect(issues.some((issue) => issue.startsWith('PORT'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('LOG_LEVEL'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('APP_ENV'))).toBe(true);
  });

  describe('state store', () => {
    it('defaults to SQLite under DATA_DIR', () => {
      expect(parseConfig({}).storage.stateStore).toEqual({ kind: 'sqlite', path: 'data/state.sqlite' });
      expect(parseConfig({ DATA_DIR: '/var/lib/facade' }).storage.stateStore).toEqual({ kind: 'sqlite', path: '/var/lib/facade/state.sqlite' });
    });

    it('uses Azure Table Storage by connection string or by account URL', () => {
      expect(parseConfig({ STATE_STORE: 'azure-table', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.stateStore).toEqual({
        kind: 'azure-table',
        connectionString: 'UseDevelopmentStorage=true',
      });
      expect(parseConfig({ STATE_STORE: 'azure-table', AZURE_STORAGE_ACCOUNT_URL: 'https://facade.table.core.windows.net' }).storage.stateStore).toEqual({
        kind: 'azure-table',
        accountUrl: 'https://facade.table.core.windows.net',
      });
    });

    it('needs exactly one Azure credential for azure-table', () => {
      expect(issuesOf({ STATE_STORE: 'azure-table' }).join('\n')).toMatch(/exactly one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT_URL/);
      expect(
        issuesOf({ STATE_STORE: 'azure-table', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', AZURE_STORAGE_ACCOUNT_URL: 'https://facade.table.core.windows.net' }).join('\n'),
      ).toMatch(/exactly one/);
    });

    it('refuses an unknown kind and a malformed account URL', () => {
      expect(issuesOf({ STATE_STORE: 'redis' }).some((issue) => issue.startsWith('STATE_STORE'))).toBe(true);
      expect(issuesOf({ STATE_STORE: 'azure-table', AZURE_STORAGE_ACCOUNT_URL: 'not a url' }).some((issue) => issue.startsWith('AZURE_STORAGE_ACCOUNT_URL'))).toBe(true);
    });

    it('refuses SQLite in production', () => {
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED, STATE_STORE: 'sqlite' })).toEqual(['production refuses the embedded STATE_STORE=sqlite: set STATE_STORE=azure-table']);
    });
  });

  describe('production', () => {
    it('refuses the stand-in and the dev issuer', () => {
      const issues = issuesOf({ APP_ENV: 'production' }).join('\n');
      expect(issues).toMatch(/refuses the legacy CMS stand-in/);
      expect(issues).toMatch(/refuses the dev token issuer/);
    });

    it('refuses the dev issuer even with a real legacy CMS', () => {
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...RECORDING, ...SHARED })).toEqual([expect.stringMatching(/refuses the dev token issuer/)]);
    });

    it('refuses the stand-in even with a real token issuer', () => {
      expect(issuesOf({ APP_ENV: 'production', ...AUTH, ...RECORDING, ...SHARED })).toEqual([expect.stringMatching(/refuses the legacy CMS stand-in/)]);
    });

    it('refuses to start without a recording key, and refuses a key that is not 32 bytes', () => {
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...SHARED, REDACTION_LOG_HASH_KEY: RECORDING.REDACTION_LOG_HASH_KEY })).toEqual([expect.stringMatching(/needs STRANGLER_RECORDING_KEY/)]);
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...SHARED, STRANGLER_RECORDING_KEY: RECORDING.STRANGLER_RECORDING_KEY })).toEqual([expect.stringMatching(/needs REDACTION_LOG_HASH_KEY/)]);
      expect(issuesOf({ STRANGLER_RECORDING_KEY: Buffer.alloc(16).toString('base64') }).join('\n')).toMatch(/base64 of 32 bytes/);
      expect(parseConfig({ ...RECORDING }).recording.key).toBe(RECORDING.STRANGLER_RECORDING_KEY);
      expect(parseConfig({ DATA_DIR: '/srv/facade' }).recording).toEqual({ key: null, keyFile: '/srv/facade/strangler/recording-key' });
    });

    it('refuses every embedded default (state, blobs, queue, index), each by name', () => {
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING })).toEqual([
        'production refuses the embedded STATE_STORE=sqlite: set STATE_STORE=azure-table',
        'production refuses the embedded BLOB_STORE=fs: set BLOB_STORE=azure-blob',
        'production refuses the embedded JOB_QUEUE=in-process: set JOB_QUEUE=azure-queue',
        'production refuses the embedded SEARCH_INDEX=sqlite: set SEARCH_INDEX=azure-search',
      ]);
    });

    it('refuses keys: a storage connection string and a search API key (managed identity only)', () => {
      const withKeys = { APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED, AZURE_STORAGE_ACCOUNT_URL: undefined, AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', AZURE_SEARCH_API_KEY: 'x' };
      expect(issuesOf(withKeys)).toEqual([expect.stringMatching(/^production refuses AZURE_STORAGE_CONNECTION_STRING/), expect.stringMatching(/^production refuses AZURE_SEARCH_API_KEY/)]);
      // Outside production both stay (Azurite, the fake search service).
      expect(parseConfig({ ...withKeys, APP_ENV: 'test' }).ingestion.searchIndex).toMatchObject({ kind: 'azure-search', apiKey: 'x' });
    });

    it('reaches every Azure service as the user-assigned managed identity AZURE_CLIENT_ID names, and refuses one that is not a client id', () => {
      const clientId = '0b0c1f5e-3c1e-4a8e-9a77-5e8b3f2d9c41';
      const config = parseConfig({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED, AZURE_CLIENT_ID: clientId, OCR: 'azure-document-intelligence', AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT: 'https://di.cognitiveservices.azure.com' });
      expect(config.storage).toEqual({
        stateStore: { kind: 'azure-table', accountUrl: SHARED.AZURE_STORAGE_ACCOUNT_URL, managedIdentityClientId: clientId },
        blobStore: { kind: 'azure-blob', container: 'casework-documents', accountUrl: 'https://acct.blob.core.windows.net', managedIdentityClientId: clientId },
        jobQueue: { kind: 'azure-queue', accountUrl: 'https://acct.queue.core.windows.net', managedIdentityClientId: clientId },
      });
      expect(config.ingestion.searchIndex).toEqual({ kind: 'azure-search', endpoint: SHARED.AZURE_SEARCH_ENDPOINT, indexName: 'case-lines', apiKey: null, managedIdentityClientId: clientId });
      expect(config.ingestion.ocr.managedIdentityClientId).toBe(clientId);
      expect(parseConfig({ ...SHARED }).storage.stateStore).toEqual({ kind: 'azure-table', accountUrl: SHARED.AZURE_STORAGE_ACCOUNT_URL });
      expect(issuesOf({ AZURE_CLIENT_ID: 'my-identity' }).join('\n')).toMatch(/^AZURE_CLIENT_ID:/);
    });

    it('starts with a real legacy CMS and a real token issuer', () => {
      const config = parseConfig({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED });
      expect(config.legacyMode).toBe('remote');
      expect(config.auth.mode).toBe('jwks');
    });
  });
});

describe('ingestion config (issue 4)', () => {
  it('defaults to the filesystem, an in-process queue, SQLite FTS5 and automatic OCR under DATA_DIR', () => {
    const { ingestion, storage } = parseConfig({ DATA_DIR: '/srv/facade' });
    expect(storage).toEqual({
      stateStore: { kind: 'sqlite', path: '/srv/facade/state.sqlite' },
      blobStore: { kind: 'fs', root: '/srv/facade/blobs' },
      jobQueue: { kind: 'in-process' },
    });
    expect(ingestion).toEqual({
      searchIndex: { kind: 'sqlite', path: '/srv/facade/search.sqlite' },
      ocr: { mode: 'auto', documentIntelligenceEndpoint: null, languages: 'eng', maxMegapixels: 25 },
      concurrency: 2,
      coveredText: true,
      documentsInFlight: 6,
      childMemoryMb: 1_536,
      sandbox: { timeoutMs: 120_000, maxMemoryMb: 1_024 },
      maxDocumentBytes: 200 * 1_048_576,
      workDir: '/srv/facade/work',
      indexSweepIntervalMs: 600_000,
    });
  });

  it('switches under-redaction detection off with INGESTION_COVERED_TEXT=off and refuses other values', () => {
    expect(parseConfig({ INGESTION_COVERED_TEXT: 'off' }).ingestion.coveredText).toBe(false);
    expect(() => parseConfig({ INGESTION_COVERED_TEXT: 'maybe' })).toThrow();
  });

  it('reaches Azure Blob and Queue Storage through the account URL of each service', () => {
    const { storage } = parseConfig({
      BLOB_STORE: 'azure-blob',
      JOB_QUEUE: 'azure-queue',
      AZURE_BLOB_CONTAINER: 'case-docs',
      AZURE_STORAGE_ACCOUNT_URL: 'https://acct.table.core.windows.net',
    });
    expect(storage.blobStore).toEqual({ kind: 'azure-blob', container: 'case-docs', accountUrl: 'https://acct.blob.core.windows.net' });
    expect(storage.jobQueue).toEqual({ kind: 'azure-queue', accountUrl: 'https://acct.queue.core.windows.net' });
  });

  it('uses Azure AI Search with or without an API key, and Document Intelligence for OCR', () => {
    const { ingestion } = parseConfig({
      SEARCH_INDEX: 'azure-search',
      AZURE_SEARCH_ENDPOINT: 'https://facade.search.windows.net',
      OCR: 'azure-document-intelligence',
      AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT: 'https://facade.cognitiveservices.azure.com',
      INGESTION_CONCURRENCY: '4',
      INGESTION_DOCUMENTS_IN_FLIGHT: '9',
      INGESTION_CHILD_MEMORY_MB: '4096',
      SANDBOX_TIMEOUT_MS: '5000',
      SANDBOX_MEMORY_MB: '256',
      MAX_DOCUMENT_BYTES: '1000',
    });
    expect(ingestion.searchIndex).toEqual({ kind: 'azure-search', endpoint: 'https://facade.search.windows.net', indexName: 'case-lines', apiKey: null });
    expect(ingestion.ocr).toEqual({ mode: 'azure-document-intelligence', documentIntelligenceEndpoint: 'https://facade.cognitiveservices.azure.com', languages: 'eng', maxMegapixels: 25 });
    expect([ingestion.concurrency, ingestion.sandbox, ingestion.maxDocumentBytes]).toEqual([4, { timeoutMs: 5000, maxMemoryMb: 256 }, 1000]);
    expect([ingestion.documentsInFlight, ingestion.childMemoryMb]).toEqual([9, 4096]);
  });

  it("takes OCR languages '+'-joined and a pixel budget, and refuses anything that is not a language code", () => {
    expect(parseConfig({ OCR_LANGUAGES: 'eng+cym', OCR_MAX_MEGAPIXELS: '30' }).ingestion.ocr).toMatchObject({ languages: 'eng+cym', maxMegapixels: 30 });
    for (const languages of ['eng cym', '../../etc/passwd', 'eng+', '+cym', '-l eng']) expect(issuesOf({ OCR_LANGUAGES: languages }).join('\n')).toMatch(/OCR_LANGUAGES/);
    expect(issuesOf({ OCR_MAX_MEGAPIXELS: '0' }).join('\n')).toMatch(/OCR_MAX_MEGAPIXELS/);
  });

  it('refuses Azure backends without their endpoints or credentials, and nonsense values', () => {
    const issues = issuesOf({ BLOB_STORE: 'azure-blob', JOB_QUEUE: 'azure-queue', SEARCH_INDEX: 'azure-search', OCR: 'azure-document-intelligence' }).join('\n');
    expect(issues).toMatch(/BLOB_STORE=azure-blob needs exactly one/);
    expect(issues).toMatch(/JOB_QUEUE=azure-queue needs exactly one/);
    expect(issues).toMatch(/SEARCH_INDEX=azure-search needs AZURE_SEARCH_ENDPOINT/);
    expect(issues).toMatch(/OCR=azure-document-intelligence needs AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT/);
    expect(issuesOf({ OCR: 'magic' }).join('\n')).toMatch(/^OCR:/);
    expect(issuesOf({ INGESTION_CONCURRENCY: '0' }).join('\n')).toMatch(/^INGESTION_CONCURRENCY:/);
    expect(issuesOf({ INGESTION_CHILD_MEMORY_MB: '100' }).join('\n')).toMatch(/^INGESTION_CHILD_MEMORY_MB:/);
    expect(issuesOf({ AZURE_BLOB_CONTAINER: 'Bad_Name' }).join('\n')).toMatch(/^AZURE_BLOB_CONTAINER:/);
  });
});

describe('logFormat and the dev issuer key', () => {
  it.each([
    ['development', true, 'pretty'],
    ['development', false, 'json'],
    ['test', true, 'json'],
  ] as const)('APP_ENV=%s with stdout a terminal: %s gives %s', (env, stdoutIsTty, format) => {
    expect(parseConfig({ APP_ENV: env }, { stdoutIsTty }).logFormat).toBe(format);
  });

  it('stays JSON in production, terminal or not', () => {
    expect(parseConfig({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED }, { stdoutIsTty: true }).logFormat).toBe('json');
  });

  it('is JSON when the caller says nothing of the process (tests, tools)', () => {
    expect(parseConfig({}).logFormat).toBe('json');
  });

  it('keeps the dev issuer key under DATA_DIR', () => {
    expect(parseConfig({ DATA_DIR: '/var/facade' }).auth).toMatchObject({ mode: 'dev', keyFile: '/var/facade/dev-issuer/signing-key.json' });
  });
});

describe('parseConfig: crash-safe saves and job leases (issue 11)', () => {
  it('leases jobs for 20 s and saves for 30 s by default, recovers every 15 s, and has no crash hook', () => {
    expect(parseConfig({}).crashSafety).toEqual({ jobLeaseMs: 20_000, saveLeaseMs: 30_000, saveRecoveryIntervalMs: 15_000, saveCrashAt: null });
    expect(parseConfig({ JOB_LEASE_MS: '10000', REDACTION_SAVE_LEASE_MS: '5000', REDACTION_SAVE_RECOVERY_INTERVAL_MS: '250' }).crashSafety).toMatchObject({ jobLeaseMs: 10_000, saveLeaseMs: 5_000, saveRecoveryIntervalMs: 250 });
  });

  it('refuses job leases Azure Queues cannot keep and the crash hook outside tests', () => {
    expect(() => parseConfig({ JOB_LEASE_MS: '500' })).toThrow(/JOB_LEASE_MS/);
    expect(() => parseConfig({ REDACTION_SAVE_CRASH_AT: 'checked-out' })).toThrow(/REDACTION_SAVE_CRASH_AT/);
    expect(parseConfig({ APP_ENV: 'test', REDACTION_SAVE_CRASH_AT: 'checked-out' }).crashSafety.saveCrashAt).toBe('checked-out');
  });
});

describe('resolveConfig', () => {
  it('adds the legacy endpoints and the stand-in to the config', () => {
    const config = parseConfig({});
    const legacy = { soapUrl: 'http://127.0.0.1:1/cms/classic', graphqlUrl: 'http://127.0.0.1:1/cms/graphql', filesUrl: 'http://127.0.0.1:1/files', serviceUsername: 'svc', servicePassword: 'pw' };
    const standIn = { wsdlUrl: 'http://127.0.0.1:1/cms/classic?wsdl', graphqlUrl: legacy.graphqlUrl, filesUrl: legacy.filesUrl, adminUrl: 'http://127.0.0.1:1/admin', adminKey: 'k' };
    const resolved = resolveConfig(config, legacy, standIn);
    expect(resolved.legacy).toBe(legacy);
    expect(resolved.standIn).toBe(standIn);
    expect(resolved.port).toBe(config.port);
  });
});

describe('parseConfig: the web app (issue 15, ADR 0035)', () => {
  const ENTRA = { WEB_APP_CLIENT_ID: '11111111-2222-3333-4444-555555555555', WEB_APP_AUTHORITY: 'https://login.example.test/tenant', WEB_APP_API_SCOPE: 'api://casework-facade/Casework.Access' };

  it('serves web/dist (resolved against the working directory) and signs in through the dev issuer by default', () => {
    const { webApp } = parseConfig({});
    expect(webApp.dir).toBe(resolve('web/dist'));
    expect(webApp.signIn).toEqual({ mode: 'dev' });
  });

  it('takes WEB_APP_DIR, and WEB_APP_ENABLED=false serves no app at all', () => {
    expect(parseConfig({ WEB_APP_DIR: '/srv/casework-web' }).webApp.dir).toBe('/srv/casework-web');
    expect(parseConfig({ WEB_APP_DIR: '/srv/casework-web', WEB_APP_ENABLED: 'false' }).webApp.dir).toBeNull();
    expect(issuesOf({ WEB_APP_ENABLED: 'no' }).join('\n')).toMatch(/WEB_APP_ENABLED/);
  });

  it('signs in with Entra ID when all three WEB_APP_* sign-in variables and the AUTH_* ones are set', () => {
    expect(parseConfig({ ...AUTH, ...ENTRA }).webApp.signIn).toEqual({ mode: 'entra', clientId: ENTRA.WEB_APP_CLIENT_ID, authority: ENTRA.WEB_APP_AUTHORITY, apiScope: ENTRA.WEB_APP_API_SCOPE });
  });

  it('has no sign-in to offer with a real token issuer and no WEB_APP_* (the dev issuer is off)', () => {
    expect(parseConfig({ ...AUTH }).webApp.signIn).toEqual({ mode: 'none' });
  });

  it('refuses a partial set of the sign-in variables, each combination', () => {
    for (const missing of Object.keys(ENTRA)) {
      const partial: Record<string, string> = { ...AUTH, ...ENTRA };
      delete partial[missing];
      expect(issuesOf(partial)).toContain('set all of WEB_APP_CLIENT_ID, WEB_APP_AUTHORITY and WEB_APP_API_SCOPE, or none');
    }
    expect(issuesOf({ ...AUTH, WEB_APP_CLIENT_ID: ENTRA.WEB_APP_CLIENT_ID })).toContain('set all of WEB_APP_CLIENT_ID, WEB_APP_AUTHORITY and WEB_APP_API_SCOPE, or none');
  });

  it('refuses Entra ID sign-in for the app while the API still trusts only the dev issuer', () => {
    expect(issuesOf({ ...ENTRA })).toContain('WEB_APP_CLIENT_ID signs in with Entra ID: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL too');
  });

  it('refuses an authority that is not a URL', () => {
    expect(issuesOf({ ...AUTH, ...ENTRA, WEB_APP_AUTHORITY: 'login.example.test/tenant' }).join('\n')).toMatch(/WEB_APP_AUTHORITY/);
  });
});

describe('parseConfig: roles and several instances (issue 16, ADR 0036)', () => {

  it('runs everything by default and re-reads the route table every second', () => {
    const config = parseConfig({});
    expect(config.role).toBe('all');
    expect(config.strangler.routeRefreshMs).toBe(1_000);
    expect(parseConfig({ STRANGLER_ROUTE_REFRESH_MS: '250' }).strangler.routeRefreshMs).toBe(250);
    expect(issuesOf({ STRANGLER_ROUTE_REFRESH_MS: '10' }).join('\n')).toMatch(/^STRANGLER_ROUTE_REFRESH_MS:/);
  });

  it.each(['api', 'worker'] as const)('takes ROLE=%s on shared adapters', (role) => {
    expect(parseConfig({ ROLE: role, ...SHARED }).role).toBe(role);
  });

  it.each(['api', 'worker'] as const)('refuses ROLE=%s on each embedded adapter, naming it', (role) => {
    const issues = issuesOf({ ROLE: role });
    expect(issues).toEqual([
      `ROLE=${role} runs beside other instances and needs shared adapters: set STATE_STORE=azure-table (not sqlite)`,
      `ROLE=${role} runs beside other instances and needs shared adapters: set BLOB_STORE=azure-blob (not fs)`,
      `ROLE=${role} runs beside other instances and needs shared adapters: set JOB_QUEUE=azure-queue (not in-process)`,
      `ROLE=${role} runs beside other instances and needs shared adapters: set SEARCH_INDEX=azure-search (not sqlite)`,
    ]);
    expect(issuesOf({ ROLE: role, ...SHARED, SEARCH_INDEX: 'sqlite' })).toEqual([expect.stringMatching(/set SEARCH_INDEX=azure-search \(not sqlite\)/)]);
  });

  it('refuses an unknown role', () => {
    expect(issuesOf({ ROLE: 'both' }).join('\n')).toMatch(/^ROLE:/);
  });
});

describe('parseConfig: the PII detector behind suggestions and plans (issue 17, ADR 0039)', () => {
  const ENDPOINT = 'https://facade-language.cognitiveservices.azure.com';

  it('finds personal data locally (offline) by default', () => {
    expect(parseConfig({}).redaction.piiDetector).toEqual({ kind: 'local', nlpNames: true });
    expect(parseConfig({ PII_DETECTOR: 'local', AZURE_LANGUAGE_ENDPOINT: ENDPOINT }).redaction.piiDetector).toEqual({ kind: 'local', nlpNames: true });
    expect(parseConfig({ PII_NAME_NLP: 'off' }).redaction.piiDetector).toEqual({ kind: 'local', nlpNames: false });
    expect(issuesOf({ PII_NAME_NLP: 'maybe' }).join('\n')).toMatch(/^PII_NAME_NLP:/);
  });

  it('uses Azure AI Language at its endpoint, as the user-assigned managed identity AZURE_CLIENT_ID names', () => {
    expect(parseConfig({ PII_DETECTOR: 'azure-language', AZURE_LANGUAGE_ENDPOINT: ENDPOINT }).redaction.piiDetector).toEqual({ kind: 'azure-language', endpoint: ENDPOINT });
    const clientId = '0b0c1f5e-3c1e-4a8e-9a77-5e8b3f2d9c41';
    const production = parseConfig({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED, AZURE_CLIENT_ID: clientId, PII_DETECTOR: 'azure-language', AZURE_LANGUAGE_ENDPOINT: ENDPOINT });
    expect(production.redaction.piiDetector).toEqual({ kind: 'azure-language', endpoint: ENDPOINT, managedIdentityClientId: clientId });
  });

  it('refuses azure-language without its endpoint (production too), an endpoint that is not a URL, and other detectors', () => {
    expect(issuesOf({ PII_DETECTOR: 'azure-language' })).toEqual(['PII_DETECTOR=azure-language needs AZURE_LANGUAGE_ENDPOINT']);
    expect(issuesOf({ APP_ENV: 'production', ...LEGACY, ...AUTH, ...RECORDING, ...SHARED, PII_DETECTOR: 'azure-language' })).toEqual(['PII_DETECTOR=azure-language needs AZURE_LANGUAGE_ENDPOINT']);
    expect(issuesOf({ PII_DETECTOR: 'azure-language', AZURE_LANGUAGE_ENDPOINT: 'language.example' }).join('\n')).toMatch(/^AZURE_LANGUAGE_ENDPOINT:/);
    expect(issuesOf({ PII_DETECTOR: 'spacy' }).join('\n')).toMatch(/^PII_DETECTOR:/);
  });
});
