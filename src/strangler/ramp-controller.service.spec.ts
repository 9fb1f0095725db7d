import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { RampController } from './ramp-controller.service.js';
import { defineRoute } from './route-definition.js';
import { RouteTable } from './route-table.js';
import { RouteTraffic } from './route-traffic.js';
import { StranglerMetrics } from './strangler-metrics.js';

const PLAN = { steps: [10, 100], bakeSeconds: 60, minCalls: 10, gates: { maxMismatchAboveNoise: 0.1, maxFallbackRate: 0.1, maxModernErrorRate: 0.1, maxP99Ratio: 100 } };

/** Two "instances" sharing one state store and one route-state store, each with its own table, counters and controller. */
async function twoInstances() {
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const now = (): Date => new Date(clock);
  const state = new InMemoryStateStore();
  const routeStore = new InMemoryRouteStateStore();
  const make = (id: string) => {
    const traffic = new RouteTraffic(state, { instanceId: id, now });
    const table = new RouteTable(routeStore, new StranglerMetrics(undefined, traffic), now);
    const route = table.register(defineRoute({ name: 'cases.getSummary', kind: 'read', legacy: () => Promise.resolve(1), modern: () => Promise.resolve(1) }));
    const controller = new RampController(state, table, traffic, { now, instanceId: id, leaseTtlMs: 30_000 });
    return { traffic, table, route, controller };
  };
  const a = make('a');
  const b = make('b');
  await a.table.refresh(true);
  await b.table.refresh(true);
  return { a, b, tick: (ms: number) => (clock += ms) };
}

describe('RampController', () => {
  it('evaluates once across instances: of two racing evaluators one wins the lease, and counts of both are judged', async () => {
    const { a, b, tick } = await twoInstances();
    await a.controller.start('cases.getSummary', PLAN, 'alice');
    await b.table.refresh(true);
    for (let i = 0; i < 6; i += 1) a.route.meter.served('canary', 'legacy', 0.001);
    for (let i = 0; i < 6; i += 1) b.route.meter.served('canary', 'modern', 0.001);
    await b.traffic.flush();
    tick(60_000);
    const rounds = await Promise.all([a.controller.evaluate(), b.controller.evaluate()]);
    expect(rounds.filter((round) => round === null)).toHaveLength(1);
    const evaluations = rounds.find((round) => round !== null)!;
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({ verdict: 'advance', figures: { calls: 12, modernAttempts: 6 } });
    expect((await a.controller.get('cases.getSummary')).percent).toBe(100);
    await b.table.refresh(true);
    expect(b.route.active.mode).toBe('modern');
  });

  it('rolls back to the starting mode when a gate trips, and stops instead of overriding a human change', async () => {
    const { a, tick } = await twoInstances();
    await a.table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare first');
    await a.controller.start('cases.getSummary', PLAN, 'alice');
    for (let i = 0; i < 8; i += 1) a.route.meter.served('canary', 'legacy', 0.001);
    a.route.meter.fallback('error');
    a.route.meter.served('canary', 'legacy', 0.001);
    a.route.meter.served('canary', 'modern', 0.001);
    tick(1_000); // a trip needs no bake time, only minCalls
    const [tripped] = (await a.controller.evaluate())!;
    expect(tripped).toMatchObject({ verdict: 'trip', tripped: ['fallbackRate', 'modernErrorRate'], figures: { calls: 10, fallbackRate: 0.5 } });
    expect(a.route.active.mode).toBe('shadow');
    const history = await a.table.history({ route: 'cases.getSummary' });
    expect(history[0]).toMatchObject({ actor: 'ramp:alice', to: { mode: 'shadow' } });
    expect(history[0].reason).toContain('fallbackRate 0.500 (max 0.100) TRIPPED');

    await a.controller.start('cases.getSummary', PLAN, 'alice');
    await a.table.killSwitch('cases.getSummary', 'bob', 'not now');
    expect(await a.controller.evaluate()).toEqual([]);
    expect(await a.controller.get('cases.getSummary')).toMatchObject({ status: 'stopped', endReason: expect.stringContaining('changed outside the ramp') });
    expect(a.route.active.mode).toBe('legacy');
  });

  it('refuses a ramp on a route already in canary or without a modern side', async () => {
    const { a } = await twoInstances();
    a.table.register(defineRoute({ name: 'notes.list', kind: 'read', legacy: () => Promise.resolve(1) }));
    await expect(a.controller.start('notes.list', PLAN, 'alice')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await a.table.set('cases.getSummary', { mode: 'canary', percent: 5 }, 'alice', 'by hand');
    await expect(a.controller.start('cases.getSummary', PLAN, 'alice')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(a.controller.start('cases.getSummary', { ...PLAN, steps: [50, 10] }, 'alice')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
