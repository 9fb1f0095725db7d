import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { staleReadScope } from '../common/stale-response.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { defineRoute, type RouteKind } from './route-definition.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { stranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';

/** Which calls may be answered from a last good answer (ADR 0014): the legacy side of a read that answers the caller, only. */
const user = { userId: 'user-1', correlationId: 'corr-1' };

function setUp(kind: RouteKind, modernFails = false) {
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const service = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 1 }));
  const seen: string[] = [];
  const route = service.register(
    defineRoute<string, string>({
      name: kind === 'read' ? 'cases.getSummary' : 'notes.add',
      kind,
      legacy: (_args, invocation) => {
        seen.push(`legacy:${invocation.purpose}:${staleReadScope.active()}`);
        return Promise.resolve('legacy');
      },
      modern: (_args, invocation) => {
        seen.push(`modern:${invocation.purpose}:${staleReadScope.active()}`);
        return modernFails ? Promise.reject(new DomainError('LEGACY_UNAVAILABLE', 'down')) : Promise.resolve('legacy');
      },
      ...(kind === 'write' ? { modernDryRun: () => Promise.resolve('legacy') } : {}),
    }),
  );
  return { service, table, route, seen };
}

describe('StranglerService stale-read scope', () => {
  it('opens it around the legacy side of a read', async () => {
    const { service, route, seen } = setUp('read');
    await service.execute(route, '42', user);
    expect(seen).toEqual(['legacy:primary:true']);
  });

  it('never around a write', async () => {
    const { service, route, seen } = setUp('write');
    await service.execute(route, '42', user);
    expect(seen).toEqual(['legacy:primary:false']);
  });

  it('never around shadow or noise-floor calls', async () => {
    const { service, table, route, seen } = setUp('read');
    await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare');
    await service.execute(route, '42', user);
    await service.shadow.drain();
    expect(seen[0]).toBe('legacy:primary:true');
    expect(seen.slice(1).sort()).toEqual(['legacy:noise-floor:false', 'modern:shadow:false']);
  });

  it('around the legacy fallback of a modern read, not around modern', async () => {
    const { service, table, route, seen } = setUp('read', true);
    await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'alice', 'ramp');
    await service.execute(route, '42', user);
    expect(seen).toEqual(['modern:primary:false', 'legacy:fallback:true']);
  });

  it('never for a caller that needs a fresh answer (background work, a POST), not even on the fallback', async () => {
    const fresh = { ...user, freshOnly: true };
    const plain = setUp('read');
    await plain.service.execute(plain.route, '42', fresh);
    expect(plain.seen).toEqual(['legacy:primary:false']);
    const falling = setUp('read', true);
    await falling.table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'alice', 'ramp');
    await falling.service.execute(falling.route, '42', fresh);
    expect(falling.seen).toEqual(['modern:primary:false', 'legacy:fallback:false']);
  });
});
