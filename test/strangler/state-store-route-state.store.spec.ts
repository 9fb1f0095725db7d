import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';
import { eventually } from '../helpers/eventually.js';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import { DomainError } from '../../src/common/domain-error.js';
import { AzureTableStateStore } from '../../src/storage/state/azure-table-state-store.adapter.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import type { StateStore } from '../../src/storage/state/state-store.port.js';
import { defineRoute } from '../../src/strangler/route-definition.js';
import { ROUTE_FILE_ACTOR, parseRouteFile } from '../../src/strangler/route-file.js';
import { RouteStateConflictError } from '../../src/strangler/route-state-store.port.js';
import type { RouteChangeRecord, RouteState } from '../../src/strangler/route-state.js';
import { RouteTable } from '../../src/strangler/route-table.js';
import { StateStoreRouteStateStore } from '../../src/strangler/state-store-route-state.store.js';
import { StranglerMetrics } from '../../src/strangler/strangler-metrics.js';

const read = defineRoute<string, string>({ name: 'cases.getSummary', kind: 'read', legacy: (id) => Promise.resolve(`legacy ${id}`), modern: (id) => Promise.resolve(`modern ${id}`) });
const dryRunWrite = defineRoute<string, string>({
  name: 'documents.reclassify',
  kind: 'write',
  legacy: () => Promise.resolve('ok'),
  modern: () => Promise.resolve('ok'),
  modernDryRun: () => Promise.resolve('ok'),
});
const legacyOnly = defineRoute<string, string>({ name: 'notes.list', kind: 'read', legacy: () => Promise.resolve('ok') });

let clock = Date.parse('2025-01-01T10:00:00Z');
const now = () => new Date((clock += 1000));

/** Two StateStore instances over the same data, as two facade instances would hold. */
interface Backend {
  readonly a: StateStore;
  readonly b: StateStore;
  dispose(): Promise<void>;
}

let sqliteDir: string;
let azurite: AzuriteInstance;
beforeAll(async () => {
  sqliteDir = await mkdtemp(join(tmpdir(), 'route-state-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
  await rm(sqliteDir, { recursive: true, force: true });
});

const backends: [string, () => Backend][] = [
  [
    'in-memory StateStore',
    () => {
      const store = new InMemoryStateStore();
      return { a: store, b: store, dispose: () => store.close() };
    },
  ],
  [
    'SQLite',
    () => {
      const path = join(sqliteDir, randomBytes(6).toString('hex'), 'state.sqlite');
      const a = SqliteStateStore.fromConfig({ path });
      const b = SqliteStateStore.fromConfig({ path });
      return { a, b, dispose: async () => void (await Promise.all([a.close(), b.close()])) };
    },
  ],
  [
    'Azure Table (Azurite)',
    () => {
      const tablePrefix = `r${randomBytes(4).toString('hex')}`;
      const a = AzureTableStateStore.fromConfig({ connectionString: azurite.connectionString }, { tablePrefix });
      const b = AzureTableStateStore.fromConfig({ connectionString: azurite.connectionString }, { tablePrefix });
      return { a, b, dispose: async () => void (await Promise.all([a.close(), b.close()])) };
    },
  ],
];

function tableOn(store: StateStore, audit?: AuditTrail): RouteTable {
  const table = new RouteTable(new StateStoreRouteStateStore(store, audit), new StranglerMetrics(), now);
  for (const definition of [read, dryRunWrite, legacyOnly]) table.register(definition);
  return table;
}

const outcomeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
};

function change(route: string, from: RouteState | null, mode: RouteState['mode'], actor: string): RouteChangeRecord {
  const at = now().toISOString();
  const to: RouteState = { mode, revision: (from?.revision ?? 0) + 1, updatedAt: at, updatedBy: actor, reason: 'because' };
  return { route, actor, at, reason: 'because', from, to };
}

describe.each(backends)('StateStoreRouteStateStore on %s', (_name, open) => {
  let backend: Backend;
  beforeEach(() => {
    backend = open();
  });
  afterEach(async () => {
    await backend.dispose();
  });

  it('applies changes at once and keeps their history newest first, per route and overall', async () => {
    const table = tableOn(backend.a);
    const record = await table.set('cases.getSummary', { mode: 'canary', percent: 25 }, 'alice', 'start canary');
    expect(record).toMatchObject({ from: null, to: { mode: 'canary', percent: 25, revision: 1, updatedBy: 'alice' } });
    expect(table.get('cases.getSummary')!.active).toMatchObject({ mode: 'canary', canaryBasisPoints: 2500 });
    await table.set('documents.reclassify', { mode: 'shadow' }, 'carol', 'dry run');
    const second = await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'bob', 'canary clean');
    expect(second.from).toMatchObject({ mode: 'canary', revision: 1 });
    expect((await table.history({ route: 'cases.getSummary' })).map((entry) => entry.actor)).toEqual(['bob', 'alice']);
    expect((await table.history()).map((entry) => [entry.route, entry.actor])).toEqual([
      ['cases.getSummary', 'bob'],
      ['documents.reclassify', 'carol'],
      ['cases.getSummary', 'alice'],
    ]);
    expect(await table.history({ limit: 1 })).toEqual([second]);
    expect(await table.history({ route: 'notes.list' })).toEqual([]);
  });

  it('changes the snapshot revision on every change and only then', async () => {
    const store = new StateStoreRouteStateStore(backend.a);
    const empty = await store.read();
    expect(empty.states.size).toBe(0);
    const first = change('cases.getSummary', null, 'shadow', 'alice');
    await store.apply(first);
    const once = await store.read();
    expect(once.revision).not.toBe(empty.revision);
    expect((await store.read()).revision).toBe(once.revision);
    expect(once.states.get('cases.getSummary')).toEqual(first.to);
    await store.apply(change('cases.getSummary', first.to, 'legacy', 'bob'));
    expect((await store.read()).revision).not.toBe(once.revision);
  });

  it('lets every instance sharing the store agree after a refresh, and refuses a stale change', async () => {
    const a = tableOn(backend.a);
    const b = tableOn(backend.b);
    await a.seed(new Map());
    await b.seed(new Map());
    await a.set('cases.getSummary', { mode: 'modern' }, 'alice', 'go modern');
    expect(b.get('cases.getSummary')!.active.mode).toBe('legacy');
    await b.refresh();
    expect(b.get('cases.getSummary')!.active.mode).toBe('modern');

    await b.set('cases.getSummary', { mode: 'shadow' }, 'bob', 'back to shadow');
    // a still holds revision 1: its change is stale.
    expect(await outcomeOf(a.set('cases.getSummary', { mode: 'canary', percent: 5 }, 'alice', 'canary'))).toMatch(/changed meanwhile/);
    expect(a.get('cases.getSummary')!.active.mode).toBe('shadow');
    await b.set('cases.getSummary', { mode: 'modern' }, 'bob', 'modern again');
    await expect(a.killSwitch('cases.getSummary', 'oncall', 'stop now')).resolves.toMatchObject({ to: { mode: 'legacy', revision: 4 } });
    await b.refresh();
    expect(b.get('cases.getSummary')!.active.mode).toBe('legacy');
  });

  it('lets exactly one of two instances racing on the same state win', async () => {
    const first = new StateStoreRouteStateStore(backend.a);
    const second = new StateStoreRouteStateStore(backend.b);
    const outcomes = await Promise.allSettled([
      first.apply(change('cases.getSummary', null, 'shadow', 'alice')),
      second.apply(change('cases.getSummary', null, 'modern', 'bob')),
      first.apply(change('cases.getSummary', null, 'canary', 'carol')),
      second.apply(change('cases.getSummary', null, 'legacy', 'dave')),
    ]);
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof RouteStateConflictError)).toHaveLength(3);
    const history = await first.history({ route: 'cases.getSummary' });
    expect(history).toHaveLength(1);
    expect((await second.read()).states.get('cases.getSummary')).toEqual(history[0].to);
  });

  it('seeds from the file without overriding run-time changes, across restarts', async () => {
    const first = tableOn(backend.a);
    const seeded = await first.seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n    reason: compare first\n  notes.list:\n    mode: legacy\n'));
    expect(seeded.map((entry) => [entry.route, entry.actor])).toEqual([
      ['cases.getSummary', ROUTE_FILE_ACTOR],
      ['notes.list', ROUTE_FILE_ACTOR],
    ]);
    expect(await tableOn(backend.b).seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n  notes.list:\n    mode: legacy\n'))).toEqual([]);
    await first.set('cases.getSummary', { mode: 'canary', percent: 5 }, 'alice', 'small canary');
    const restarted = tableOn(backend.b);
    const changes = await restarted.seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n  documents.reclassify:\n    mode: shadow\n'));
    expect(changes.map((entry) => entry.route)).toEqual(['documents.reclassify']);
    expect(restarted.get('cases.getSummary')!.active.mode).toBe('canary');
  });

  it('polls the store so that a change made on another instance applies within the interval', async () => {
    const a = tableOn(backend.a);
    const b = tableOn(backend.b);
    b.startPolling(20);
    try {
      await a.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'shadow it');
      // b never refreshes by itself: only its polling can bring the change (the interval's length is route-table.spec's concern).
      await eventually(() => b.get('cases.getSummary')!.active.mode === 'shadow', 'the polled change');
      expect(b.get('cases.getSummary')!.active.mode).toBe('shadow');
    } finally {
      b.stopPolling();
    }
  });

  it('writes each applied change, and no refused one, to the audit trail', async () => {
    const audit = new AuditTrail(backend.a);
    const table = tableOn(backend.a, audit);
    await table.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'compare first');
    await table.killSwitch('cases.getSummary', 'oncall', 'errors spiking');
    expect(await outcomeOf(table.set('notes.list', { mode: 'shadow' }, 'alice', 'no modern'))).toMatch(/VALIDATION_FAILED/);
    const days = await audit.days();
    const records = (await Promise.all(days.map((day) => audit.list({ day })))).flat();
    expect(records.map((entry) => [entry.action, entry.actor, entry.target, entry.reason])).toEqual([
      ['route.change', 'alice', 'cases.getSummary', 'compare first'],
      ['route.change', 'oncall', 'cases.getSummary', 'errors spiking'],
    ]);
    expect(records[1]).toMatchObject({ before: { mode: 'shadow', revision: 1 }, after: { mode: 'legacy', revision: 2 } });
  });

  it('reports the readiness of the store beneath', async () => {
    const readiness = await new StateStoreRouteStateStore(backend.a).readiness();
    expect(Object.values(readiness).every((part) => part.up)).toBe(true);
  });
});
