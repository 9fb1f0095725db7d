import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import nock from 'nock';
import { AccessTokenVerifier } from '../../src/auth/access-token-verifier.service.js';
import { jwksHttpFetcher } from '../../src/auth/signing-keys/jwks-http.adapter.js';
import { SigningKeySetService } from '../../src/auth/signing-keys/signing-key-set.service.js';
import { SigningKeySetStore } from '../../src/auth/signing-keys/signing-key-set.store.js';
import type { SigningKeySetConfig } from '../../src/config/app-config.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';

// Entra ID cannot run here: its key endpoint is simulated with nock, with the members Entra's JWKS carries (RSA keys
// with x5t, x5c and issuer) and its v2.0 token claims (oid, preferred_username, roles).
const TENANT = '00000000-0000-4000-8000-000000000001';
const LOGIN = 'https://login.microsoftonline.com';
const KEYS_PATH = `/${TENANT}/discovery/v2.0/keys`;
const ISSUER = `${LOGIN}/${TENANT}/v2.0`;
const AUDIENCE = 'api://casework-facade';
const KEY_SET: SigningKeySetConfig = { refreshAheadMs: 5 * 60_000, staleAfterMs: 15 * 60_000, maxStaleMs: 24 * 3_600_000, refetchIntervalMs: 30_000, timeoutMs: 60_000 };

describe('Entra ID key endpoint (nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('verifies an Entra-shaped RS256 token, keeps verifying when the key endpoint fails, and refuses a redirected JWKS', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const entraKey = { ...(await exportJWK(publicKey)), kid: 'entra-kid-1', use: 'sig', x5t: 'entra-kid-1', x5c: ['TUlJQ2ZBS0NBVWdn'], issuer: ISSUER };
    let nowMs = Date.UTC(2026, 11, 4, 9, 0, 0);
    const keys = new SigningKeySetService(jwksHttpFetcher(`${LOGIN}${KEYS_PATH}`, KEY_SET.timeoutMs), new SigningKeySetStore(new InMemoryStateStore(), `${LOGIN}${KEYS_PATH}`), KEY_SET, () => nowMs);
    const verifier = AccessTokenVerifier.fromConfig(
      { mode: 'jwks', issuer: ISSUER, audience: AUDIENCE, jwksUrl: `${LOGIN}${KEYS_PATH}`, usernameClaim: 'preferred_username', keySet: KEY_SET },
      null,
      keys,
      () => nowMs,
    );
    const token = (jti: string): Promise<string> =>
      new SignJWT({ preferred_username: 'alice.smith@cps.example', oid: 'entra-oid-1', roles: ['Casework.User'], tid: TENANT, ver: '2.0' })
        .setProtectedHeader({ alg: 'RS256', kid: 'entra-kid-1', typ: 'JWT' })
        .setJti(jti)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(Math.floor(nowMs / 1000))
        .setExpirationTime(Math.floor(nowMs / 1000) + 3600)
        .sign(privateKey);

    const first = nock(LOGIN).get(KEYS_PATH).reply(200, { keys: [entraKey] });
    await expect(verifier.verify(await token('a'))).resolves.toEqual({ subject: 'entra-oid-1', username: 'alice.smith@cps.example', roles: ['Casework.User'] });
    expect(first.isDone()).toBe(true);

    const failing = nock(LOGIN).get(KEYS_PATH).reply(500, 'AADSTS90002: tenant not found');
    nowMs += 6 * 60_000;
    await expect(verifier.verify(await token('b'))).resolves.toMatchObject({ subject: 'entra-oid-1' });
    await keys.idle();
    expect(failing.isDone()).toBe(true);
    expect(keys.status()).toMatchObject({ source: 'fresh', lastFetchFailure: 'the JWKS endpoint answered HTTP 500' });

    const redirected = nock(LOGIN).get(KEYS_PATH).reply(302, '', { location: 'https://evil.example.test/keys' });
    nowMs += KEY_SET.refetchIntervalMs;
    await expect(verifier.verify(await token('c'))).resolves.toMatchObject({ subject: 'entra-oid-1' });
    await keys.idle();
    expect(redirected.isDone()).toBe(true);
    expect(keys.status().lastFetchFailure).toBe('the JWKS endpoint could not be reached');
  });
});
