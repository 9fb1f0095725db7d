import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../src/config/app-config.js';
import { AccessTokenVerifier } from '../../src/auth/access-token-verifier.service.js';
import { DevTokenIssuer } from '../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { jwksHttpFetcher } from '../../src/auth/signing-keys/jwks-http.adapter.js';
import { SigningKeySetService } from '../../src/auth/signing-keys/signing-key-set.service.js';
import { SigningKeySetStore } from '../../src/auth/signing-keys/signing-key-set.store.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

// The verifier reads only the issuer's public key; the key file is the issuer's business.
const DEV_AUTH = { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: 'preferred_username', keyFile: 'unused' } as const;

interface TokenOptions {
  readonly issuer?: string;
  readonly audience?: string;
  readonly expiresAt?: number | string;
  readonly claims?: Record<string, unknown>;
  readonly kid?: string;
}

function sign(key: CryptoKey, options: TokenOptions = {}): Promise<string> {
  return new SignJWT({ preferred_username: 'alice', roles: ['Casework.User'], ...options.claims })
    .setProtectedHeader({ alg: 'ES256', ...(options.kid !== undefined ? { kid: options.kid } : {}) })
    .setSubject('subject-1')
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '1h')
    .sign(key);
}

describe('AccessTokenVerifier (dev issuer)', () => {
  let issuer: DevTokenIssuer;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    issuer = await DevTokenIssuer.create();
    verifier = AccessTokenVerifier.fromConfig(DEV_AUTH, issuer);
  });

  it('accepts a token from the dev issuer and reads the user', async () => {
    const { accessToken, tokenType, expiresIn } = await issuer.issue({ username: 'alice', roles: ['Facade.Admin'] });
    expect(tokenType).toBe('Bearer');
    expect(expiresIn).toBe(8 * 60 * 60);
    await expect(verifier.verify(accessToken)).resolves.toEqual({ subject: 'dev:alice', username: 'alice', roles: ['Facade.Admin'] });
  });

  it('gives dev tokens the caseworker role by default', async () => {
    const { accessToken } = await issuer.issue({ username: 'bob' });
    await expect(verifier.verify(accessToken)).resolves.toMatchObject({ username: 'bob', roles: ['Casework.User'] });
  });

  it('refuses an expired token', async () => {
    const { accessToken } = await issuer.issue({ username: 'alice' }, -60);
    const error = await domainFailureOf(verifier.verify(accessToken));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/expired/);
  });

  it('refuses a token for another audience', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const own = new AccessTokenVerifier(() => Promise.resolve(publicKey), DEV_AUTH);
    const error = await domainFailureOf(own.verify(await sign(privateKey, { audience: 'api://something-else' })));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/aud/);
    await expect(own.verify(await sign(privateKey))).resolves.toMatchObject({ username: 'alice' });
  });

  it('refuses a token from another issuer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const own = new AccessTokenVerifier(() => Promise.resolve(publicKey), DEV_AUTH);
    const error = await domainFailureOf(own.verify(await sign(privateKey, { issuer: 'https://evil.example.test' })));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/iss/);
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const error = await domainFailureOf(verifier.verify(await sign(privateKey)));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/signature/);
  });

  it('refuses a tampered token', async () => {
    const { accessToken } = await issuer.issue({ username: 'alice' });
    const [header, , signature] = accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ preferred_username: 'mallory', iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'x', exp: 9_999_999_999 })).toString('base64url');
    expect((await domainFailureOf(verifier.verify(`${header}.${forged}.${signature}`))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses garbage and unsigned tokens', async () => {
    expect((await domainFailureOf(verifier.verify('not-a-jwt'))).code).toBe('UNAUTHENTICATED');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ preferred_username: 'alice', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: 9_999_999_999 })).toString('base64url')}.`;
    expect((await domainFailureOf(verifier.verify(unsigned))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token without the username claim', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const own = new AccessTokenVerifier(() => Promise.resolve(publicKey), { ...DEV_AUTH, usernameClaim: 'legacy_username' });
    const error = await domainFailureOf(own.verify(await sign(privateKey)));
    expect(error.message).toMatch(/legacy_username/);
  });
});

describe('AccessTokenVerifier (verified-token cache)', () => {
  it('checks a signature once per token, and stops accepting the token once it expires', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    let keyLookups = 0;
    let nowMs = Date.UTC(2026, 0, 1);
    const cachingVerifier = new AccessTokenVerifier(
      () => {
        keyLookups += 1;
        return Promise.resolve(publicKey);
      },
      { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: 'preferred_username' },
      () => nowMs,
    );
    const token = await sign(privateKey, { expiresAt: Math.floor(nowMs / 1000) + 60 });
    await cachingVerifier.verify(token);
    await cachingVerifier.verify(token);
    expect(keyLookups).toBe(1);

    nowMs += 120_000;
    const error = await domainFailureOf(cachingVerifier.verify(token));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(keyLookups).toBe(2);
  });
});

describe('AccessTokenVerifier (JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let requests = 0;
  const ISSUER = 'https://login.example.test/tenant/v2.0';
  const AUDIENCE = 'api://casework-facade-test';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' }] });
    server = createServer((request, response) => {
      requests += 1;
      if (request.url !== '/keys') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const verifier = () => {
    const keySet = { refreshAheadMs: 300_000, staleAfterMs: 900_000, maxStaleMs: 86_400_000, refetchIntervalMs: 30_000, timeoutMs: 60_000 };
    const keys = new SigningKeySetService(jwksHttpFetcher(jwksUrl, keySet.timeoutMs), new SigningKeySetStore(new InMemoryStateStore(), jwksUrl), keySet);
    return AccessTokenVerifier.fromConfig({ mode: 'jwks', issuer: ISSUER, audience: AUDIENCE, jwksUrl, usernameClaim: 'preferred_username', keySet }, null, keys);
  };

  it('verifies a token against keys fetched over HTTP', async () => {
    const before = requests;
    const token = await sign(privateKey, { issuer: ISSUER, audience: AUDIENCE, kid: 'key-1', claims: { oid: 'entra-object-id' } });
    await expect(verifier().verify(token)).resolves.toEqual({ subject: 'entra-object-id', username: 'alice', roles: ['Casework.User'] });
    expect(requests).toBeGreaterThan(before);
  });

  it('refuses a token whose key id the JWKS does not have', async () => {
    const token = await sign(privateKey, { issuer: ISSUER, audience: AUDIENCE, kid: 'key-2' });
    const error = await domainFailureOf(verifier().verify(token));
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token for the wrong audience', async () => {
    const token = await sign(privateKey, { issuer: ISSUER, audience: DEV_AUDIENCE, kid: 'key-1' });
    expect((await domainFailureOf(verifier().verify(token))).message).toMatch(/aud/);
  });
});
