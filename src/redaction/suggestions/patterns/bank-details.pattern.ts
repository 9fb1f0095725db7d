import type { TextMatch } from '../suggestion.types.js';
import { allMatches, keywordBefore, patternMatch } from './pattern-support.js';

const CONTEXT_WINDOW = 40;
/** Six digits as 12-34-56, 12 34 56 or 123456. */
const SORT_CODE = /(?<![\p{L}\p{N}-])\d{2}([- ]?)\d{2}\1\d{2}(?![\p{L}\p{N}]|-\d)/gu;
const SORT_CODE_CONTEXT = /\b(?:sort[\s-]?code|s\/c)\b/i;
/** Eight digits, not part of a longer number. */
const ACCOUNT_NUMBER = /(?<![\p{L}\p{N}-])\d{8}(?![\p{L}\p{N}]|-\d)/gu;
const ACCOUNT_CONTEXT = /\b(?:accounts?|acct|acc(?:\.|\s)*no|a\/c)(?![\p{L}\p{N}])/iu;

/** Sort codes, only near "sort code": six digits alone are too common to suggest. */
export function findSortCodes(text: string): TextMatch[] {
  return allMatches(SORT_CODE, text)
    .filter((match) => keywordBefore(text, match.index, SORT_CODE_CONTEXT, CONTEXT_WINDOW))
    .map((match) => patternMatch(match, 'sort-code', 0.9));
}

/** Account numbers, only near "account" (or "a/c", "acc no"). */
export function findAccountNumbers(text: string): TextMatch[] {
  return allMatches(ACCOUNT_NUMBER, text)
    .filter((match) => keywordBefore(text, match.index, ACCOUNT_CONTEXT, CONTEXT_WINDOW))
    .map((match) => patternMatch(match, 'account-number', 0.85));
}
