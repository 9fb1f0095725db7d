import { startHostileE2e, type HostileE2e } from './helpers/hostile-e2e-kit.js';

/**
 * Hostile JSON bodies on the real facade: a 1 MiB `[[[[…` used to pass JSON.parse, then overflow the stack of
 * the body conversion (500 INTERNAL, seconds of blocked event loop). The shape scan refuses it at the parser,
 * before authentication, so the unauthenticated POST /dev/token is no way in either. Timings are in bench/hostile-input.
 */
describe('JSON body depth and size limits (e2e)', () => {
  let kit: HostileE2e;
  const nested = '['.repeat(1_048_000);

  beforeAll(async () => {
    kit = await startHostileE2e({ JSON_MAX_DEPTH: '32', JSON_MAX_ITEMS: '1000' });
  });

  afterAll(async () => {
    await kit?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${kit.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a 1 MiB nested body to the unauthenticated POST /dev/token with 400 MALFORMED_REQUEST from the shape scan', async () => {
    const response = await post('/dev/token', nested);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'MALFORMED_REQUEST', detail: 'The JSON body nests arrays or objects deeper than 32 levels.' });
    const live = await fetch(`${kit.base}/health/live`, { headers: { origin: 'https://casework.example' } });
    expect(live.status).toBe(200);
    // No CORS_ALLOWED_ORIGINS (the default): same-origin only.
    expect(live.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses it on an authenticated route before authentication runs (no token: still 400, not 401)', async () => {
    const response = await post('/api/v1/cases/1/documents/1/versions/1/redactions/preview', nested);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
    const notNested = await post('/api/v1/cases/1/documents/1/versions/1/redactions/preview', '{"redactions":[]}');
    expect(notNested.status).toBe(401);
  });

  it('refuses it with a valid token too, and nested objects as well as arrays', async () => {
    const token = await kit.token('alice.admin');
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    for (const body of [nested, objects, `{"redactions":${'['.repeat(40)}${']'.repeat(40)}}`]) {
      const response = await post('/api/v1/cases/1/documents/1/versions/1/redactions', body, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'MALFORMED_REQUEST', detail: expect.stringContaining('deeper than 32 levels') });
    }
  });

  it('refuses an array or object with more elements than allowed', async () => {
    const many = JSON.stringify({ username: 'alice.admin', roles: Array.from({ length: 1001 }, () => 'Casework.User') });
    const response = await post('/dev/token', many);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'MALFORMED_REQUEST', detail: 'The JSON body has an array or object with more than 1000 elements.' });
  });

  it('lets nesting within the limit reach validation, which answers 400 VALIDATION_FAILED (not 500)', async () => {
    const response = await post('/dev/token', `{"username":"alice.admin","roles":${'['.repeat(30)}${']'.repeat(30)}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps invalid JSON and prototype poisoning refused as before', async () => {
    const invalid = await post('/dev/token', '{"username":');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The request body is not valid JSON.' });
    const poisoned = await post('/dev/token', '{"username":"alice.admin","__proto__":{"roles":["Facade.Admin"]}}');
    expect(poisoned.status).toBe(400);
    const ok = await post('/dev/token', '{"username":"alice.admin","note":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}');
    // Brackets inside strings are not nesting: this body gets as far as validation (an unknown field).
    expect(ok.status).toBe(400);
    expect(await ok.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('note') });
  });
});
