import { startHostileE2e, type HostileE2e } from './helpers/hostile-e2e-kit.js';

/** Security headers on every response, and CORS for the configured origins only (real facade, real stand-in). */
describe('security headers and CORS (e2e)', () => {
  let kit: HostileE2e;
  const ALLOWED = 'https://casework.example';

  beforeAll(async () => {
    kit = await startHostileE2e({ CORS_ALLOWED_ORIGINS: `${ALLOWED}, https://other.example` });
  });

  afterAll(async () => {
    await kit?.close();
  });

  const expectSecurityHeaders = (response: Response): void => {
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  };

  it('sets them on answers, on problem+json errors and on a 404', async () => {
    expectSecurityHeaders(await fetch(`${kit.base}/health/live`));
    const refused = await fetch(`${kit.base}/api/v1/cases/1`);
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused);
    expectSecurityHeaders(await fetch(`${kit.base}/api/v1/nowhere`));
    expectSecurityHeaders(await kit.api(await kit.token('alice.admin'), '/cases/1'));
  });

  it('keeps the migration page’s own CSP (inline styles, nothing else)', async () => {
    const page = await kit.api(await kit.token('alice.admin', ['Facade.Admin']), '/migration/page');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('answers a preflight from an allowed origin, with the headers a client needs', async () => {
    const preflight = await fetch(`${kit.base}/api/v1/cases/1/search?q=x`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const read = await kit.api(await kit.token('alice.admin'), '/cases/1', { headers: { origin: ALLOWED } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(read.headers.get('access-control-expose-headers')).toContain('x-correlation-id');
    expect(read.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('gives another origin nothing: no CORS headers, and its preflight is refused', async () => {
    const read = await kit.api(await kit.token('alice.admin'), '/cases/1', { headers: { origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${kit.base}/api/v1/cases/1`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
  });

  it('keeps 405 with Allow (without OPTIONS) for a known path with another method', async () => {
    const response = await fetch(`${kit.base}/health/live`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
