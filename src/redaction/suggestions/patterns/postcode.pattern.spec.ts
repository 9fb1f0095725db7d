import { describe, expect, it } from '@jest/globals';
import { findPostcodes } from './postcode.pattern.js';

const postcodes = (text: string): string[] => findPostcodes(text).map((match) => text.slice(match.start, match.end));

describe('findPostcodes', () => {
  it('finds every outward-code shape, spaced or not', () => {
    expect(postcodes('M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, W1A 0AX, EC1A 1BB, SW1A1AA and QX12 3AB')).toEqual([
      'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'SW1A1AA', 'QX12 3AB',
    ]);
  });

  it('ignores registrations, form names, lower case and codes inside words', () => {
    expect(postcodes('car AB12 CDE, form MG11 Statement, sw1a 1aa, XSW1A 1AAX, TH68001')).toEqual([]);
  });
});
