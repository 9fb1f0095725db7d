import type { TextMatch } from '../suggestion.types.js';
import { allMatches } from './pattern-support.js';

/**
 * UK telephone numbers: mobiles (07…), geographic and non-geographic landlines (01…, 02…, 03…),
 * national or +44 / 0044 form (with an optional "(0)"), grouped by spaces, dashes or brackets.
 * A candidate is a run of digits and separators starting at +44, 0044, "(0" or 0; the longest
 * prefix of it that forms a valid national number wins. Ids that merely contain digits
 * (case URNs, dates, sort codes) fail the national-number check.
 */
const CANDIDATE = /(?<![\p{L}\p{N}+/.-])(?:\+44|0044|\(0|0)[\d \-()]*\d/gu;

export function findPhoneNumbers(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const match of allMatches(CANDIDATE, text)) {
    const candidate = match[0];
    for (let end = candidate.length; end > 0; end -= 1) {
      if (!/\d/.test(candidate[end - 1]) || /\d/.test(candidate[end] ?? '')) continue;
      const next = text[match.index + end] ?? '';
      if (/[\p{L}\p{N}]/u.test(next) || (/[/.-]/.test(next) && /\d/.test(text[match.index + end + 1] ?? ''))) continue;
      const confidence = phoneConfidence(candidate.slice(0, end));
      if (confidence > 0) {
        found.push({ start: match.index, end: match.index + end, category: 'phone', source: 'pattern', confidence });
        break;
      }
    }
  }
  return found;
}

/** 0 when `rendering` is not a UK number; else how sure we are (mobiles and well-grouped numbers higher). */
export function phoneConfidence(rendering: string): number {
  if (/[ \-()]{3,}/.test(rendering) || /\s{2,}/.test(rendering)) return 0;
  const groups = rendering.split(/[ \-()]+/).filter(Boolean);
  if (groups.length > 5) return 0;
  if (!bracketsBalanced(rendering)) return 0;
  const digits = rendering.replace(/^(?:\+44|0044)[ -]?(?:\(0\)[ -]?)?/, '0').replace(/\D/g, '');
  if (!digits.startsWith('0') || digits.startsWith('00')) return 0;
  const mobile = /^07\d{9}$/.test(digits);
  const landline = /^0[123]\d{8,9}$/.test(digits);
  if (!mobile && !landline) return 0;
  if (digits.length === 10 && !digits.startsWith('01')) return 0;
  return mobile ? 0.9 : 0.8;
}

function bracketsBalanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0 || depth > 1) return false;
  }
  return depth === 0;
}
