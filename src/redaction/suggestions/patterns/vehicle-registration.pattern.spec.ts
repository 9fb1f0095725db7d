import { describe, expect, it } from '@jest/globals';
import { findVehicleRegistrations } from './vehicle-registration.pattern.js';

const registrations = (text: string): string[] =>
  findVehicleRegistrations(text)
    .sort((a, b) => a.start - b.start)
    .map((match) => text.slice(match.start, match.end));

describe('findVehicleRegistrations', () => {
  it('finds current, prefix and suffix formats', () => {
    expect(registrations('the car AB12 CDE drove off; later BD51SMR, then A123 BCD and ABC 123D')).toEqual(['AB12 CDE', 'BD51SMR', 'A123 BCD', 'ABC 123D']);
  });

  it('ignores postcodes, offence codes, form names, URNs and words in capitals', () => {
    expect(registrations('QX12 3AB, TH68001, MG11 WITNESS STATEMENT, URN 42XY1234567, ab12 cde')).toEqual([]);
  });
});
