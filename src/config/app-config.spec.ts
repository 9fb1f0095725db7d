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
      auth: { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: 'preferred_username' },
    });
  });

  it('goes remote with all LEGACY_* set and verifies against a JWKS with all AUTH_* set', () => {
    const config = parseConfig({ ...LEGACY, ...AUTH, PORT: '8080', CASE_ACCESS_CACHE_MS: '0' });
    expect(config.legacyMode).toBe('remote');
    expect(config.legacy).toEqual({ soapUrl: LEGACY.LEGACY_SOAP_URL, graphqlUrl: LEGACY.LEGACY_GRAPHQL_URL, filesUrl: LEGACY.LEGACY_FILES_URL, serviceUsername: 'svc-facade', servicePassword: 'not-a-real-secret' });
    expect(config.auth).toEqual({ mode: 'jwks', issuer: AUTH.AUTH_ISSUER, audience: AUTH.AUTH_AUDIENCE, jwksUrl: AUTH.AUTH_JWKS_URL, usernameClaim: 'preferred_username' });
    expect(config.port).toBe(8080);
    expect(config.caseAccessCacheMs).toBe(0);
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

  describe('production', () => {
    it('refuses the stand-in and the dev issuer', () => {
      const issues = issuesOf({ APP_ENV: 'production' }).join('\n');
      expect(issues).toMatch(/refuses the legacy CMS stand-in/);
      expect(issues).toMatch(/refuses the dev token issuer/);
    });

    it('refuses the dev issuer even with a real legacy CMS', () => {
      expect(issuesOf({ APP_ENV: 'production', ...LEGACY })).toEqual([expect.stringMatching(/refuses the dev token issuer/)]);
    });

    it('refuses the stand-in even with a real token issuer', () => {
      expect(issuesOf({ APP_ENV: 'production', ...AUTH })).toEqual([expect.stringMatching(/refuses the legacy CMS stand-in/)]);
    });

    it('starts with a real legacy CMS and a real token issuer', () => {
      const config = parseConfig({ APP_ENV: 'production', ...LEGACY, ...AUTH });
      expect(config.legacyMode).toBe('remote');
      expect(config.auth.mode).toBe('jwks');
    });
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
