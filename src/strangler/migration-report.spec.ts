import { describe, expect, it } from '@jest/globals';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { buildMigrationReport } from './migration-report.js';
import { escapeHtml, renderMigrationPage } from './migration-report.page.js';
import { defineRoute } from './route-definition.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { RouteTraffic } from './route-traffic.js';

async function tableWithTraffic() {
  const traffic = new RouteTraffic(new InMemoryStateStore(), { now: () => new Date('2025-05-01T00:00:00Z') });
  const table = new RouteTable(new InMemoryRouteStateStore(), new StranglerMetrics(undefined, traffic));
  const ok = () => Promise.resolve('ok');
  const summary = table.register(defineRoute({ name: 'cases.getSummary', kind: 'read', legacy: ok, modern: ok }));
  const documents = table.register(defineRoute({ name: 'documents.list', kind: 'read', legacy: ok, modern: ok }));
  table.register(defineRoute({ name: 'notes.list', kind: 'read', legacy: ok }));
  await table.set('cases.getSummary', { mode: 'modern' }, 'alice', 'done <script>');
  await table.set('documents.list', { mode: 'canary', percent: 10, cohort: ['a', 'b'] }, 'bob', 'canary');
  for (let i = 0; i < 3; i += 1) summary.meter.served('modern', 'modern', 0.01, 'casework-ui');
  summary.meter.served('modern', 'legacy', 0.01);
  summary.meter.fallback('error');
  documents.meter.served('canary', 'legacy', 0.01);
  for (let i = 0; i < 8; i += 1) documents.meter.noiseOutcome('match');
  for (let i = 0; i < 2; i += 1) documents.meter.noiseOutcome('mismatch', ['$.fetchedAt']);
  for (let i = 0; i < 6; i += 1) documents.meter.shadowOutcome('match');
  documents.meter.shadowOutcome('mismatch', ['$.fetchedAt']);
  for (let i = 0; i < 3; i += 1) documents.meter.shadowOutcome('mismatch', ['$.documents[*].title']);
  await traffic.flush();
  const routes = table.list().map((route) => route.name);
  return { table, inputs: { traffic: await traffic.totals(routes), ramps: new Map() } };
}

describe('buildMigrationReport', () => {
  it('reports every route with mode, traffic share, mismatch rate against the noise floor, fallbacks and last change', async () => {
    const { table, inputs } = await tableWithTraffic();
    const report = buildMigrationReport(table, new Date('2025-05-01T00:00:00Z'), inputs);
    expect(report.progress).toEqual({ routes: 3, byMode: { legacy: 1, shadow: 0, canary: 1, modern: 1 }, modernRouteShare: 1 / 3, modernCallShare: 3 / 5 });
    const [summary, documents, notes] = report.routes;
    expect(summary).toMatchObject({ name: 'cases.getSummary', mode: 'modern', modernShare: 0.75, fallbacks: { onError: 1, onTimeout: 0 }, lastChange: { by: 'alice', reason: 'done <script>' } });
    expect(documents).toMatchObject({ mode: 'canary', canary: { percent: 10, cohortSize: 2 }, modernShare: 0 });
    expect(documents.shadow).toMatchObject({ compared: 10, mismatches: 4, mismatchRate: 0.4, noiseFloor: 0.2, noiseCompared: 10, mismatchRateAboveNoise: 0.3 });
    expect(documents.shadow.topPaths).toEqual([
      { path: '$.documents[*].title', count: 3, alsoInNoise: false },
      { path: '$.fetchedAt', count: 1, alsoInNoise: true },
    ]);
    expect(notes).toMatchObject({ mode: 'legacy', hasModern: false, modernShare: null, lastChange: null, clients: [], ramp: null });
    expect(summary.clients).toEqual([
      { name: 'casework-ui', calls: 3 },
      { name: 'unnamed', calls: 1 },
    ]);
    expect(summary.latency.modernP50Ms).toBeGreaterThan(5);
    expect(summary.latency.modernP50Ms).toBeLessThanOrEqual(10);
    expect(JSON.stringify(report)).not.toContain('"a"');
  });

  it('renders an escaped HTML page with the overall progress', async () => {
    const { table, inputs } = await tableWithTraffic();
    const html = renderMigrationPage(buildMigrationReport(table, new Date(), inputs));
    expect(html).toContain('casework-ui: 3');
    expect(html).toContain('<progress max="1" value="0.3333">');
    expect(html).toContain('33.3% of 3 routes on modern');
    expect(html).toContain('done &lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
