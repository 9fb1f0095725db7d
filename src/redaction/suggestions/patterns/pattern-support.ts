import type { SuggestionCategory, TextMatch } from '../suggestion.types.js';

/** No letter or digit directly before / after: a token boundary that also works for accented letters. */
export const TOKEN_START = '(?<![\\p{L}\\p{N}])';
export const TOKEN_END = '(?![\\p{L}\\p{N}])';

/** Every match of a global regex, as offsets. */
export function allMatches(regex: RegExp, text: string): RegExpExecArray[] {
  if (!regex.global) throw new Error('allMatches needs a global regex');
  return [...text.matchAll(regex)];
}

export function patternMatch(match: RegExpExecArray, category: SuggestionCategory, confidence: number): TextMatch {
  return { start: match.index, end: match.index + match[0].length, category, source: 'pattern', confidence };
}

/** Whether `keyword` occurs within `window` characters before `start` (across a line break too). */
export function keywordBefore(text: string, start: number, keyword: RegExp, window: number): boolean {
  return keyword.test(text.slice(Math.max(0, start - window), start));
}

/** Whether `keyword` occurs within `window` characters after `end`. */
export function keywordAfter(text: string, end: number, keyword: RegExp, window: number): boolean {
  return keyword.test(text.slice(end, end + window));
}
