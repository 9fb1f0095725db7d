import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import type { InstanceRoleName } from '../../src/config/instance-role.js';
import { DOCUMENT_QUEUE } from '../../src/ingestion/document-job.js';
import { INDEX_SWEEPER_LEASE } from '../../src/ingestion/index-sweeper.service.js';
import { REDACTION_PLAN_QUEUE } from '../../src/redaction/plans/redaction-plans.service.js';
import { SAVE_RECOVERY_LEASE } from '../../src/redaction/redaction-save-recovery.service.js';
import { SWEEPER_LEASE } from '../../src/redaction/session/redaction-session-sweeper.service.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import type { JobQueue } from '../../src/storage/queue/job-queue.port.js';
import { LeasedPeriodicWork } from '../../src/storage/state/leased-periodic-work.js';
import { RampController } from '../../src/strangler/ramp-controller.service.js';

/** A queue that only notes who consumes what. */
function consumerRecordingQueue(): JobQueue & { readonly consumed: string[] } {
  const consumed: string[] = [];
  return {
    consumed,
    enqueue: () => Promise.resolve('job'),
    consume: (queue) => {
      consumed.push(queue);
      return () => Promise.resolve();
    },
    depth: () => Promise.resolve(0),
    readiness: () => Promise.resolve({}),
  };
}

/**
 * The whole app per ROLE over one stand-in. The config's refusal of embedded adapters for api/worker is its own
 * (unit) test; here the role is set on an embedded config so that the app runs without Azure.
 */
describe('ROLE: what an instance runs and serves (ADR 0036)', () => {
  let standIn: RunningStandIn;
  let dataDir: string;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-roles-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(role: InstanceRoleName) {
    const ramps = jest.spyOn(RampController.prototype, 'startEvaluating');
    // Save recovery, the session sweeper and the index sweeper each start their LeasedPeriodicWork, named by its lease.
    const leased = jest.spyOn(LeasedPeriodicWork.prototype, 'start');
    const started = (lease: string): number => leased.mock.contexts.filter((work) => (work as LeasedPeriodicWork<unknown>).name === lease).length;
    const parsed = parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, role), WEB_APP_ENABLED: 'false' });
    const config = resolveConfig(
      { ...parsed, role },
      { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
      null,
    );
    const jobQueue = consumerRecordingQueue();
    const app = await createApp(config, { strangler: { routesFile: null }, storage: { jobQueue } });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { base, consumed: jobQueue.consumed, periodicCalls: [ramps.mock.calls.length, ...[SAVE_RECOVERY_LEASE, SWEEPER_LEASE, INDEX_SWEEPER_LEASE].map(started)] };
  }

  it('api: consumes no queue and starts no periodic work', async () => {
    const { consumed, periodicCalls } = await start('api');
    expect(consumed).toEqual([]);
    expect(periodicCalls).toEqual([0, 0, 0, 0]);
  });

  it('worker: consumes both queues and starts every periodic pass', async () => {
    const { consumed, periodicCalls } = await start('worker');
    expect([...consumed].sort()).toEqual([DOCUMENT_QUEUE, REDACTION_PLAN_QUEUE].sort());
    expect(periodicCalls.map((calls) => calls > 0)).toEqual([true, true, true, true]);
  });

  it('all: both', async () => {
    const { consumed, periodicCalls } = await start('all');
    expect([...consumed].sort()).toEqual([DOCUMENT_QUEUE, REDACTION_PLAN_QUEUE].sort());
    expect(periodicCalls.map((calls) => calls > 0)).toEqual([true, true, true, true]);
  });

  it('worker: answers its probes and /metrics, and everything else with a problem+json 404 carrying the correlation id', async () => {
    const { base } = await start('worker');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // The metrics route is there (it asks for a token like on any instance), not a 404.
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/health/ready`)).status).not.toBe(404);
    for (const url of ['/api/v1/cases?urn=01AB', '/dev/token', '/', '/openapi.json', '/health']) {
      const response = await fetch(`${base}${url}`, { method: url === '/dev/token' ? 'POST' : 'GET', headers: { 'x-correlation-id': 'roles-test-1' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', correlationId: 'roles-test-1' });
    }
  });

  it('api: serves the API as before', async () => {
    const { base } = await start('api');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/cases?urn=01AB`)).status).toBe(401);
  });
});
