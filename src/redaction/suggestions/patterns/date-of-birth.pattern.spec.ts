import { describe, expect, it } from '@jest/globals';
import { findDatesOfBirth } from './date-of-birth.pattern.js';

const dobs = (text: string): string[] => findDatesOfBirth(text).map((match) => text.slice(match.start, match.end));

describe('findDatesOfBirth', () => {
  it.each([
    ['Date of birth: 07/03/1984', '07/03/1984'],
    ['DOB 7.3.84', '7.3.84'],
    ['D.O.B. 07-03-1984', '07-03-1984'],
    ['She was born on 7 March 1984 in Leeds', '7 March 1984'],
    ['born in Leeds on the 7th of Mar. 1984', '7th of Mar. 1984'],
    ['Date of birth:\n07/03/1984', '07/03/1984'],
    ['Birth date March 7, 1984', 'March 7, 1984'],
    ['07/03/1984 (DOB)', '07/03/1984'],
  ])('finds the date in %j', (text, expected) => {
    expect(dobs(text)).toEqual([expected]);
  });

  it.each([
    ['a statement date', 'Signed: A Person   Dated: 12/06/2024'],
    ['a call log date', '12/06/2024 14:37 call from A Person'],
    ['a date a sentence after the label', 'Date of birth: unknown. The incident was on 07/03/2024.'],
    ['an impossible date', 'DOB 31/13/1984'],
    ['a version number', 'DOB field v1.2.3'],
  ])('ignores %s', (_label, text) => {
    expect(dobs(text)).toEqual([]);
  });
});
