import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch, TOKEN_END, TOKEN_START } from './pattern-support.js';

/**
 * UK postcodes by shape: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA),
 * upper case, with one optional space. The shape, not Royal Mail's letter rules: a postcode
 * with an unallocated area letter (the stand-in uses "Q…" ones) is still a postcode to redact.
 */
/** The whole string is a postcode (upper case). */
export const POSTCODE_SHAPE = /^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}$/;
/** The two halves may be split by a line break. */
const POSTCODE = new RegExp(`${TOKEN_START}(?:[A-Z]{1,2}\\d[A-Z\\d]?|GIR)[ \\n]?\\d[A-Z]{2}${TOKEN_END}`, 'gu');

export function findPostcodes(text: string): TextMatch[] {
  return allMatches(POSTCODE, text).map((match) => patternMatch(match, 'postcode', 0.85));
}
