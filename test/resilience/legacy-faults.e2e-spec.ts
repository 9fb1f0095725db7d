import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { LegacyResilienceMetrics } from '../../src/legacy/resilience/legacy-resilience.metrics.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { checkContract } from '../openapi/traffic-contract.js';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';

/**
 * The legacy half of the fault suite: the real stand-in and its fault injection, behind a proxy
 * that counts what reaches it, and the whole facade over HTTP. Outcomes and reason codes are
 * asserted, never durations: a per-call timeout (60 s) far above the request budget means a
 * LEGACY_TIMEOUT with reason `deadline-exceeded` can only come from the budget.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;
const json = (response: Response): Promise<Json> => response.json() as Promise<Json>;

interface Facade {
  readonly standIn: RunningStandIn;
  readonly proxy: CountingProxy;
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly dataDir: string;
  faults(body: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  token(username: string): Promise<string>;
  get(url: string, token: string): Promise<Response>;
  close(): Promise<void>;
}

async function startFacade(env: Record<string, string>): Promise<Facade> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facade-faults-'));
  const standIn = await startStandIn({ dataDir });
  const pathOf = (url: string): string => new URL(url).pathname;
  const proxy = await startCountingProxy(standIn.baseUrl, { soap: pathOf(standIn.soapUrl), graphql: pathOf(standIn.graphqlUrl), files: pathOf(standIn.filesUrl) });
  const via = (url: string): string => `${proxy.origin}${new URL(url).pathname}`;
  const config = resolveConfig(
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), LEGACY_TIMEOUT_MS: '60000', READINESS_TIMEOUT_MS: '60000', ...env }),
    { soapUrl: via(standIn.soapUrl), graphqlUrl: via(standIn.graphqlUrl), filesUrl: via(standIn.filesUrl), serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  const app = checkContract(await createApp(config));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const admin = (init: RequestInit) => fetch(`${standIn.adminUrl}/faults`, { ...init, headers: { 'X-Admin-Key': standIn.adminKey, 'Content-Type': 'application/json' } });
  return {
    standIn,
    proxy,
    app,
    base,
    dataDir,
    async faults(body) {
      expect((await admin({ method: 'PUT', body: JSON.stringify(body) })).ok).toBe(true);
    },
    async clearFaults() {
      expect((await admin({ method: 'DELETE' })).ok).toBe(true);
    },
    async token(username) {
      const response = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      expect(response.status).toBe(200);
      return ((await json(response)) as { accessToken: string }).accessToken;
    },
    get: (url, token) => fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } }),
    async close() {
      await app.close();
      await proxy.close();
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** A user with a visible case, and that case's id (found through the facade while the legacy CMS is healthy). */
async function userWithCase(facade: Facade, index = 0): Promise<{ username: string; token: string; caseId: string }> {
  const users = facade.standIn.users.filter((candidate) => candidate.visibleUrns.length > 0);
  const user = users[index % users.length];
  const token = await facade.token(user.username);
  const found = await facade.get(`/api/v1/cases?urn=${user.visibleUrns[0]}`, token);
  expect({ status: found.status, body: found.status === 200 ? null : await found.text() }).toEqual({ status: 200, body: null });
  const caseId = ((await json(found)) as { cases: { caseId: string }[] }).cases[0].caseId;
  return { username: user.username, token, caseId };
}

const STALE_WARNING = '110 - "Response is Stale"';

describe('legacy faults: hangs and latency spikes end within the request budget', () => {
  let facade: Facade;

  beforeAll(async () => {
    facade = await startFacade({
      LEGACY_REQUEST_BUDGET_MS: '1500',
      // Only this suite's concern here: the breaker must not open, so every refusal seen is the budget's or the bulkhead's;
      // and no last good answer stands in for a refusal (stale-if-error has its own suite, and the outage below).
      LEGACY_BREAKER_FAILURES: '1000',
      STALE_IF_ERROR_MAX_AGE_MS: '0',
      LEGACY_BULKHEAD_CONCURRENCY: '2',
      LEGACY_BULKHEAD_QUEUE: '2',
      LEGACY_BULKHEAD_QUEUE_WAIT_MS: '200',
    });
  });
  afterAll(async () => {
    await facade?.close();
  });

  it('a hung legacy CMS: every request ends with 504 deadline-exceeded or 503 bulkhead-full, and the calls in flight stay capped', async () => {
    const alice = await userWithCase(facade);
    expect((await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token)).status).toBe(200);
    const soapBefore = facade.proxy.peakInFlight.soap;
    await facade.faults({ target: 'all', hang: true });
    try {
      const responses = await Promise.all(Array.from({ length: 8 }, () => facade.get(`/api/v1/cases/${alice.caseId}`, alice.token)));
      const outcomes = await Promise.all(responses.map(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await json(response) })));
      for (const outcome of outcomes) {
        if (outcome.status === 504) expect(outcome.body).toMatchObject({ code: 'LEGACY_TIMEOUT', reason: 'deadline-exceeded' });
        else {
          expect(outcome.status).toBe(503);
          expect(outcome.body).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'bulkhead-full' });
          expect(Number(outcome.retryAfter)).toBeGreaterThanOrEqual(1);
        }
      }
      expect(outcomes.filter((outcome) => outcome.status === 504).length).toBeGreaterThanOrEqual(1);
      // The bulkhead (2 per interface) caps what a hang can hold open toward the legacy CMS.
      expect(Math.max(soapBefore, facade.proxy.peakInFlight.soap)).toBeLessThanOrEqual(2);
      expect(facade.proxy.peakInFlight.graphql).toBeLessThanOrEqual(2);
    } finally {
      await facade.clearFaults();
    }
  });

  it('a login and a call in a row share one budget: a latency spike on each cuts the second call (504 deadline-exceeded)', async () => {
    const bob = await userWithCase(facade, 1);
    // Each call now takes 1 s. Bob's first read of the case needs the access check, then the summary: two calls in a row, 2 s, in a 1.5 s budget.
    await facade.faults({ target: 'all', latencyMs: 1_000 });
    try {
      const response = await facade.get(`/api/v1/cases/${bob.caseId}`, bob.token);
      expect(response.status).toBe(504);
      expect(await json(response)).toMatchObject({ code: 'LEGACY_TIMEOUT', reason: 'deadline-exceeded' });
    } finally {
      await facade.clearFaults();
    }
    // A spike below the budget is absorbed.
    await facade.faults({ target: 'all', latencyMs: 50 });
    try {
      expect((await facade.get(`/api/v1/cases/${bob.caseId}`, bob.token)).status).toBe(200);
    } finally {
      await facade.clearFaults();
    }
  });
});

describe('legacy faults: an outage opens the breaker, writes fail fast without a legacy call, half-open probe, close', () => {
  let facade: Facade;
  const HALF_OPEN_AFTER_MS = 60_000;

  beforeAll(async () => {
    facade = await startFacade({ LEGACY_REQUEST_BUDGET_MS: '60000', LEGACY_BREAKER_FAILURES: '3', LEGACY_BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS), LEGACY_RETRY_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await facade?.close();
  });

  it('malformed XML and partial GraphQL errors give clear codes, and the facade keeps serving', async () => {
    const alice = await userWithCase(facade);
    await facade.faults({ target: 'soap', malformedXml: true });
    try {
      const response = await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token);
      expect(response.status).toBe(502);
      expect(await json(response)).toMatchObject({ code: 'LEGACY_BAD_RESPONSE' });
    } finally {
      await facade.clearFaults();
    }
    await facade.faults({ target: 'graphql', partialGraphqlErrors: true });
    try {
      const documents = await facade.get(`/api/v1/cases/${alice.caseId}/documents`, alice.token);
      expect(documents.status).toBe(200);
      const body = (await json(documents)) as { documents: { documentDate: unknown }[] };
      expect(body.documents.length).toBeGreaterThan(0);
      expect(body.documents.every((document) => document.documentDate === null || document.documentDate === undefined)).toBe(true);
    } finally {
      await facade.clearFaults();
    }
    expect((await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token)).status).toBe(200);
    expect((await fetch(`${facade.base}/health/live`)).status).toBe(200);
  });

  it('opens, refuses a write with 503 + Retry-After without calling the legacy CMS, reports degraded, probes and closes', async () => {
    const alice = await userWithCase(facade);
    expect((await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token)).status).toBe(200);

    await facade.faults({ target: 'all', outage: true });
    // Alice read the case before the outage: each read answers her last good answer, marked stale, while the failures
    // behind it open the breaker; then the stale answer stands in for the breaker's refusal too.
    let soapBreaker: unknown;
    for (let attempt = 0; attempt < 10 && soapBreaker !== 'open'; attempt += 1) {
      const response = await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token);
      expect({ status: response.status, warning: response.headers.get('warning') }).toEqual({ status: 200, warning: STALE_WARNING });
      soapBreaker = ((await json(await fetch(`${facade.base}/health/ready`))).breakers as Record<string, { state: string }>)['legacy.soap']?.state;
    }
    expect(soapBreaker).toBe('open');
    const staleWhileOpen = await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token);
    expect({ status: staleWhileOpen.status, warning: staleWhileOpen.headers.get('warning') }).toEqual({ status: 200, warning: STALE_WARNING });

    // Time stands still from here on (only Date: sockets and timers run for real), and moves when the test says.
    jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const soapCalls = facade.proxy.calls.soap;
    const write = await fetch(`${facade.base}/api/v1/cases/${alice.caseId}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'written while the legacy CMS is down' }),
    });
    expect(write.status).toBe(503);
    expect(Number(write.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await json(write)).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'circuit-open', legacyInterface: 'soap' });
    expect(facade.proxy.calls.soap).toBe(soapCalls);

    const degraded = await fetch(`${facade.base}/health/ready`);
    expect(degraded.status).toBe(200);
    const readiness = await json(degraded);
    expect(readiness.status).toBe('degraded');
    expect(readiness.breakers['legacy.soap']).toMatchObject({ state: 'open' });
    expect(readiness.dependencies.legacy).toEqual({ status: 'down', critical: false });
    // Read from the registry /metrics serves (how /metrics itself is protected is another concern).
    const metrics = await facade.app.get(LegacyResilienceMetrics).registry.metrics();
    expect(metrics).toMatch(/legacy_breaker_state\{interface="soap"\} 2/);
    expect(metrics).toMatch(/legacy_calls_rejected_total\{interface="soap",reason="circuit-open"\} [1-9]/);

    // The legacy CMS is back, but the breaker waits its half-open delay before it lets a probe through.
    await facade.clearFaults();
    const stillOpen = await fetch(`${facade.base}/api/v1/cases/${alice.caseId}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'written before the breaker lets a probe through' }),
    });
    expect(stillOpen.status).toBe(503);
    expect(await json(stillOpen)).toMatchObject({ reason: 'circuit-open' });

    jest.setSystemTime(jest.now() + HALF_OPEN_AFTER_MS);
    const probe = await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token);
    expect({ status: probe.status, warning: probe.headers.get('warning'), body: probe.status === 200 ? null : await probe.text() }).toEqual({ status: 200, warning: null, body: null });
    const ready = await json(await fetch(`${facade.base}/health/ready`));
    expect(ready.breakers['legacy.soap']).toEqual({ state: 'closed' });
    expect((await facade.get(`/api/v1/cases/${alice.caseId}`, alice.token)).status).toBe(200);
    jest.useRealTimers();
  });
});
