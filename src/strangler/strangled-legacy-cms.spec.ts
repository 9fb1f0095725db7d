import { describe, expect, it } from '@jest/globals';
import type { LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { LEGACY_CMS_ROUTES, ROUTED_METHODS } from './legacy-cms-routes.js';
import { ModernRegistry } from './modern-registry.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { stranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';

/** Every LegacyCms method: a new port method fails to compile here until it is listed (and then fails below until it has a route). */
const PORT_METHODS = {
  findCasesByUrn: 'read',
  getCaseSummary: 'read',
  checkCaseAccess: 'read',
  getDefendants: 'read',
  getWitnesses: 'read',
  listDocuments: 'read',
  getDocumentInfo: 'read',
  openDocumentContent: 'read',
  renameDocument: 'write',
  reclassifyDocument: 'write',
  setDocumentUsed: 'write',
  listNotes: 'read',
  addNote: 'write',
  checkOutDocument: 'write',
  cancelCheckOut: 'write',
  checkInDocument: 'write',
  readiness: 'not a route',
} as const satisfies Record<keyof LegacyCms, 'read' | 'write' | 'not a route'>;

const caller: LegacyCaller = { username: 'ann', subject: 'sub-ann', correlationId: 'c-1' };

/** A LegacyCms that records each call and answers with the method's name. */
function recordingLegacy(): { legacy: LegacyCms; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const legacy = Object.fromEntries(
    Object.keys(PORT_METHODS).map((method) => [
      method,
      (...args: unknown[]) => {
        calls.push([method, args]);
        return Promise.resolve(`legacy:${method}`);
      },
    ]),
  ) as unknown as LegacyCms;
  return { legacy, calls };
}

function setUp() {
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const strangler = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0 }));
  const registry = new ModernRegistry(strangler);
  const { legacy, calls } = recordingLegacy();
  return { strangler, table, registry, legacy, calls };
}

describe('StrangledLegacyCms', () => {
  it('has a route for every port method but readiness, with the fixed name and kind', () => {
    const { table, registry, legacy } = setUp();
    registry.strangle(legacy);
    const routed = Object.entries(PORT_METHODS).filter(([, kind]) => kind !== 'not a route');
    expect([...ROUTED_METHODS].sort()).toEqual(routed.map(([method]) => method).sort());
    for (const [method, kind] of routed) {
      const route = table.get(LEGACY_CMS_ROUTES[method as keyof typeof LEGACY_CMS_ROUTES].name);
      expect({ method, kind: route?.definition.kind }).toEqual({ method, kind });
    }
    expect(table.list()).toHaveLength(routed.length);
  });

  it('passes each call to the legacy side with its own arguments and counts it on its route', async () => {
    const { table, registry, legacy, calls } = setUp();
    const port = registry.strangle(legacy) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of ROUTED_METHODS) {
      // Every argument the method declares, each distinct, so that a dropped or swapped one shows.
      const args = [caller, ...Array.from({ length: port[method].length - 1 }, (_, index) => `arg${index + 1}-of-${method}`)];
      expect(args.length).toBeGreaterThanOrEqual(2);
      await expect(port[method](...args)).resolves.toBe(`legacy:${method}`);
      expect(calls.at(-1)).toEqual([method, args]);
      expect(table.get(LEGACY_CMS_ROUTES[method].name)!.meter.tallies.servedLegacy).toBe(1);
    }
    await expect(port.readiness()).resolves.toBe('legacy:readiness');
  });

  it('refuses shadow on the stream route even with a modern side, but allows canary and modern', async () => {
    const { table, registry, legacy } = setUp();
    registry.strangle(legacy);
    registry.register('documents.getContent', { modern: () => Promise.reject(new Error('not called')) });
    await expect(table.set('documents.getContent', { mode: 'shadow' }, 'ops', 'compare streams')).rejects.toThrow(/stream/);
    await expect(table.set('documents.getContent', { mode: 'canary', percent: 5 }, 'ops', 'try modern content')).resolves.toMatchObject({ to: { mode: 'canary' } });
    await expect(table.set('documents.getContent', { mode: 'modern' }, 'ops', 'serve modern content')).resolves.toMatchObject({ to: { mode: 'modern' } });
  });

  it('keeps the write rules: no shadow without a dry-run, canary needs allowWrites', async () => {
    const { table, registry, legacy } = setUp();
    registry.strangle(legacy);
    registry.register('notes.add', { modern: () => Promise.reject(new Error('not called')) });
    await expect(table.set('notes.add', { mode: 'shadow' }, 'ops', 'compare writes')).rejects.toThrow(/dry-run/);
    await expect(table.set('notes.add', { mode: 'canary', percent: 5 }, 'ops', 'try writes')).rejects.toThrow(/allowWrites/);
  });
});
