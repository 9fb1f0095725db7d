import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch, TOKEN_END, TOKEN_START } from './pattern-support.js';

/**
 * National Insurance numbers: two prefix letters, three pairs of digits, a suffix A–D, spaced or not.
 * Valid prefixes follow HMRC's rules (first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V;
 * never BG, GB, KN, NK, NT, TN, ZZ). QQ, HMRC's specimen prefix (used in forms, training material and
 * the stand-in's fictional data), is accepted too, with lower confidence.
 */
const NI_NUMBER = new RegExp(`${TOKEN_START}([A-Z]{2}) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])${TOKEN_END}`, 'gu');
const UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function niPrefixConfidence(prefix: string): number {
  if (prefix === 'QQ') return 0.7;
  if (UNALLOCATED.has(prefix)) return 0;
  if (/[DFIQUV]/.test(prefix[0]) || /[DFIOQUV]/.test(prefix[1])) return 0;
  return 0.9;
}

export function findNiNumbers(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const match of allMatches(NI_NUMBER, text)) {
    const spaced = match[0].includes(' ');
    // Either fully spaced ("AB 12 34 56 C") or not at all ("AB123456C"): a half-spaced run is some other code.
    if (spaced && match[0].split(' ').length !== 5) continue;
    const confidence = niPrefixConfidence(match[1]);
    if (confidence > 0) found.push(patternMatch(match, 'ni-number', confidence));
  }
  return found;
}
