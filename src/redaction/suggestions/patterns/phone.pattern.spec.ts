import { describe, expect, it } from '@jest/globals';
import { findPhoneNumbers } from './phone.pattern.js';

const phones = (text: string): string[] => findPhoneNumbers(text).map((match) => text.slice(match.start, match.end));

describe('findPhoneNumbers', () => {
  it.each([
    ['Call 07700 900123 today', '07700 900123'],
    ['mobile 07700900123.', '07700900123'],
    ['ring 07700-900-123', '07700-900-123'],
    ['on +44 7700 900123 or', '+44 7700 900123'],
    ['on +44 (0)7700 900123', '+44 (0)7700 900123'],
    ['tel 0044 7700 900123', '0044 7700 900123'],
    ['office (020) 7946 0018.', '(020) 7946 0018'],
    ['office 020 7946 0018', '020 7946 0018'],
    ['Leeds 0113 496 0000', '0113 496 0000'],
    ['home 01632 960123', '01632 960123'],
    ['helpline 0300 123 4567', '0300 123 4567'],
    ['+442079460018', '+442079460018'],
  ])('finds %s', (text, expected) => {
    expect(phones(text)).toEqual([expected]);
  });

  it('stops at the end of the number when more digits follow after a space', () => {
    expect(phones('07700 900123 12 times')).toEqual(['07700 900123']);
  });

  it.each([
    ['a case URN', 'Case URN 42XY1234567 — R v Smith'],
    ['a URN starting with 0', 'URN 01AB2345678'],
    ['a date and time', 'On 12/06/2024 14:37 the call came'],
    ['a sort code', 'sort code 01-23-45'],
    ['an 8-digit account number', 'account 01234567'],
    ['too many digits', 'ref 077009001234567'],
    ['too few digits', 'ext 07700 9001'],
    ['a number glued to letters', 'ABC07700900123'],
    ['an international non-UK number', '+33 1 23 45 67 89'],
    ['an 08 number', '0800 123 4567'],
    ['a decimal', '0.7700900123'],
  ])('ignores %s', (_label, text) => {
    expect(phones(text)).toEqual([]);
  });
});
