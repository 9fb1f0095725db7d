import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch } from './pattern-support.js';

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;

export function findEmailAddresses(text: string): TextMatch[] {
  return allMatches(EMAIL, text)
    .filter((match) => !match[0].startsWith('.') && !match[0].includes('..'))
    .map((match) => patternMatch(match, 'email', 0.95));
}
