import { describe, expect, it } from '@jest/globals';
import { ParsePageIndexPipe } from './parse-page-index.pipe.js';

describe('ParsePageIndexPipe', () => {
  const pipe = new ParsePageIndexPipe();

  it('takes a zero-based index, as the segment or as the number the global pipe made of it', () => {
    expect(pipe.transform('0')).toBe(0);
    expect(pipe.transform(12)).toBe(12);
  });

  it.each([-1, 1.5, Number.NaN, 100_000, 'first', '', undefined])('refuses %p with VALIDATION_FAILED', (value) => {
    expect(() => pipe.transform(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
