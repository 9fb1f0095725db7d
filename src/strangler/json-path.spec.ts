import { describe, expect, it } from '@jest/globals';
import { formatLocation, matchesPath, parsePath, valueAt } from './json-path.js';

describe('json-path', () => {
  it.each([
    ['$.documents[*].lastAccessed', ['documents', 3, 'lastAccessed'], true],
    ['$.documents[*].lastAccessed', ['documents', 'x', 'lastAccessed'], false],
    ['$.documents[2]', ['documents', 2], true],
    ['$.documents[2]', ['documents', 1], false],
    ["$['odd key'].x", ['odd key', 'x'], true],
    ['$.*.id', ['a', 'id'], true],
    ['$..id', ['a', 0, 'b', 'id'], true],
    ['$..id', ['id'], true],
    ['$..id', ['a', 'identity'], false],
    ['$', [], true],
    ['$.a', ['a', 'b'], false],
  ] as const)('%s matches %j: %s', (pattern, location, expected) => {
    expect(matchesPath(parsePath(pattern), location)).toBe(expected);
  });

  it('reads a relative key path', () => {
    expect(valueAt({ ref: { id: 7 } }, parsePath('ref.id'))).toBe(7);
    expect(valueAt({ ref: null }, parsePath('ref.id'))).toBeUndefined();
  });

  it('formats locations without printing keys that may be data', () => {
    expect(formatLocation(['documents', 3, 'title'])).toBe('$.documents[3].title');
    expect(formatLocation(['documents', 3, 'title'], true)).toBe('$.documents[*].title');
    expect(formatLocation(['byName', 'Jane Smith'])).toBe("$.byName['?']");
  });
});
