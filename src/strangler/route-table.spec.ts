import { describe, expect, it, jest } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { ROUTE_FILE_ACTOR, parseRouteFile } from './route-file.js';
import { defineRoute } from './route-definition.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';

const read = defineRoute<string, string>({ name: 'cases.getSummary', kind: 'read', legacy: (id) => Promise.resolve(`legacy ${id}`), modern: (id) => Promise.resolve(`modern ${id}`) });
const write = defineRoute<string, string>({ name: 'documents.rename', kind: 'write', legacy: () => Promise.resolve('ok'), modern: () => Promise.resolve('ok') });
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

function tableWith(store = new InMemoryRouteStateStore()): RouteTable {
  const table = new RouteTable(store, new StranglerMetrics(), now);
  for (const definition of [read, write, dryRunWrite, legacyOnly]) table.register(definition);
  return table;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
};

describe('RouteTable', () => {
  it('starts every route in legacy', () => {
    const table = tableWith();
    expect(table.list().map((route) => [route.name, route.active.mode])).toEqual([
      ['cases.getSummary', 'legacy'],
      ['documents.reclassify', 'legacy'],
      ['documents.rename', 'legacy'],
      ['notes.list', 'legacy'],
    ]);
  });

  it('applies a change at once and returns its audit record (who, when, from, to, why)', async () => {
    const table = tableWith();
    const record = await table.set('cases.getSummary', { mode: 'canary', percent: 25 }, 'alice', 'start canary');
    expect(record).toMatchObject({ route: 'cases.getSummary', actor: 'alice', reason: 'start canary', from: null, to: { mode: 'canary', percent: 25, revision: 1, updatedBy: 'alice' } });
    expect(Date.parse(record.at)).not.toBeNaN();
    expect(table.get('cases.getSummary')!.active).toMatchObject({ mode: 'canary', canaryBasisPoints: 2500 });
    const second = await table.set('cases.getSummary', { mode: 'modern', fallback: true }, 'bob', 'canary clean');
    expect(second.from).toMatchObject({ mode: 'canary', revision: 1 });
    expect(second.to).toMatchObject({ mode: 'modern', fallback: true, revision: 2 });
    expect((await table.history({ route: 'cases.getSummary' })).map((change) => change.actor)).toEqual(['bob', 'alice']);
  });

  it('refuses invalid settings, unknown routes and changes without a reason', async () => {
    const table = tableWith();
    expect(await codeOf(table.set('cases.nope', { mode: 'legacy' }, 'alice', 'because'))).toMatch(/^ROUTE_NOT_FOUND/);
    expect(await codeOf(table.set('cases.getSummary', { mode: 'turbo' }, 'alice', 'because'))).toMatch(/^VALIDATION_FAILED/);
    expect(await codeOf(table.set('cases.getSummary', { mode: 'canary' }, 'alice', 'because'))).toMatch(/canary needs/);
    expect(await codeOf(table.set('cases.getSummary', { mode: 'modern' }, 'alice', ''))).toMatch(/reason/);
    expect(await codeOf(table.set('notes.list', { mode: 'shadow' }, 'alice', 'because'))).toMatch(/no modern implementation/);
    expect(await table.history()).toEqual([]);
  });

  it('never lets a write run twice: shadow needs a dry run, canary and modern need allowWrites, no fallback', async () => {
    const table = tableWith();
    expect(await codeOf(table.set('documents.rename', { mode: 'shadow' }, 'alice', 'try it'))).toMatch(/VALIDATION_FAILED.*dry-run/);
    expect(await codeOf(table.set('documents.rename', { mode: 'modern' }, 'alice', 'try it'))).toMatch(/allowWrites/);
    expect(await codeOf(table.set('documents.rename', { mode: 'canary', percent: 5 }, 'alice', 'try it'))).toMatch(/allowWrites/);
    expect(await codeOf(table.set('documents.rename', { mode: 'modern', allowWrites: true, fallback: true }, 'alice', 'try it'))).toMatch(/fall back/);
    expect(await codeOf(table.set('documents.rename', { mode: 'modern', allowWrites: true }, 'alice', 'opt in'))).toBe('no error');
    expect(await codeOf(table.set('documents.reclassify', { mode: 'shadow' }, 'alice', 'dry run'))).toBe('no error');
  });

  it('kill switch returns a route to legacy in one call, audited', async () => {
    const table = tableWith();
    await table.set('cases.getSummary', { mode: 'modern' }, 'alice', 'go modern');
    const record = await table.killSwitch('cases.getSummary', 'oncall', 'errors spiking');
    expect(table.get('cases.getSummary')!.active.mode).toBe('legacy');
    expect(record).toMatchObject({ actor: 'oncall', reason: 'errors spiking', from: { mode: 'modern' }, to: { mode: 'legacy' } });
  });

  it('seeds from the file without overriding run-time changes, and follows file edits', async () => {
    const store = new InMemoryRouteStateStore();
    const first = tableWith(store);
    const seeded = await first.seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n    reason: compare first\n  notes.list:\n    mode: legacy\n'));
    expect(seeded.map((change) => [change.route, change.actor])).toEqual([
      ['cases.getSummary', ROUTE_FILE_ACTOR],
      ['notes.list', ROUTE_FILE_ACTOR],
    ]);
    expect(first.get('cases.getSummary')!.active.mode).toBe('shadow');

    // A restart with the same file changes nothing.
    expect(await tableWith(store).seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n  notes.list:\n    mode: legacy\n'))).toEqual([]);

    // An admin change survives a restart; a file edit of another route applies.
    await first.set('cases.getSummary', { mode: 'canary', percent: 5 }, 'alice', 'small canary');
    const restarted = tableWith(store);
    const changes = await restarted.seed(parseRouteFile('routes:\n  cases.getSummary:\n    mode: shadow\n  documents.reclassify:\n    mode: shadow\n'));
    expect(changes.map((change) => change.route)).toEqual(['documents.reclassify']);
    expect(restarted.get('cases.getSummary')!.active.mode).toBe('canary');
  });

  it('runs a route in legacy, and says why, when its stored state does not suit it', async () => {
    const table = tableWith();
    await table.seed(parseRouteFile('routes:\n  documents.rename:\n    mode: shadow\n  cases.unknown:\n    mode: shadow\n'));
    const rename = table.get('documents.rename')!;
    expect(rename.desired?.mode).toBe('shadow');
    expect(rename.active.mode).toBe('legacy');
    expect(rename.problem).toMatch(/dry-run/);
    expect(table.unregisteredNames()).toEqual(['cases.unknown']);
  });

  it('lets every instance sharing a store agree after a refresh, and refuses a stale change', async () => {
    const store = new InMemoryRouteStateStore();
    const a = tableWith(store);
    const b = tableWith(store);
    await a.seed(new Map());
    await b.seed(new Map());
    await a.set('cases.getSummary', { mode: 'modern' }, 'alice', 'go modern');
    expect(b.get('cases.getSummary')!.active.mode).toBe('legacy');
    await b.refresh();
    expect(b.get('cases.getSummary')!.active.mode).toBe('modern');

    const staleStore = new InMemoryRouteStateStore();
    const c = tableWith(staleStore);
    const d = tableWith(staleStore);
    await c.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'first');
    expect(await codeOf(d.set('cases.getSummary', { mode: 'modern' }, 'bob', 'second'))).toMatch(/changed meanwhile/);
    // The kill switch retries on a race, so it always lands.
    await c.set('cases.getSummary', { mode: 'modern' }, 'alice', 'third');
    await expect(d.killSwitch('cases.getSummary', 'oncall', 'stop now')).resolves.toMatchObject({ to: { mode: 'legacy', revision: 3 } });
  });

  it('polls the store so that a change made elsewhere applies within the interval', async () => {
    // The polling timer on a fake clock: not applied before the interval has passed, applied once it has.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    const store = new InMemoryRouteStateStore();
    const a = tableWith(store);
    const b = tableWith(store);
    b.startPolling(20);
    try {
      await a.set('cases.getSummary', { mode: 'shadow' }, 'alice', 'shadow it');
      await jest.advanceTimersByTimeAsync(19);
      expect(b.get('cases.getSummary')!.active.mode).toBe('legacy');
      await jest.advanceTimersByTimeAsync(1);
      expect(b.get('cases.getSummary')!.active.mode).toBe('shadow');
    } finally {
      b.stopPolling();
      jest.useRealTimers();
    }
  });

  it('refuses to register a route twice', () => {
    expect(() => tableWith().register(read)).toThrow(/twice/);
  });
});
