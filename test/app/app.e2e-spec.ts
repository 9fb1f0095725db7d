import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { DevTokenIssuer } from '../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { ReadinessRegistry } from '../../src/health/readiness.registry.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { checkContract } from '../openapi/traffic-contract.js';

const BODY_LIMIT = 4096;
const PROBLEM = 'application/problem+json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A legacy deadline a loaded machine never reaches (the stand-in renders documents on first need): no test here is about it.
const TEST_ENV = { APP_ENV: 'test', LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: String(BODY_LIMIT), LEGACY_TIMEOUT_MS: '60000', READINESS_TIMEOUT_MS: '60000' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
const json = (response: Response): Promise<any> => response.json();
const postJson = (url: string, body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function baseUrlOf(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

describe('app (e2e, with the legacy CMS stand-in)', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-app-e2e-'));
    standIn = await startStandIn({ dataDir });
    const config = resolveConfig(
      parseConfig({ ...TEST_ENV, DATA_DIR: path.join(dataDir, 'facade') }),
      { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
      { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
    );
    app = checkContract(await createApp(config));
    base = await baseUrlOf(app);
  });

  afterAll(async () => {
    await app?.close();
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function tokenFor(username: string): Promise<string> {
    const response = await postJson(`${base}/dev/token`, { username });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 8 * 60 * 60 });
    return body.accessToken as string;
  }

  /** A user who can see some cases and not others. */
  function partialUser() {
    const user = standIn.users.find((candidate) => candidate.visibleUrns.length > 0 && candidate.hiddenUrns.length > 0);
    if (user === undefined) throw new Error('the stand-in has no user with partial access');
    return user;
  }

  it('refuses /api without a token: 401 problem+json asking for a bearer token', async () => {
    const response = await fetch(`${base}/api/v1/cases?urn=${partialUser().visibleUrns[0]}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = await json(response);
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, type: 'urn:casework-facade:problem:unauthenticated', instance: '/api/v1/cases' });
    expect(body.correlationId).toBe(response.headers.get('x-correlation-id'));
  });

  it('refuses a forged token', async () => {
    const real = await tokenFor(partialUser().username);
    const response = await fetch(`${base}/api/v1/cases/1`, { headers: { authorization: `Bearer ${real.slice(0, -4)}AAAA` } });
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('echoes a good correlation id and replaces a bad one', async () => {
    const good = await fetch(`${base}/health/live`, { headers: { 'x-correlation-id': 'e2e-trace-1' } });
    expect(good.headers.get('x-correlation-id')).toBe('e2e-trace-1');
    const bad = await fetch(`${base}/health/live`, { headers: { 'x-correlation-id': 'no spaces allowed' } });
    expect(bad.headers.get('x-correlation-id')).toMatch(UUID);
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND problem+json carrying the correlation id', async () => {
    const response = await fetch(`${base}/api/v1/nothing-here`, { headers: { 'x-correlation-id': 'e2e-404' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('x-correlation-id')).toBe('e2e-404');
    expect(await json(response)).toMatchObject({ code: 'ROUTE_NOT_FOUND', correlationId: 'e2e-404', instance: '/api/v1/nothing-here' });
  });

  it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await postJson(`${base}/dev/token`, { username: 'x'.repeat(BODY_LIMIT * 2) });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(await json(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('answers malformed JSON and unknown fields with 400 VALIDATION_FAILED, unsupported media types with 415', async () => {
    const malformed = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknown = await postJson(`${base}/dev/token`, { username: partialUser().username, admin: true });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).detail).toMatch(/admin/);
    const plain = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'alice' });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toContain(PROBLEM);
    expect(await json(plain)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('reports liveness', async () => {
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ status: 'ok' });
  });

  it('reports the legacy CMS interfaces as ready', async () => {
    const response = await fetch(`${base}/health/ready`);
    const body = await json(response);
    expect(body.status).toBe('ok');
    expect(response.status).toBe(200);
    const legacyKeys = Object.keys(body.details).filter((key) => key.startsWith('legacy'));
    expect(legacyKeys.length).toBeGreaterThanOrEqual(3);
    expect(legacyKeys.every((key) => body.details[key].status === 'up')).toBe(true);
  });

  it('lists the stand-in users with what they can and cannot see', async () => {
    const response = await fetch(`${base}/dev/users`);
    expect(response.status).toBe(200);
    const users = await json(response);
    expect(users.map((user: { username: string }) => user.username)).toEqual(standIn.users.map((user) => user.username));
    expect(users[0]).toEqual(expect.objectContaining({ displayName: expect.any(String), access: expect.any(String), visibleUrns: expect.any(Array), hiddenUrns: expect.any(Array) }));
  });

  it('issues dev tokens only for stand-in users', async () => {
    expect((await tokenFor(partialUser().username)).split('.')).toHaveLength(3);
    const stranger = await postJson(`${base}/dev/token`, { username: 'mallory' });
    expect(stranger.status).toBe(400);
    expect(await json(stranger)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('tells where the stand-in is, with its admin key (dev only), and publishes the dev JWKS', async () => {
    const endpoints = await json(await fetch(`${base}/dev/stand-in`));
    expect(endpoints).toEqual({ wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey });
    const jwks = await json(await fetch(`${base}/dev/jwks.json`));
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('lets a user into a case the legacy CMS grants, and keeps them out of one it denies', async () => {
    const user = partialUser();
    const token = await tokenFor(user.username);
    const seeAll = standIn.users.find((candidate) => candidate.hiddenUrns.length === 0 && candidate.visibleUrns.includes(user.hiddenUrns[0]));
    if (seeAll === undefined) throw new Error('the stand-in has no user who sees every case');
    const adminToken = await tokenFor(seeAll.username);

    const found = await fetch(`${base}/api/v1/cases?urn=${user.visibleUrns[0].toLowerCase()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(found.status).toBe(200);
    const visibleCaseId = (await json(found)).cases[0].caseId as string;
    const granted = await fetch(`${base}/api/v1/cases/${visibleCaseId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(granted.status).toBe(200);

    const hidden = await fetch(`${base}/api/v1/cases?urn=${user.hiddenUrns[0]}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const hiddenCaseId = (await json(hidden)).cases[0].caseId as string;
    const denied = await fetch(`${base}/api/v1/cases/${hiddenCaseId}`, { headers: { authorization: `Bearer ${token}`, 'x-correlation-id': 'e2e-denied' } });
    expect(denied.status).toBe(403);
    expect(await json(denied)).toMatchObject({ code: 'CASE_ACCESS_DENIED', correlationId: 'e2e-denied', instance: `/api/v1/cases/${hiddenCaseId}` });

    // No controller names the case-access guard: the global one covers every route with :caseId, reads and writes,
    // including those only a per-controller @UseGuards(CaseAccessGuard) named before (ADR 0027).
    const hiddenRoutes: [string, string][] = [
      ['GET', 'defendants'],
      ['GET', 'documents'],
      ['GET', 'notes'],
      ['GET', 'tracker'],
      ['GET', 'redaction-log'],
      ['GET', 'search?q=statement'],
      ['GET', 'documents/1001/versions/7001/redaction-suggestions'],
      ['GET', 'documents/1001/versions/7001/text'],
      ['POST', 'refresh'],
    ];
    for (const [method, route] of hiddenRoutes) {
      const response = await fetch(`${base}/api/v1/cases/${hiddenCaseId}/${route}`, { method, headers: { authorization: `Bearer ${token}` } });
      expect({ route, status: response.status, code: (await json(response)).code }).toEqual({ route, status: 403, code: 'CASE_ACCESS_DENIED' });
    }
  });

  it('answers a case that does not exist with 404 CASE_NOT_FOUND, and a malformed case id with 400', async () => {
    const token = await tokenFor(partialUser().username);
    const missing = await fetch(`${base}/api/v1/cases/99999999`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const malformed = await fetch(`${base}/api/v1/cases/007`, { headers: { authorization: `Bearer ${token}` } });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reports what other adapters register as readiness checks (runs last: it leaves a check down)', async () => {
    app.get(ReadinessRegistry).register('blobStore', () => Promise.resolve({ blobStore: { up: false, detail: 'disk full' } }));
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.status).toBe('error');
    expect(body.error).toEqual({ blobStore: { status: 'down', detail: 'disk full' } });
    expect(body.breakers['legacy.soap']).toEqual({ state: 'closed' });
    expect(body.info['legacy.legacyClassic'] ?? body.info['legacyClassic']).toMatchObject({ status: 'up' });
  });
});

describe('app (e2e, legacy CMS unreachable, no stand-in)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let unreachableDataDir: string;

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const legacyBase = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    unreachableDataDir = await mkdtemp(path.join(tmpdir(), 'facade-app-down-'));
    const config = resolveConfig(
      parseConfig({ ...TEST_ENV, DATA_DIR: unreachableDataDir }),
      { soapUrl: `${legacyBase}/cms/classic`, graphqlUrl: `${legacyBase}/cms/graphql`, filesUrl: legacyBase, serviceUsername: 'svc', servicePassword: 'pw' },
      null,
    );
    app = checkContract(await createApp(config));
    base = await baseUrlOf(app);
  });

  afterAll(async () => {
    await app?.close();
    await rm(unreachableDataDir, { recursive: true, force: true });
  });

  it('registers no dev endpoints without the stand-in', async () => {
    const response = await fetch(`${base}/dev/users`);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('reports the legacy CMS down as degraded, not dead: /health/ready 200 degraded, /health/live 200', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = await json(ready);
    expect(body.status).toBe('degraded');
    expect(Object.keys(body.error).some((key) => key.startsWith('legacy'))).toBe(true);
    expect(body.dependencies.legacy).toEqual({ status: 'down', critical: false });
    expect(body.dependencies.stateStore).toEqual({ status: 'up', critical: true });
    expect(Object.keys(body.breakers).sort()).toEqual(['legacy.files', 'legacy.graphql', 'legacy.soap']);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('answers a case request with a coded legacy failure carrying the correlation id', async () => {
    const { accessToken } = await app.get(DevTokenIssuer).issue({ username: 'bob.north' });
    const response = await fetch(`${base}/api/v1/cases/1`, { headers: { authorization: `Bearer ${accessToken}`, 'x-correlation-id': 'e2e-legacy-down' } });
    expect([503, 504]).toContain(response.status);
    const body = await json(response);
    expect(['LEGACY_UNAVAILABLE', 'LEGACY_TIMEOUT']).toContain(body.code);
    expect(body.correlationId).toBe('e2e-legacy-down');
  });
});
