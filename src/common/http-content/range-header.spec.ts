import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { contentRange, parseRangeHeader, unsatisfiedContentRange } from './range-header.js';

describe('parseRangeHeader', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=100-', 1000, { start: 100, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=990-5000', 1000, { start: 990, end: 999 }],
    ['bytes=999-999', 1000, { start: 999, end: 999 }],
    ['BYTES=1-2', 10, { start: 1, end: 2 }],
    ['  bytes=1-2  ', 10, { start: 1, end: 2 }],
    ['bytes=0-99999999999999999999999', 10, { start: 0, end: 9 }],
  ])('%s of %d bytes is a partial range', (header, size, range) => {
    expect(parseRangeHeader(header, size)).toEqual({ kind: 'partial', range });
  });

  it.each([
    ['bytes=1000-', 1000],
    ['bytes=1000-1005', 1000],
    ['bytes=-0', 1000],
    ['bytes=0-', 0],
    ['bytes=-1', 0],
    ['bytes=99999999999999999999999-', 1000],
  ])('%s of %d bytes is unsatisfiable', (header, size) => {
    expect(parseRangeHeader(header, size)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([
    [undefined],
    [''],
    ['bytes=0-1,5-6'],
    ['bytes=0-1, 5-6'],
    ['items=0-1'],
    ['bytes=5-1'],
    ['bytes=-'],
    ['bytes=a-b'],
    ['bytes=1.5-2'],
    ['bytes=0x1-2'],
    ['bytes=+1-2'],
    ['bytes 0-1'],
  ])('%p is ignored (served in full)', (header) => {
    expect(parseRangeHeader(header, 1000)).toEqual({ kind: 'full' });
  });

  it('a partial range always lies inside the representation', () => {
    const header = fc.oneof(
      fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: undefined })).map(([first, last]) => `bytes=${first}-${last ?? ''}`),
      fc.nat().map((suffix) => `bytes=-${suffix}`),
      fc.string(),
    );
    fc.assert(
      fc.property(header, fc.nat({ max: 1_000_000 }), (value, size) => {
        const result = parseRangeHeader(value, size);
        if (result.kind !== 'partial') return;
        expect(result.range.start).toBeGreaterThanOrEqual(0);
        expect(result.range.end).toBeGreaterThanOrEqual(result.range.start);
        expect(result.range.end).toBeLessThan(size);
      }),
    );
  });

  it('a first-last range starting inside the representation is served from that byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const first = a % size;
        const last = first + b;
        const result = parseRangeHeader(`bytes=${first}-${last}`, size);
        expect(result).toEqual({ kind: 'partial', range: { start: first, end: Math.min(last, size - 1) } });
      }),
    );
  });

  it('a suffix range serves the last n bytes, or all of a shorter representation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 2_000_000 }), (size, suffix) => {
        const result = parseRangeHeader(`bytes=-${suffix}`, size);
        expect(result.kind).toBe('partial');
        if (result.kind === 'partial') expect(result.range.end - result.range.start + 1).toBe(Math.min(suffix, size));
      }),
    );
  });

  it('a first byte at or past the end is unsatisfiable', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat(), (size, extra) => {
        expect(parseRangeHeader(`bytes=${size + extra}-`, size)).toEqual({ kind: 'unsatisfiable' });
      }),
    );
  });
});

describe('Content-Range values', () => {
  it('formats a served range and an unsatisfied one', () => {
    expect(contentRange({ start: 0, end: 99 }, 1000)).toBe('bytes 0-99/1000');
    expect(unsatisfiedContentRange(1000)).toBe('bytes */1000');
  });
});
