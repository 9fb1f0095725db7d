import type { TextMatch } from '../suggestion.types.js';
import { findDates } from '../uk-dates.js';
import { keywordAfter, keywordBefore } from './pattern-support.js';

/** A date counts as a date of birth only next to a label saying so; other dates are not personal data. */
const DOB_BEFORE = /(?:\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b)[^\d.;]{0,20}$/i;
const DOB_AFTER = /^[\s,]*\(?\s*(?:D\.?O\.?B\b|date\s+of\s+birth\b)/i;
/** How far before a date its label may be: "Date of birth:", "born in Leeds on", possibly on the line before. */
const WINDOW = 40;

export function findDatesOfBirth(text: string): TextMatch[] {
  return findDates(text)
    .filter((date) => keywordBefore(text, date.start, DOB_BEFORE, WINDOW) || keywordAfter(text, date.end, DOB_AFTER, 20))
    .map((date) => ({ start: date.start, end: date.end, category: 'dob', source: 'pattern', confidence: 0.9 }));
}
