import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { defineRoute, type RouteDefinition, type RouteInvocation } from './route-definition.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { stranglerOptions, type StranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';

interface Summary {
  caseId: string;
  title: string;
  fetchedAt?: number;
}

const user = { userId: 'user-1', correlationId: 'corr-1' };
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
/** Timers on a fake clock that moves only when the test says (promises and I/O stay real). */
const useFakeClock = () => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });

function setUp(options: Partial<StranglerOptions> = {}) {
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const service = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0, ...options }));
  return { service, table, metrics };
}

function summaryRoute(overrides: Partial<RouteDefinition<string, Summary>> = {}) {
  const legacy = jest.fn((caseId: string, _invocation: RouteInvocation) => Promise.resolve<Summary>({ caseId, title: 'R v Smith' }));
  const modern = jest.fn((caseId: string, _invocation: RouteInvocation) => Promise.resolve<Summary>({ caseId, title: 'R v Smith' }));
  const definition = defineRoute<string, Summary>({ name: 'cases.getSummary', kind: 'read', legacy, modern, ...overrides });
  return { definition, legacy, modern };
}

describe('StranglerService', () => {
  it('serves legacy in legacy mode and never calls modern', async () => {
    const { service } = setUp();
    const { definition, legacy, modern } = summaryRoute();
    const route = service.register(definition);
    await expect(service.execute(route, '42', user)).resolves.toEqual({ caseId: '42', title: 'R v Smith' });
    await service.shadow.drain();
    expect(legacy).toHaveBeenCalledTimes(1);
    expect(modern).not.toHaveBeenCalled();
    expect(route.meter.tallies.servedLegacy).toBe(1);
  });

  describe('shadow', () => {
    it('answers from legacy without waiting for a modern that hangs, and counts the timeout', async () => {
      useFakeClock();
      try {
        const { service, table } = setUp({ shadowTimeoutMs: 300 });
        const { definition } = summaryRoute({ modern: () => never() });
        const route = service.register(definition);
        await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
        // Answered with the clock standing still: the answer did not wait for the shadow call or its time limit.
        await expect(service.execute(route, '42', user)).resolves.toEqual({ caseId: '42', title: 'R v Smith' });
        expect(service.shadow.pending).toBe(1);
        await jest.advanceTimersByTimeAsync(299);
        expect(service.shadow.pending).toBe(1);
        await jest.advanceTimersByTimeAsync(1);
        await service.shadow.drain();
        expect(route.meter.tallies.shadowModernTimeouts).toBe(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it('answers from legacy before a slow modern finishes', async () => {
      const { service, table } = setUp();
      let finishModern!: () => void;
      const modernMayFinish = new Promise<void>((resolve) => (finishModern = resolve));
      let modernFinished = false;
      const { definition } = summaryRoute({
        modern: async (caseId) => {
          await modernMayFinish;
          modernFinished = true;
          return { caseId, title: 'R v Smith' };
        },
      });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      await service.execute(route, '42', user);
      expect(modernFinished).toBe(false);
      expect(service.shadow.pending).toBe(1);
      finishModern();
      await service.shadow.drain();
      expect(modernFinished).toBe(true);
      expect(route.meter.tallies.shadowMatches).toBe(1);
    });

    it('keeps modern errors, even synchronous throws, away from the response and counts them', async () => {
      const { service, table } = setUp();
      const { definition: rejecting } = summaryRoute({ modern: () => Promise.reject(new Error('modern broke')) });
      const route = service.register(rejecting);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      await expect(service.execute(route, '1', user)).resolves.toEqual({ caseId: '1', title: 'R v Smith' });

      const throwing = defineRoute<string, Summary>({
        name: 'cases.getOther',
        kind: 'read',
        legacy: (caseId) => Promise.resolve({ caseId, title: 'x' }),
        modern: () => {
          throw new Error('sync throw');
        },
      });
      const other = service.register(throwing);
      await table.set('cases.getOther', { mode: 'shadow' }, 'alice', 'compare');
      await expect(service.execute(other, '2', user)).resolves.toEqual({ caseId: '2', title: 'x' });
      await service.shadow.drain();
      expect(route.meter.tallies.shadowModernErrors).toBe(1);
      expect(other.meter.tallies.shadowModernErrors).toBe(1);
    });

    it('counts mismatches per path and keeps a redacted sample', async () => {
      const { service, table } = setUp();
      const { definition } = summaryRoute({ modern: (caseId) => Promise.resolve({ caseId, title: 'R v Smyth' }) });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      await service.execute(route, '42', user);
      await service.shadow.drain();
      expect(route.meter.tallies.shadowMismatches).toBe(1);
      expect(route.meter.shadowPaths.get('$.title')).toBe(1);
      const [sample] = service.diffSamples('cases.getSummary');
      expect(sample).toMatchObject({ source: 'shadow', correlationId: 'corr-1', differences: [{ path: '$.title', kind: 'changed' }] });
      expect(JSON.stringify(sample)).not.toMatch(/Smith|Smyth/);
    });

    it('treats the same coded failure on both sides as a match', async () => {
      const { service, table } = setUp();
      const notFound = () => Promise.reject(new DomainError('CASE_NOT_FOUND', 'no case'));
      const { definition } = summaryRoute({ legacy: notFound, modern: notFound });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      await expect(service.execute(route, '9', user)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
      await service.shadow.drain();
      expect(route.meter.tallies.shadowMatches).toBe(1);
    });

    it('learns the noise floor by calling legacy twice on sampled reads', async () => {
      const { service, table } = setUp({ noiseFloorSampleRate: 1 });
      let calls = 0;
      const legacy = jest.fn((caseId: string, _invocation: RouteInvocation) => Promise.resolve<Summary>({ caseId, title: 'R v Smith', fetchedAt: (calls += 1) }));
      const { definition } = summaryRoute({ legacy, modern: (caseId) => Promise.resolve({ caseId, title: 'R v Smith', fetchedAt: -1 }) });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      for (let i = 0; i < 4; i += 1) await service.execute(route, '42', user);
      await service.shadow.drain();
      expect(legacy).toHaveBeenCalledTimes(8);
      expect(legacy.mock.calls.filter(([, invocation]) => invocation.purpose === 'noise-floor')).toHaveLength(4);
      const t = route.meter.tallies;
      expect(t.noiseMismatches).toBe(4);
      expect(t.shadowMismatches).toBe(4);
      // Every mismatch is on a path legacy also differs on itself: none is above the noise.
      expect(t.shadowMismatchesAboveNoise).toBe(0);
      expect(route.meter.noisePaths.get('$.fetchedAt')).toBe(4);
      expect(service.diffSamples('cases.getSummary').some((sample) => sample.source === 'noise-floor')).toBe(true);
    });

    it('samples the noise floor at the configured rate', async () => {
      let draw = 0;
      const { service, table } = setUp({ noiseFloorSampleRate: 0.25, random: () => (draw++ % 4) / 4 });
      const { definition, legacy } = summaryRoute();
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      for (let i = 0; i < 8; i += 1) await service.execute(route, String(i), user);
      await service.shadow.drain();
      expect(legacy).toHaveBeenCalledTimes(8 + 2);
      expect(route.meter.tallies.noiseMatches).toBe(2);
    });

    it('skips shadowing beyond the in-flight limit without affecting responses', async () => {
      const { service, table } = setUp({ maxShadowInFlight: 2, shadowTimeoutMs: 30 });
      const { definition } = summaryRoute({ modern: () => never() });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
      await Promise.all([1, 2, 3, 4].map((n) => service.execute(route, String(n), user)));
      await service.shadow.drain();
      expect(route.meter.tallies.shadowSkipped).toBe(2);
      expect(route.meter.tallies.shadowModernTimeouts).toBe(2);
    });
  });

  describe('writes', () => {
    it('performs a shadowed write once, on legacy, and compares the modern dry-run plan', async () => {
      const { service, table } = setUp({ noiseFloorSampleRate: 1 });
      const legacy = jest.fn((_title: string) => Promise.resolve({ renamed: true }));
      const modern = jest.fn((_title: string) => Promise.resolve({ renamed: true }));
      const modernDryRun = jest.fn((_title: string) => Promise.resolve({ renamed: true }));
      const route = service.register(defineRoute({ name: 'documents.rename', kind: 'write', legacy, modern, modernDryRun }));
      await table.set('documents.rename', { mode: 'shadow' }, 'alice', 'compare plans');
      await service.execute(route, 'new title', user);
      await service.shadow.drain();
      expect(legacy).toHaveBeenCalledTimes(1);
      expect(modern).not.toHaveBeenCalled();
      expect(modernDryRun).toHaveBeenCalledTimes(1);
      expect(route.meter.tallies.shadowMatches).toBe(1);
    });

    it('refuses shadow on a write without a dry run, and keeps it on legacy even with the override header', async () => {
      const { service, table } = setUp();
      const modern = jest.fn(() => Promise.resolve('modern'));
      const route = service.register(defineRoute({ name: 'documents.rename', kind: 'write', legacy: () => Promise.resolve('legacy'), modern }));
      await expect(table.set('documents.rename', { mode: 'shadow' }, 'alice', 'compare')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(service.execute(route, 'x', { userId: 'u', override: 'modern', overrideAllowed: true })).resolves.toBe('legacy');
      await table.set('documents.rename', { mode: 'modern', allowWrites: true }, 'alice', 'opt in to writes');
      await expect(service.execute(route, 'x', user)).resolves.toBe('modern');
      expect(modern).toHaveBeenCalledTimes(1);
    });
  });

  describe('modern', () => {
    it('falls back to legacy on a modern error, counted', async () => {
      const { service, table } = setUp();
      const { definition, legacy } = summaryRoute({ modern: () => Promise.reject(new Error('boom')) });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'alice', 'go modern');
      await expect(service.execute(route, '42', user)).resolves.toEqual({ caseId: '42', title: 'R v Smith' });
      expect(legacy.mock.calls[0][1].purpose).toBe('fallback');
      expect(route.meter.tallies).toMatchObject({ fallbacksOnError: 1, fallbacksOnTimeout: 0, servedLegacy: 1, servedModern: 0 });
    });

    it('falls back to legacy when modern exceeds the latency budget, and aborts modern', async () => {
      useFakeClock();
      try {
        const { service, table } = setUp();
        let aborted = false;
        const { definition } = summaryRoute({
          latencyBudgetMs: 30,
          modern: (_caseId, invocation) => {
            invocation.signal.addEventListener('abort', () => (aborted = true));
            return never();
          },
        });
        const route = service.register(definition);
        await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'alice', 'go modern');
        let answered = false;
        const answer = service.execute(route, '42', user).finally(() => (answered = true));
        // The budget, on the fake clock: still waiting for modern 1 ms before it, legacy's answer at it.
        await jest.advanceTimersByTimeAsync(29);
        expect([answered, aborted]).toEqual([false, false]);
        await jest.advanceTimersByTimeAsync(1);
        await expect(answer).resolves.toEqual({ caseId: '42', title: 'R v Smith' });
        expect(aborted).toBe(true);
        expect(route.meter.tallies.fallbacksOnTimeout).toBe(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it("takes the latency budget from the overrides before the route's own", async () => {
      useFakeClock();
      try {
        const { service, table } = setUp({ latencyBudgetOverridesMs: { 'cases.getSummary': 100 } });
        const { definition } = summaryRoute({ latencyBudgetMs: 30, modern: () => never() });
        const route = service.register(definition);
        await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'alice', 'go modern');
        let answered = false;
        const answer = service.execute(route, '42', user).finally(() => (answered = true));
        await jest.advanceTimersByTimeAsync(99);
        expect(answered).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await expect(answer).resolves.toEqual({ caseId: '42', title: 'R v Smith' });
        expect(route.meter.tallies.fallbacksOnTimeout).toBe(1);
        expect(() => setUp({ latencyBudgetOverridesMs: { 'cases.getSummary': 0 } })).toThrow(/must be positive/);
      } finally {
        jest.useRealTimers();
      }
    });

    it('serves modern and lets its error through when fallback is off', async () => {
      const { service, table } = setUp();
      const { definition } = summaryRoute({ modern: () => Promise.reject(new DomainError('LEGACY_UNAVAILABLE', 'down')) });
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'modern' }, 'alice', 'go modern');
      await expect(service.execute(route, '42', user)).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
      expect(route.meter.tallies.fallbacksOnError).toBe(0);
    });

    it('returns to legacy at once with the kill switch', async () => {
      const { service, table } = setUp();
      const { definition, legacy, modern } = summaryRoute();
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'modern' }, 'alice', 'go modern');
      await service.execute(route, '1', user);
      await table.killSwitch('cases.getSummary', 'oncall', 'stop');
      await service.execute(route, '2', user);
      expect(modern).toHaveBeenCalledTimes(1);
      expect(legacy).toHaveBeenCalledTimes(1);
    });

    it('routes a canary share of users to modern', async () => {
      const { service, table } = setUp();
      const { definition, modern } = summaryRoute();
      const route = service.register(definition);
      await table.set('cases.getSummary', { mode: 'canary', percent: 50, cohort: ['pilot'] }, 'alice', 'half');
      for (let i = 0; i < 400; i += 1) await service.execute(route, '1', { userId: `user-${i}` });
      expect(modern.mock.calls.length).toBeGreaterThan(150);
      expect(modern.mock.calls.length).toBeLessThan(250);
      expect(service.servingFor(route, { userId: 'pilot' })).toBe('modern');
    });
  });

  it('exposes Prometheus metrics per route and mode', async () => {
    const { service, table, metrics } = setUp();
    const { definition } = summaryRoute({ modern: (caseId) => Promise.resolve({ caseId, title: 'other' }) });
    const route = service.register(definition);
    await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
    await service.execute(route, '42', user);
    await service.shadow.drain();
    const text = await metrics.text();
    expect(text).toContain('strangler_requests_total{route="cases.getSummary",mode="shadow",served_by="legacy"} 1');
    expect(text).toContain('strangler_request_duration_seconds_count{route="cases.getSummary",mode="shadow",served_by="legacy"} 1');
    expect(text).toContain('strangler_shadow_calls_total{route="cases.getSummary",outcome="mismatch"} 1');
    expect(text).toContain('strangler_mismatches_total{route="cases.getSummary",source="shadow",path="$.title"} 1');
    expect(text).toContain('strangler_route_mode{route="cases.getSummary",mode="shadow"} 1');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('starts from the route file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strangler-'));
    try {
      const routesFile = join(dir, 'routes.yaml');
      await writeFile(routesFile, 'routes:\n  cases.getSummary:\n    mode: shadow\n    reason: compare in staging\n');
      const { service } = setUp({ routesFile });
      const route = service.register(summaryRoute().definition);
      const seeded = await service.start();
      expect(seeded).toHaveLength(1);
      expect(route.active.mode).toBe('shadow');
      expect(route.desired).toMatchObject({ reason: 'compare in staging' });
      await service.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
