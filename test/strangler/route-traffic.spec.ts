import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import { buildMigrationReport } from '../../src/strangler/migration-report.js';
import { InMemoryRouteStateStore } from '../../src/strangler/in-memory-route-state.store.js';
import { defineRoute } from '../../src/strangler/route-definition.js';
import { RouteTable } from '../../src/strangler/route-table.js';
import { RouteTraffic } from '../../src/strangler/route-traffic.js';
import { StranglerMetrics } from '../../src/strangler/strangler-metrics.js';

const ok = (): Promise<string> => Promise.resolve('ok');
const NAMES = ['cases.getSummary', 'notes.list'];

/** One "instance": its own StateStore connection over the shared SQLite file, its own counters and route table. */
function instance(path: string, id: string, now: () => Date) {
  const store = SqliteStateStore.fromConfig({ path });
  const traffic = new RouteTraffic(store, { instanceId: id, now, bucketMs: 60_000 });
  const table = new RouteTable(new InMemoryRouteStateStore(), new StranglerMetrics(undefined, traffic));
  const summary = table.register(defineRoute({ name: 'cases.getSummary', kind: 'read', legacy: ok, modern: ok }));
  const notes = table.register(defineRoute({ name: 'notes.list', kind: 'read', legacy: ok }));
  return { store, traffic, table, summary, notes };
}

describe('RouteTraffic over one SQLite state store (two instances)', () => {
  let dir: string;
  let clock: number;
  const now = (): Date => new Date(clock);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'route-traffic-'));
    clock = Date.parse('2026-03-01T10:00:00Z');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives one summed report, the same whichever instance builds it', async () => {
    const path = join(dir, 'state.sqlite');
    const a = instance(path, 'instance-a', now);
    const b = instance(path, 'instance-b', now);
    try {
      for (let i = 0; i < 5; i += 1) a.summary.meter.served('canary', 'legacy', 0.004, 'casework-ui');
      for (let i = 0; i < 3; i += 1) b.summary.meter.served('canary', 'modern', 0.02, 'bulk-export');
      b.summary.meter.fallback('timeout');
      a.notes.meter.served('legacy', 'legacy', 0.001);
      await a.traffic.flush();
      clock += 60_000; // the next bucket: totals keep adding up, windows split
      a.summary.meter.served('canary', 'modern', 0.02, 'casework-ui');
      b.summary.meter.shadowOutcome('mismatch', ['$.title']);
      await Promise.all([a.traffic.flush(), b.traffic.flush()]);
      // A flush with nothing new changes nothing (deltas, not snapshots).
      await b.traffic.flush();

      const reports = await Promise.all(
        [a, b].map(async (each) => buildMigrationReport(each.table, new Date(0), { traffic: await each.traffic.totals(NAMES), ramps: new Map() })),
      );
      // Only the differing-path names are per instance (as in Prometheus); every count is shared.
      const shared = (report: (typeof reports)[number]) => report.routes.map((route) => ({ ...route, shadow: { ...route.shadow, topPaths: [] } }));
      expect(shared(reports[0])).toEqual(shared(reports[1]));
      const summary = reports[0].routes.find((route) => route.name === 'cases.getSummary')!;
      expect(summary.calls).toEqual({ total: 9, legacy: 5, modern: 4 });
      expect(summary.fallbacks).toEqual({ onError: 0, onTimeout: 1 });
      expect(summary.shadow.compared).toBe(1);
      expect(summary.clients).toEqual([
        { name: 'casework-ui', calls: 6 },
        { name: 'bulk-export', calls: 3 },
      ]);
      expect(reports[0].routes.find((route) => route.name === 'notes.list')!.clients).toEqual([{ name: 'unnamed', calls: 1 }]);
      expect(reports[0].progress.modernCallShare).toBeCloseTo(4 / 10, 10);

      // Windows are whole buckets: the second minute alone holds one modern call and one comparison.
      const second = await b.traffic.window('cases.getSummary', clock, clock + 59_999);
      expect(second).toMatchObject({ legacy: 0, modern: 1, shadowCompared: 1, shadowMismatches: 1 });
      const both = await a.traffic.window('cases.getSummary', clock - 60_000, clock);
      expect(both).toMatchObject({ legacy: 5, modern: 4, fallbackTimeout: 1 });
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });
});
