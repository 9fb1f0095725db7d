import { describe, expect, it } from '@jest/globals';
import { LEGACY_OPERATIONS, type LegacyOperation } from '../../legacy/legacy-operations.js';
import { buildLegacyCoverage, type RouteModeView } from './legacy-operation-coverage.js';

const OPERATIONS: LegacyOperation[] = [
  { interface: 'classic-soap', name: 'Authenticate', methods: [] },
  { interface: 'classic-soap', name: 'Ping', methods: ['readiness'] },
  { interface: 'classic-soap', name: 'GetCaseSummary', methods: ['getCaseSummary'] },
  { interface: 'classic-soap', name: 'GetDefendantsWithCharges', methods: ['getDefendants'] },
  { interface: 'graphql', name: 'Query.case', methods: ['listNotes', 'getWitnesses'] },
  { interface: 'classic-soap', name: 'AddNote', methods: ['addNote'] },
];
const route = (name: string, mode: RouteModeView['mode'], modernPercent = mode === 'modern' ? 100 : 0): RouteModeView => ({ name, mode, modernPercent });

function build(routes: RouteModeView[], calls: Record<string, number>, fallbacks: Record<string, number> = {}) {
  return buildLegacyCoverage({
    operations: OPERATIONS,
    routes,
    calls: new Map(Object.entries(calls)),
    fallbacks: new Map(Object.entries(fallbacks)),
    windowHours: 24,
    countsScope: 'test',
    now: new Date('2026-12-05T00:00:00Z'),
  });
}
const statusOf = (report: ReturnType<typeof build>, name: string) => report.operations.find((operation) => operation.name === name);

describe('buildLegacyCoverage', () => {
  it('classifies operations: unwrapped, wrapped (no route), routed, migrated', () => {
    const report = build([route('cases.getSummary', 'modern'), route('cases.getDefendants', 'shadow'), route('notes.list', 'modern'), route('cases.getWitnesses', 'legacy')], {
      'cases.getSummary': 5,
      'cases.getDefendants': 2,
      'notes.list': 1,
    });
    expect(statusOf(report, 'Authenticate')).toMatchObject({ status: 'unwrapped', neverCalled: false });
    expect(statusOf(report, 'Ping')).toMatchObject({ status: 'wrapped', routes: [] });
    expect(statusOf(report, 'GetCaseSummary')).toMatchObject({ status: 'migrated', calls: 5, neverCalled: false });
    expect(statusOf(report, 'GetDefendantsWithCharges')).toMatchObject({ status: 'routed', calls: 2 });
    expect(statusOf(report, 'Query.case')).toMatchObject({ status: 'routed', routes: ['cases.getWitnesses', 'notes.list'], calls: 1 });
    expect(statusOf(report, 'AddNote')).toMatchObject({ status: 'wrapped' });
    expect(report.unwrapped).toEqual(['classic-soap:Authenticate']);
    expect(report.totals).toEqual({ unwrapped: 1, wrapped: 2, routed: 2, migrated: 1, neverCalled: 0 });
  });

  it('is not migrated with a fallback in the window or below 100 %, and marks routed operations nobody called', () => {
    const withFallback = build([route('cases.getSummary', 'modern')], { 'cases.getSummary': 3 }, { 'cases.getSummary': 1 });
    expect(statusOf(withFallback, 'GetCaseSummary')?.status).toBe('routed');
    const canary = build([route('cases.getSummary', 'canary', 50), route('cases.getDefendants', 'canary', 100)], {});
    expect(statusOf(canary, 'GetCaseSummary')).toMatchObject({ status: 'routed', neverCalled: true, calls: 0 });
    expect(statusOf(canary, 'GetDefendantsWithCharges')?.status).toBe('migrated');
    expect(canary.totals.neverCalled).toBe(2);
  });

  it('covers the real table with every route on legacy: nothing migrated, only Authenticate unwrapped', () => {
    const report = buildLegacyCoverage({
      operations: LEGACY_OPERATIONS,
      routes: ['cases.getSummary', 'documents.list', 'notes.add'].map((name) => route(name, 'legacy')),
      calls: new Map(),
      fallbacks: new Map(),
      windowHours: 1,
      countsScope: 'test',
      now: new Date(0),
    });
    expect(report.totals.migrated).toBe(0);
    expect(report.unwrapped).toEqual(['classic-soap:Authenticate']);
    expect(report.operations).toHaveLength(LEGACY_OPERATIONS.length);
  });
});
