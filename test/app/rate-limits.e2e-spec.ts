import { SteerableClock } from '../helpers/steerable-clock.js';
import { startHostileE2e, type HostileE2e } from './helpers/hostile-e2e-kit.js';

/**
 * Per-user rate limits on the real facade: the counters live in the state store, the window moves with a
 * steered clock, and every refusal is 429 RATE_LIMITED with Retry-After and the limit's name.
 */
describe('per-user rate limits (e2e)', () => {
  let kit: HostileE2e;
  const clock = new SteerableClock();
  const redaction = { redactions: [{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ x: 10, y: 10, width: 50, height: 20 }] }], reasonCodes: ['PII'] };

  beforeAll(async () => {
    clock.advance(0);
    kit = await startHostileE2e(
      { RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_SEARCH: '2', RATE_LIMIT_REFRESH: '1', RATE_LIMIT_REDACTION: '1', RATE_LIMIT_PREVIEW: '1' },
      { rateLimitNow: clock.now },
    );
  });

  afterAll(async () => {
    await kit?.close();
  });

  const expectLimited = async (response: Response, limit: string): Promise<void> => {
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await response.json()).toMatchObject({ code: 'RATE_LIMITED', limit, retryAfterSeconds: retryAfter });
  };

  it('limits search per user, and lets the user search again once the window has passed', async () => {
    const bob = await kit.token('alice.admin');
    const search = (token: string) => kit.api(token, '/cases/1/search?q=statement');
    expect((await search(bob)).status).not.toBe(429);
    expect((await search(bob)).status).not.toBe(429);
    await expectLimited(await search(bob), 'search');
    // Another user has their own count.
    expect((await search(await kit.token('erin.ccu'))).status).not.toBe(429);
    clock.advance(60_000);
    expect((await search(bob)).status).not.toBe(429);
  });

  it('limits refresh, redaction save and preview, each on its own count', async () => {
    const token = await kit.token('alice.admin');
    expect((await kit.api(token, '/cases/2/refresh', { method: 'POST' })).status).toBe(202);
    await expectLimited(await kit.api(token, '/cases/3/refresh', { method: 'POST' }), 'refresh');

    const preview = () => kit.api(token, '/cases/1/documents/99999999/versions/99999999/redactions/preview', { method: 'POST', body: redaction });
    expect((await preview()).status).toBe(404);
    await expectLimited(await preview(), 'preview');

    const save = () => kit.api(token, '/cases/1/documents/99999999/versions/99999999/redactions', { method: 'POST', body: redaction });
    expect((await save()).status).toBe(404);
    await expectLimited(await save(), 'redaction');
  });

  it('counts nothing for a request refused before the route (no token)', async () => {
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) expect((await fetch(`${kit.base}/api/v1/cases/1/refresh`, { method: 'POST' })).status).toBe(401);
    expect((await kit.api(await kit.token('alice.admin'), '/cases/1/refresh', { method: 'POST' })).status).toBe(202);
  });
});
