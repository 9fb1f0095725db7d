import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { AccessTokenVerifier } from '../../src/auth/access-token-verifier.service.js';
import { jwksHttpFetcher } from '../../src/auth/signing-keys/jwks-http.adapter.js';
import { SigningKeySetService } from '../../src/auth/signing-keys/signing-key-set.service.js';
import { SigningKeySetStore } from '../../src/auth/signing-keys/signing-key-set.store.js';
import type { SigningKeySetConfig } from '../../src/config/app-config.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import type { StateStore } from '../../src/storage/state/state-store.port.js';
import { domainFailureOf } from '../helpers/rejection-of.js';
import { JwksEndpoint, signer, type Signer } from './idp-jwks-endpoint.js';

// The IdP half of the fault suite (issue 11, item 6): a real JWKS endpoint on 127.0.0.1, switched off, and a
// simulated clock; the state store is SQLite on disk, shared by "restarted" and scaled-out instances.
const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://casework-facade-idp-test';
const KEY_SET: SigningKeySetConfig = { refreshAheadMs: 5 * 60_000, staleAfterMs: 15 * 60_000, maxStaleMs: 24 * 3_600_000, refetchIntervalMs: 30_000, timeoutMs: 60_000 };
const MINUTE = 60_000;

describe('identity provider outage (JWKS over HTTP, simulated clock, SQLite state store)', () => {
  let dir: string;
  let idp: JwksEndpoint;
  let k1: Signer;
  let nowMs: number;
  let serial = 0;
  const stores: StateStore[] = [];
  const now = (): number => nowMs;

  /** One facade instance: its own state store connection (as a new process would have) over the shared file. */
  function facadeInstance(file = 'state.sqlite'): { keys: SigningKeySetService; verifier: AccessTokenVerifier } {
    const store = SqliteStateStore.fromConfig({ path: path.join(dir, file) });
    stores.push(store);
    const keys = new SigningKeySetService(jwksHttpFetcher(idp.url, KEY_SET.timeoutMs), new SigningKeySetStore(store, idp.url), KEY_SET, now);
    const verifier = AccessTokenVerifier.fromConfig({ mode: 'jwks', issuer: ISSUER, audience: AUDIENCE, jwksUrl: idp.url, usernameClaim: 'preferred_username', keySet: KEY_SET }, null, keys, now);
    return { keys, verifier };
  }

  /** A new token each time (the verifier caches verified tokens), valid for an hour of simulated time. */
  function token(by: Signer, options: { kid?: string; expiresInSeconds?: number; audience?: string } = {}): Promise<string> {
    serial += 1;
    return new SignJWT({ preferred_username: 'alice', roles: ['Casework.User'], oid: `object-${serial}` })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? by.kid })
      .setJti(`token-${serial}`)
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + (options.expiresInSeconds ?? 3600))
      .sign(by.privateKey);
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'facade-idp-outage-'));
    idp = new JwksEndpoint();
    k1 = await signer('k1');
    idp.published = [k1];
    await idp.start();
    nowMs = Date.UTC(2026, 11, 4, 9, 0, 0);
  });

  afterEach(async () => {
    await idp.stop();
    for (const store of stores.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps verifying through 16 minutes of key endpoint outage, across a restart in the middle, then recovers', async () => {
    let instance = facadeInstance();
    await expect(instance.verifier.verify(await token(k1))).resolves.toMatchObject({ username: 'alice' });
    expect(idp.requests).toBe(1);

    idp.mode = 'reset';
    const before = idp.requests;
    for (let step = 1; step <= 32; step += 1) {
      nowMs += 30_000;
      if (step === 16) {
        // Restart (or scale-out) 8 minutes into the outage: a new instance that has never reached the IdP.
        await instance.keys.idle();
        instance = facadeInstance();
      }
      await expect(instance.verifier.verify(await token(k1))).resolves.toMatchObject({ username: 'alice', roles: ['Casework.User'] });
      await instance.keys.idle();
    }
    const outageRequests = idp.requests - before;
    // Refreshes were tried and failed: from minute 5 on, at most one per refetch interval (30 s), one per step here.
    expect(outageRequests).toBeGreaterThanOrEqual(20);
    expect(outageRequests).toBeLessThanOrEqual(23);
    expect(instance.keys.status()).toEqual({ source: 'stale', ageMs: 16 * MINUTE, keyCount: 1, lastFetchFailure: 'the JWKS endpoint could not be reached' });

    // A token that is genuinely bad is still 401 while the keys are stale.
    const forger = await signer('k1');
    expect((await domainFailureOf(instance.verifier.verify(await token(forger)))).code).toBe('UNAUTHENTICATED');
    expect((await domainFailureOf(instance.verifier.verify(await token(k1, { expiresInSeconds: -60 })))).message).toMatch(/expired/);
    expect((await domainFailureOf(instance.verifier.verify(await token(k1, { audience: 'api://other' })))).message).toMatch(/aud/);

    idp.mode = 'up';
    nowMs += 30_000;
    await instance.verifier.verify(await token(k1));
    await instance.keys.idle();
    expect(instance.keys.status()).toMatchObject({ source: 'fresh', ageMs: 0, lastFetchFailure: null });
  });

  it('answers IDENTITY_PROVIDER_UNAVAILABLE with a retry time, not 401, when no keys were ever had and the IdP answers errors', async () => {
    idp.mode = 'error';
    const { keys, verifier } = facadeInstance();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failure = await domainFailureOf(verifier.verify(await token(k1)));
      expect(failure.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
      expect(failure.details).toEqual({ retryAfterSeconds: 30 });
    }
    expect(idp.requests).toBe(1);
    expect(keys.status()).toMatchObject({ source: 'none', lastFetchFailure: 'the JWKS endpoint answered HTTP 503' });

    idp.mode = 'up';
    nowMs += 30_000;
    await expect(verifier.verify(await token(k1))).resolves.toMatchObject({ username: 'alice' });
    expect(idp.requests).toBe(2);
  });

  it('refetches for an unknown kid at most once per interval across two instances, and picks up a rotated key', async () => {
    const first = facadeInstance();
    const second = facadeInstance();
    await first.verifier.verify(await token(k1));
    await second.verifier.verify(await token(k1));
    expect(idp.requests).toBe(1);

    nowMs += MINUTE;
    const stranger = await signer('unknown-kid');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      for (const instance of [first, second]) {
        const failure = await domainFailureOf(instance.verifier.verify(await token(stranger, { kid: `unknown-${attempt}` })));
        expect(failure.code).toBe('UNAUTHENTICATED');
        expect(failure.message).toMatch(/known key/);
      }
    }
    expect(idp.requests).toBe(2);

    // The IdP rotates to k2: within the interval a k2 token is refused; after it, one refetch learns k2 for both.
    const k2 = await signer('k2');
    idp.published = [k1, k2];
    expect((await domainFailureOf(second.verifier.verify(await token(k2)))).code).toBe('UNAUTHENTICATED');
    nowMs += KEY_SET.refetchIntervalMs;
    await expect(second.verifier.verify(await token(k2))).resolves.toMatchObject({ username: 'alice' });
    expect(idp.requests).toBe(3);
    await expect(first.verifier.verify(await token(k2))).resolves.toMatchObject({ username: 'alice' });
    expect(idp.requests).toBe(3);
  });

  it('refuses to use a persisted key set older than the maximum stale age', async () => {
    const { keys, verifier } = facadeInstance();
    await verifier.verify(await token(k1));
    idp.mode = 'reset';
    nowMs += KEY_SET.maxStaleMs + 1;
    await keys.idle();
    const restarted = facadeInstance();
    const failure = await domainFailureOf(restarted.verifier.verify(await token(k1)));
    expect(failure.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(restarted.keys.status().source).toBe('none');
  });
});
