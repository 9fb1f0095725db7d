import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch, TOKEN_END, TOKEN_START } from './pattern-support.js';

/** Current GB format (since 2001): AB12 CDE. */
const CURRENT = new RegExp(`${TOKEN_START}[A-Z]{2}\\d{2} ?[A-Z]{3}${TOKEN_END}`, 'gu');
/** Prefix format (1983–2001): A123 BCD. */
const PREFIX = new RegExp(`${TOKEN_START}[A-HJ-NP-Y]\\d{1,3} ?[A-Z]{3}${TOKEN_END}`, 'gu');
/** Suffix format (1963–1982): ABC 123D. */
const SUFFIX = new RegExp(`${TOKEN_START}[A-Z]{3} ?\\d{1,3} ?[A-HJ-NP-Y]${TOKEN_END}`, 'gu');

export function findVehicleRegistrations(text: string): TextMatch[] {
  return [
    ...allMatches(CURRENT, text).map((match) => patternMatch(match, 'vehicle-reg', 0.8)),
    ...allMatches(PREFIX, text).map((match) => patternMatch(match, 'vehicle-reg', 0.6)),
    ...allMatches(SUFFIX, text).map((match) => patternMatch(match, 'vehicle-reg', 0.6)),
  ];
}
