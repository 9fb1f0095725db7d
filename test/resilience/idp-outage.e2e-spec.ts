import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { createApp } from '../../src/app.setup.js';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { SteerableClock } from '../helpers/steerable-clock.js';
import { checkContract } from '../openapi/traffic-contract.js';
import { JwksEndpoint, signer, type Signer } from './idp-jwks-endpoint.js';

// The identity provider fails (issue 11, items 2 and 6), through the whole facade: a JWKS endpoint on 127.0.0.1 that
// the test switches off, the real stand-in as the legacy CMS, and a steerable clock for token expiry and key ages.
const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://casework-facade-idp-e2e';
const PROBLEM = 'application/problem+json';
const MINUTE = 60_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
const json = (response: Response): Promise<any> => response.json();

describe('identity provider outage (e2e, JWKS mode, with the legacy CMS stand-in)', () => {
  let dir: string;
  let standIn: RunningStandIn;
  let idp: JwksEndpoint;
  let k1: Signer;
  const clock = new SteerableClock();
  const apps: NestFastifyApplication[] = [];
  let serial = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'facade-idp-e2e-'));
    standIn = await startStandIn({ dataDir: path.join(dir, 'stand-in') });
    idp = new JwksEndpoint();
    k1 = await signer('k1');
    idp.published = [k1];
    await idp.start();
    clock.freeze();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await idp?.stop();
    await standIn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  function configFor(dataDir: string, servicePassword = standIn.servicePassword): ResolvedConfig {
    return resolveConfig(
      parseConfig({
        APP_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: path.join(dir, dataDir),
        LEGACY_TIMEOUT_MS: '60000',
        READINESS_TIMEOUT_MS: '60000',
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_JWKS_URL: idp.url,
        AUTH_JWKS_TIMEOUT_MS: '60000',
      }),
      { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword },
      null,
    );
  }

  /** A facade instance over `dataDir` (its SQLite state store survives the instance). */
  async function facade(dataDir: string, servicePassword?: string): Promise<{ app: NestFastifyApplication; base: string }> {
    const app = checkContract(await createApp(configFor(dataDir, servicePassword), { auth: { now: clock.now } }));
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  async function close(app: NestFastifyApplication): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }

  /** A new token each time (the facade caches verified tokens), valid for an hour of the steered clock. */
  function token(username: string, by: Signer = k1): Promise<string> {
    serial += 1;
    const nowSeconds = Math.floor(clock.now() / 1000);
    return new SignJWT({ preferred_username: username, roles: ['Casework.User'], oid: `object-${username}` })
      .setProtectedHeader({ alg: 'ES256', kid: by.kid })
      .setJti(`e2e-${serial}`)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 3600)
      .sign(by.privateKey);
  }

  const caseworker = () => standIn.users.find((user) => user.visibleUrns.length > 0)!;

  async function findCases(base: string, username: string): Promise<Response> {
    return fetch(`${base}/api/v1/cases?urn=${caseworker().visibleUrns[0]}`, { headers: { authorization: `Bearer ${await token(username)}` } });
  }

  async function signingKeysHealth(base: string): Promise<{ status: string; detail: string }> {
    const body = await json(await fetch(`${base}/health/ready`));
    return body.details['identityProvider.signingKeys'] as { status: string; detail: string };
  }

  it('answers 503 IDENTITY_PROVIDER_UNAVAILABLE with Retry-After (never 401) while no keys were ever had, then recovers; a restart during an outage keeps verifying', async () => {
    idp.mode = 'reset';
    const first = await facade('facade-a');

    const refused = await findCases(first.base, caseworker().username);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain(PROBLEM);
    const problem = await json(refused);
    expect(problem).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 });
    expect(problem.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(problem.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(refused.headers.get('retry-after')).toBe(String(problem.retryAfterSeconds));
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(await signingKeysHealth(first.base)).toMatchObject({ status: 'down', detail: expect.stringMatching(/^source: none; .*last fetch failed: the JWKS endpoint could not be reached/) });

    // A token that is not even well-formed is still 401: only a token that might be good waits for the keys.
    const garbage = await fetch(`${first.base}/api/v1/cases?urn=${caseworker().visibleUrns[0]}`, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status).toBe(401);

    idp.mode = 'up';
    clock.advance(30_000);
    const served = await findCases(first.base, caseworker().username);
    expect(served.status).toBe(200);
    expect((await json(served)).cases.length).toBeGreaterThan(0);
    expect(await signingKeysHealth(first.base)).toEqual({ status: 'up', detail: 'source: fresh; age: 0 s; keys: 1' });

    // The IdP goes down; 20 minutes later the facade restarts (a new instance over the same state store).
    idp.mode = 'reset';
    clock.advance(20 * MINUTE);
    await close(first.app);
    const second = await facade('facade-a');
    const afterRestart = await findCases(second.base, caseworker().username);
    expect(afterRestart.status).toBe(200);
    expect(await signingKeysHealth(second.base)).toMatchObject({ status: 'up', detail: expect.stringMatching(/^source: stale; age: 1200 s; keys: 1; last fetch failed/) });

    // A token signed by a key the IdP never published is refused (401) even while the keys are stale: ...
    const forged = await fetch(`${second.base}/api/v1/cases?urn=${caseworker().visibleUrns[0]}`, {
      headers: { authorization: `Bearer ${await token(caseworker().username, await signer('k1'))}` },
    });
    expect(forged.status).toBe(401);
    expect(await json(forged)).toMatchObject({ code: 'UNAUTHENTICATED' });
    // ...while one with a kid the facade cannot learn while the IdP is down waits (503), it may be good.
    const unknownKid = await fetch(`${second.base}/api/v1/cases?urn=${caseworker().visibleUrns[0]}`, {
      headers: { authorization: `Bearer ${await token(caseworker().username, await signer('k2'))}` },
    });
    expect(unknownKid.status).toBe(503);
    expect(unknownKid.headers.get('retry-after')).not.toBeNull();
    await close(second.app);
  });

  it('answers 403 LEGACY_USER_UNKNOWN for a correctly signed token whose user the legacy CMS does not know', async () => {
    idp.mode = 'up';
    const { base } = await facade('facade-b');
    const stranger = await findCases(base, 'nobody.known-to-legacy');
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('content-type')).toContain(PROBLEM);
    const problem = await json(stranger);
    expect(problem).toMatchObject({ code: 'LEGACY_USER_UNKNOWN', status: 403 });
    expect(problem.detail).toMatch(/no account for the signed-in user/);
    // The same facade serves a user the legacy CMS knows.
    expect((await findCases(base, caseworker().username)).status).toBe(200);
  });

  it('keeps refused facade credentials a 502 LEGACY_AUTH_FAILED (an operator alert), not the user’s fault', async () => {
    idp.mode = 'up';
    const { base } = await facade('facade-c', 'not-the-service-password');
    const refused = await findCases(base, caseworker().username);
    expect(refused.status).toBe(502);
    expect(await json(refused)).toMatchObject({ code: 'LEGACY_AUTH_FAILED' });
  });
});
