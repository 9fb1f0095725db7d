import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch } from './pattern-support.js';

const STREET_TYPES = [
  'Street', 'St', 'Road', 'Rd', 'Lane', 'Ln', 'Avenue', 'Ave', 'Close', 'Drive', 'Dr', 'Way', 'Row', 'Yard', 'Rise', 'Walk',
  'Crescent', 'Place', 'Pl', 'Gardens', 'Grove', 'Hill', 'Terrace', 'Square', 'Mews', 'Parade', 'Court', 'Ct', 'Green', 'Park',
  'View', 'Vale', 'Boulevard', 'Gate', 'End', 'Fields', 'Meadow', 'Wharf', 'Quay', 'Circus', 'Hollow', 'Path',
].join('|');
/** A capitalised word, possibly hyphenated with lower-case parts (Saltmarsh-on-Sea, Bishop's). */
const WORD = "[A-Z][\\p{L}'’]*(?:-[\\p{L}'’]+)*";
/** A town: up to four capitalised words after a comma, stopping before a postcode or punctuation. */
const TOWN = `(?:,[ \\n]*${WORD}(?:[ ](?!(?:Postcode|Tel|Telephone|Mobile|Phone|Email|DOB|Date)(?![\\p{L}]))${WORD}){0,3}(?![\\p{L}\\p{N}]))?`;

/**
 * A street address line: house number (12, 12A, 12-14, Flat 3, 12), street name words and a street type,
 * optionally followed by ", Town". Postcodes are found on their own (postcode.pattern.ts).
 */
const STREET_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}£$€.,/])(?:Flat\\s+\\d{1,4}[A-Z]?,?\\s+)?\\d{1,4}[A-Z]?(?:-\\d{1,4}[A-Z]?)?,?\\s+(?:${WORD}\\s+){1,3}(?:${STREET_TYPES})(?![\\p{L}\\p{N}])\\.?${TOWN}`,
  'gu',
);

export function findStreetAddresses(text: string): TextMatch[] {
  return allMatches(STREET_ADDRESS, text).map((match) => {
    const trimmed = match[0].replace(/[.,\s]+$/, '');
    return { ...patternMatch(match, 'address', 0.7), end: match.index + trimmed.length };
  });
}
