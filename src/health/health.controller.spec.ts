import { describe, expect, it } from '@jest/globals';
import type { HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { ResolvedConfig } from '../config/app-config.js';
import { HealthController } from './health.controller.js';
import { ReadinessRegistry, type BreakerReadiness } from './readiness.registry.js';

function readinessOf(setup: (registry: ReadinessRegistry) => void) {
  const registry = new ReadinessRegistry();
  setup(registry);
  const controller = new HealthController({} as HealthCheckService, registry, { readinessTimeoutMs: 60_000 } as ResolvedConfig);
  let status = 200;
  const reply = { status: (code: number) => ((status = code), reply) } as unknown as FastifyReply;
  return controller.ready(reply).then((body) => ({ status, body }));
}

const up = () => Promise.resolve({ part: { up: true } });
const down = () => Promise.resolve({ part: { up: false, detail: 'unreachable' } });
const closed = (): Record<string, BreakerReadiness> => ({ soap: { state: 'closed' } });

describe('GET /health/ready', () => {
  it('is ok when everything is up and every breaker closed', async () => {
    const { status, body } = await readinessOf((registry) => {
      registry.register('stateStore', up);
      registry.register('legacy', up, { critical: false });
      registry.registerBreakers('legacy', closed);
    });
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.dependencies).toEqual({ stateStore: { status: 'up', critical: true }, legacy: { status: 'up', critical: false } });
  });

  it('is 200 degraded when only a non-critical dependency is down, or a breaker is open', async () => {
    const legacyDown = await readinessOf((registry) => {
      registry.register('stateStore', up);
      registry.register('legacy', down, { critical: false });
    });
    expect([legacyDown.status, legacyDown.body.status]).toEqual([200, 'degraded']);
    expect(legacyDown.body.error).toEqual({ 'legacy.part': { status: 'down', detail: 'unreachable' } });

    const breakerOpen = await readinessOf((registry) => {
      registry.register('legacy', up, { critical: false });
      registry.registerBreakers('legacy', () => ({ soap: { state: 'open', retryAfterSeconds: 7 } }));
    });
    expect([breakerOpen.status, breakerOpen.body.status]).toEqual([200, 'degraded']);
    expect(breakerOpen.body.breakers).toEqual({ 'legacy.soap': { state: 'open', retryAfterSeconds: 7 } });
  });

  it('is 503 error when a dependency registered the usual way (critical) is down, whatever else is', async () => {
    const { status, body } = await readinessOf((registry) => {
      registry.register('legacy', down, { critical: false });
      registry.register('identity', down);
      registry.register('blobStore', () => Promise.reject(new Error('disk gone')));
    });
    expect([status, body.status]).toEqual([503, 'error']);
    expect(body.dependencies.identity).toEqual({ status: 'down', critical: true });
    expect(body.error.blobStore).toEqual({ status: 'down', detail: 'readiness check failed' });
  });
});
