import { describe, expect, it } from '@jest/globals';
import { findNiNumbers, niPrefixConfidence } from './ni-number.pattern.js';

const niNumbers = (text: string): string[] => findNiNumbers(text).map((match) => text.slice(match.start, match.end));

describe('findNiNumbers', () => {
  it('finds spaced and unspaced numbers with valid prefixes', () => {
    expect(niNumbers('NI AB 12 34 56 C and JG103759A.')).toEqual(['AB 12 34 56 C', 'JG103759A']);
  });

  it('accepts the QQ specimen prefix, less surely', () => {
    expect(niNumbers('National Insurance number: QQ 12 34 56 A')).toEqual(['QQ 12 34 56 A']);
    expect(niPrefixConfidence('QQ')).toBeLessThan(niPrefixConfidence('AB'));
  });

  it.each([
    ['unallocated prefix', 'GB 12 34 56 A'],
    ['unallocated prefix NK', 'NK123456A'],
    ['D as first letter', 'DA 12 34 56 A'],
    ['O as second letter', 'AO 12 34 56 A'],
    ['suffix beyond D', 'AB 12 34 56 E'],
    ['half-spaced code', 'AB 1234 56 C'],
    ['inside a longer token', 'XAB123456C9'],
  ])('rejects %s', (_label, text) => {
    expect(niNumbers(text)).toEqual([]);
  });
});
