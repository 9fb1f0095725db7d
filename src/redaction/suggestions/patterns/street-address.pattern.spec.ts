import { describe, expect, it } from '@jest/globals';
import { findStreetAddresses } from './street-address.pattern.js';

const addresses = (text: string): string[] => findStreetAddresses(text).map((match) => text.slice(match.start, match.end));

describe('findStreetAddresses', () => {
  it('finds a street line with its town, stopping before the postcode', () => {
    expect(addresses('Address: 12 Larkspur Lane, Fictonbury, QX12 3AB')).toEqual(['12 Larkspur Lane, Fictonbury']);
    expect(addresses('Caller gave address as 7 Old Forge Street, Saltmarsh-on-Sea QY3 4CD')).toEqual(['7 Old Forge Street, Saltmarsh-on-Sea']);
    expect(addresses('lives at Flat 3, 12A Mill Pond Road, Lower Wickham Vale.')).toEqual(['Flat 3, 12A Mill Pond Road, Lower Wickham Vale']);
  });

  it('ignores prices, counts and court names without a house number', () => {
    expect(addresses('valued at £240 and has not been recovered; 3 Officers attended Fictonbury Magistrates’ Court; 12 Larkspur')).toEqual([]);
  });
});
