import { describe, expect, it } from '@jest/globals';
import { findDates, isSameDate } from './uk-dates.js';

describe('findDates / isSameDate', () => {
  it.each(['07/03/1984', '7/3/1984', '07.03.84', '07-03-1984', '7 March 1984', '7th March 1984', '07 Mar 1984', '7th of March, 1984', 'March 7, 1984', 'Mar. 7th 1984'])(
    'reads %s as 7 March 1984',
    (rendering) => {
      const [date] = findDates(`born ${rendering}.`);
      expect(date).toBeDefined();
      expect(isSameDate(date, '1984-03-07')).toBe(true);
      expect(isSameDate(date, '1984-07-03')).toBe(false);
    },
  );

  it.each(['7 March 84', '07-Mar-1984', '7-Mar-84', '7th of March 84'])('reads %s as 7 March 1984 (two-digit year and dashes)', (rendering) => {
    const [date] = findDates(`DOB ${rendering}.`);
    expect(date).toBeDefined();
    expect(isSameDate(date, '1984-03-07')).toBe(true);
  });

  it('does not read US month-first numerals, times or impossible dates as that date', () => {
    expect(findDates('03/07/1984').every((date) => !isSameDate(date, '1984-03-07'))).toBe(true);
    expect(findDates('14:37, 1.2.3.4, 32/01/1984, 12/13/1984')).toEqual([]);
  });
});
