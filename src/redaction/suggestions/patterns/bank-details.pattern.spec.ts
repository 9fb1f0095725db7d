import { describe, expect, it } from '@jest/globals';
import { findAccountNumbers, findSortCodes } from './bank-details.pattern.js';

const slices = (text: string, found: { start: number; end: number }[]): string[] => found.map((match) => text.slice(match.start, match.end));

describe('findSortCodes', () => {
  it('finds six digits near "sort code", in any grouping', () => {
    const text = 'Proceeds were paid into sort code 12-34-56 account 12345678. Sort code: 65 43 21; s/c 112233.';
    expect(slices(text, findSortCodes(text))).toEqual(['12-34-56', '65 43 21', '112233']);
  });

  it('ignores six digits with no "sort code" nearby, and mixed separators', () => {
    const text = 'Exhibit 12-34-56 was seized. Sort code 12-34 56.';
    expect(slices(text, findSortCodes(text))).toEqual([]);
  });
});

describe('findAccountNumbers', () => {
  it('finds eight digits near "account", "a/c" or "acc no"', () => {
    const text = 'sort code 12-34-56 account 12345678. A/C 87654321; Acc. No. 11223344';
    expect(slices(text, findAccountNumbers(text))).toEqual(['12345678', '87654321', '11223344']);
  });

  it('ignores random 8-digit ids not near "account", and longer numbers', () => {
    const text = 'Case id 12345678 was linked to exhibit 87654321. The account number 123456789 is too long.';
    expect(slices(text, findAccountNumbers(text))).toEqual([]);
  });
});
