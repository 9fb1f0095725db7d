import { resolve, sep } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../../common/domain-error.js';
import { assertBlobKey, assertBlobPrefix, assertDeletePrefix, resolveRange } from './blob-store.support.js';

const accepts = (check: (value: string) => void, value: string): boolean => {
  try {
    check(value);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return false;
  }
};

describe('blob key validation', () => {
  it('accepts only keys whose every segment stays inside the root directory', () => {
    const root = resolve('/srv/data/blobs');
    const risky = fc.constantFrom('a', 'B', '0', '.', '..', '/', '\\', '\0', '-', '_', ' ', ':', '~', 'é', '\n');
    fc.assert(
      fc.property(fc.array(risky, { maxLength: 12 }).map((parts) => parts.join('')), (key) => {
        if (!accepts(assertBlobKey, key)) return;
        const segments = key.split('/');
        expect(segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && /^[A-Za-z0-9._-]+$/.test(segment))).toBe(true);
        expect(resolve(root, ...segments).startsWith(root + sep)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes prefixes as keys with an optional trailing slash, and delete prefixes only as whole segments', () => {
    expect(accepts(assertBlobPrefix, '')).toBe(true);
    expect(accepts(assertBlobPrefix, 'cases/c1/')).toBe(true);
    expect(accepts(assertBlobPrefix, 'cases/c1')).toBe(true);
    expect(accepts(assertBlobPrefix, '/')).toBe(false);
    expect(accepts(assertBlobPrefix, 'cases//')).toBe(false);
    expect(accepts(assertDeletePrefix, 'cases/c1/')).toBe(true);
    expect(accepts(assertDeletePrefix, 'cases/c1')).toBe(false);
    expect(accepts(assertDeletePrefix, '')).toBe(false);
    expect(accepts(assertDeletePrefix, '/')).toBe(false);
  });

  it('clamps inclusive ranges to the blob and refuses ranges starting past its end', () => {
    expect(resolveRange({ start: 0, end: 99 }, 10)).toEqual({ start: 0, end: 9 });
    expect(resolveRange({ start: 9, end: 9 }, 10)).toEqual({ start: 9, end: 9 });
    expect(() => resolveRange({ start: 10, end: 10 }, 10)).toThrow(expect.objectContaining({ code: 'RANGE_NOT_SATISFIABLE' }));
    expect(() => resolveRange({ start: 0, end: 0 }, 0)).toThrow(expect.objectContaining({ code: 'RANGE_NOT_SATISFIABLE' }));
    expect(() => resolveRange({ start: 1.5, end: 3 }, 10)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
