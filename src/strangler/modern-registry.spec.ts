import { describe, expect, it, jest } from '@jest/globals';
import type { CaseDocument, Defendant, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { ModernRegistry } from './modern-registry.js';
import { RouteTable } from './route-table.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { stranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';

const ann: LegacyCaller = { username: 'ann', subject: 'sub-ann', correlationId: 'c-ann' };
const bob: LegacyCaller = { username: 'bob', subject: 'sub-bob', correlationId: 'c-bob' };

const defendant = (defendantId: string): Defendant => ({ defendantId, firstNames: 'A', surname: 'B', dateOfBirth: null, isYouth: false, charges: [] });
const document = (documentId: string): CaseDocument => ({
  documentId,
  versionId: '1',
  title: `Doc ${documentId}`,
  fileName: 'a.pdf',
  mimeType: 'application/pdf',
  category: 'MG11',
  documentDate: null,
  parentDocumentId: null,
  isUsed: false,
  isCheckedOut: false,
  sizeBytes: 1,
  versions: [{ versionId: '1', createdAt: null, sizeBytes: 1 }],
});

function setUp() {
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const strangler = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0 }));
  const legacyDefendants = jest.fn((_caller: LegacyCaller, _caseId: string) => Promise.resolve([defendant('1'), defendant('2')]));
  const legacyDocuments = jest.fn((_caller: LegacyCaller, _caseId: string) => Promise.resolve([document('1'), document('2')]));
  const legacy = { getDefendants: legacyDefendants, listDocuments: legacyDocuments } as unknown as LegacyCms;
  return { strangler, table, registry: new ModernRegistry(strangler), legacy, legacyDefendants };
}

describe('ModernRegistry', () => {
  it('refuses a route name no port method has (a typo fails the start-up)', () => {
    const { registry } = setUp();
    // @ts-expect-error -- not a route of the port
    expect(() => registry.register('cases.getDefendnats', { modern: () => Promise.resolve([]) })).toThrow(/no LegacyCms method has the route "cases.getDefendnats"/);
  });

  it('attaches an implementation registered before or after the port is strangled; a second one for a route is refused', () => {
    const { registry, table, legacy } = setUp();
    registry.register('cases.getDefendants', { modern: () => Promise.resolve([]) });
    expect(() => registry.register('cases.getDefendants', { modern: () => Promise.resolve([]) })).toThrow(/already/);
    registry.strangle(legacy);
    expect(table.get('cases.getDefendants')!.definition.modern).toBeDefined();
    expect(table.get('documents.list')!.definition.modern).toBeUndefined();
    registry.register('documents.list', { modern: () => Promise.resolve([]) });
    expect(table.get('documents.list')!.definition.modern).toBeDefined();
    expect(() => registry.register('documents.list', { modern: () => Promise.resolve([]) })).toThrow(/already/);
    // The definition is replaced by a frozen one with the modern side; the legacy side and the rules stay.
    expect(Object.isFrozen(table.get('documents.list')!.definition)).toBe(true);
    expect(table.get('documents.list')!.definition.compare).toEqual({ unordered: [{ path: '$', key: 'documentId' }] });
  });

  it("calls the modern side with the port method's own arguments; a background caller's subject decides the canary", async () => {
    const { registry, table, legacy, legacyDefendants } = setUp();
    const modern = jest.fn((_caller: LegacyCaller, caseId: string) => Promise.resolve([defendant(`m${caseId}`)]));
    registry.register('cases.getDefendants', { modern });
    const port = registry.strangle(legacy);
    await table.set('cases.getDefendants', { mode: 'canary', cohort: ['sub-ann'] }, 'ops', 'ann first');
    // No request context: these calls are made as the caller (a background job run for that user).
    await expect(port.getDefendants(ann, '7')).resolves.toEqual([defendant('m7')]);
    expect(modern).toHaveBeenCalledWith(ann, '7');
    await expect(port.getDefendants(bob, '7')).resolves.toEqual([defendant('1'), defendant('2')]);
    expect(legacyDefendants).toHaveBeenCalledWith(bob, '7');
    const tallies = table.get('cases.getDefendants')!.meter.tallies;
    expect([tallies.servedModern, tallies.servedLegacy]).toEqual([1, 1]);
  });

  it("compares documents.list by documentId, whatever the order (the port route's rules)", async () => {
    const { registry, table, legacy, strangler } = setUp();
    registry.register('documents.list', { modern: () => Promise.resolve([document('2'), document('1')]) });
    const port = registry.strangle(legacy);
    await table.set('documents.list', { mode: 'shadow' }, 'ops', 'compare');
    await port.listDocuments(ann, '7');
    await strangler.shadow.drain();
    expect(table.get('documents.list')!.meter.tallies).toMatchObject({ shadowMatches: 1, shadowMismatches: 0 });
  });
});
