import { describe, expect, it } from '@jest/globals';
import { compareAnswers, compileCompareRules } from './comparator.js';
import { formatLocation } from './json-path.js';
import type { CompareRules } from './route-definition.js';

const diff = (legacy: unknown, modern: unknown, rules?: CompareRules) =>
  compareAnswers(legacy, modern, compileCompareRules(rules)).map((difference) => `${difference.kind} ${formatLocation(difference.location)}`);

describe('compareAnswers', () => {
  it('finds no difference between equal structures, whatever the key order', () => {
    expect(diff({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports nested differences by path and kind', () => {
    const legacy = { caseId: '1', summary: { status: 'open', court: 'Leeds' }, defendants: [{ surname: 'A' }, { surname: 'B' }] };
    const modern = { caseId: '1', summary: { status: 'closed', extra: true }, defendants: [{ surname: 'A' }, { surname: 7 }] };
    expect(diff(legacy, modern)).toEqual(['changed $.summary.status', 'missing $.summary.court', 'extra $.summary.extra', 'type $.defendants[1].surname']);
  });

  it('reports missing and extra array elements by index in ordered arrays', () => {
    expect(diff({ list: [1, 2, 3] }, { list: [1, 2] })).toEqual(['missing $.list[2]']);
    expect(diff({ list: [1] }, { list: [1, 5] })).toEqual(['extra $.list[1]']);
  });

  it('treats order as significant unless the array is declared unordered', () => {
    expect(diff({ ids: [1, 2, 3] }, { ids: [3, 1, 2] })).toHaveLength(3);
    expect(diff({ ids: [1, 2, 3] }, { ids: [3, 1, 2] }, { unordered: [{ path: '$.ids' }] })).toEqual([]);
  });

  it('matches unordered elements by key and reports field differences at the legacy index', () => {
    const legacy = { documents: [{ documentId: '1', title: 'A' }, { documentId: '2', title: 'B' }, { documentId: '3', title: 'C' }] };
    const modern = { documents: [{ documentId: '2', title: 'B!' }, { documentId: '1', title: 'A' }, { documentId: '4', title: 'D' }] };
    expect(diff(legacy, modern, { unordered: [{ path: '$.documents', key: 'documentId' }] })).toEqual([
      'changed $.documents[1].title',
      'missing $.documents[2]',
      'extra $.documents[2]',
    ]);
  });

  it('pairs keyless unordered leftovers in order so a changed element shows its changed field', () => {
    const legacy = { charges: [{ code: 'A', plea: 'guilty' }, { code: 'B', plea: null }] };
    const modern = { charges: [{ code: 'B', plea: null }, { code: 'A', plea: 'not guilty' }] };
    expect(diff(legacy, modern, { unordered: [{ path: '$.charges' }] })).toEqual(['changed $.charges[0].plea']);
  });

  it('ignores paths with wildcards, including inside unordered arrays', () => {
    const legacy = { documents: [{ documentId: '1', lastAccessed: 'x' }, { documentId: '2', lastAccessed: 'y' }], etag: 'a' };
    const modern = { documents: [{ documentId: '2', lastAccessed: 'q' }, { documentId: '1', lastAccessed: 'z' }], etag: 'b' };
    const rules: CompareRules = { ignore: ['$.documents[*].lastAccessed', '$.etag'], unordered: [{ path: '$.documents' }] };
    expect(diff(legacy, modern, rules)).toEqual([]);
    expect(diff(legacy, modern, { ignore: ['$.etag'], unordered: [{ path: '$.documents', key: 'documentId' }] })).toEqual(['changed $.documents[0].lastAccessed', 'changed $.documents[1].lastAccessed']);
  });

  it('ignores a field at any depth with ..', () => {
    expect(diff({ a: { b: { fetchedAt: 1 } }, fetchedAt: 2 }, { a: { b: { fetchedAt: 3 } }, fetchedAt: 4 }, { ignore: ['$..fetchedAt'] })).toEqual([]);
    expect(diff({ a: { b: { fetchedAt: 1, x: 1 } } }, { a: { b: { fetchedAt: 3, x: 2 } } }, { ignore: ['$..fetchedAt'] })).toEqual(['changed $.a.b.x']);
  });

  it('applies the answer normaliser and path normalisers to both sides', () => {
    const rules: CompareRules = {
      normalise: (answer) => ({ ...(answer as Record<string, unknown>), version: undefined }),
      normalisers: [{ path: '$.names[*]', normalise: (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value) }],
    };
    expect(diff({ version: 1, names: ['ann ', 'bob'] }, { version: 2, names: ['ANN', ' Bob'] }, rules)).toEqual([]);
    expect(diff({ names: ['ann'] }, { names: ['anna'] }, rules)).toEqual(['changed $.names[0]']);
  });

  it('compares dates as ISO text and null as a value distinct from absence', () => {
    expect(diff({ at: new Date('2024-01-02T00:00:00Z') }, { at: '2024-01-02T00:00:00.000Z' })).toEqual([]);
    expect(diff({ court: null }, {})).toEqual(['missing $.court']);
    expect(diff({ court: null }, { court: 'x' })).toEqual(['type $.court']);
  });

  it('stops at the difference limit', () => {
    const legacy = Array.from({ length: 100 }, (_, i) => i);
    const modern = Array.from({ length: 100 }, (_, i) => -i - 1);
    expect(compareAnswers(legacy, modern, compileCompareRules(), 10)).toHaveLength(10);
  });

  it('refuses a malformed rule path when the rules are compiled', () => {
    expect(() => compileCompareRules({ ignore: ['$.documents[*'] })).toThrow(/invalid path/);
    expect(() => compileCompareRules({ unordered: [{ path: '$.a', key: '$..id' }] })).toThrow(/must name a field/);
  });
});
