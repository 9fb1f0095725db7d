import type { TextMatch, TextMatcher } from './suggestion.types.js';
import type { CasePerson } from './case-people.js';
import { foldDiacritics } from './page-text-index.js';
import { POSTCODE_SHAPE } from './patterns/postcode.pattern.js';
import { findDates, isSameDate } from './uk-dates.js';

const START = '(?<![\\p{L}\\p{N}])';
/** A case caption ("R v Smith", "Regina v. Smith"): the name of the case, public in court lists, not a redaction candidate. */
const NOT_IN_CAPTION = '(?<!\\b(?:R|Regina|Rex|The Queen|The King)\\.?\\s+v\\.?\\s+)';
const END = '(?![\\p{L}\\p{N}])';
/** Surnames this short are too often ordinary words or initials to suggest alone. */
const MIN_SURNAME_ALONE = 3;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A literal phrase as a regex source: whitespace runs match any whitespace (a line break too), hyphens allow spaces around them. */
function phrase(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .map((word) => escape(foldDiacritics(word.normalize('NFC'))).replace(/-/g, '\\s*-\\s*'))
    .join('\\s+');
}

interface Needle {
  readonly regex: RegExp;
  readonly category: TextMatch['category'];
  readonly confidence: number;
}

function nameNeedles(person: CasePerson): Needle[] {
  const needles: Needle[] = [];
  const first = person.firstNames.trim();
  const surname = person.surname.trim();
  if (surname === '') return needles;
  const add = (source: string, flags: string, confidence: number) =>
    needles.push({ regex: new RegExp(`${START}${NOT_IN_CAPTION}${source}${END}`, `g${flags}u`), category: 'name', confidence });
  if (first !== '') {
    const given = first.split(/\s+/)[0];
    add(`${phrase(first)}\\s+${phrase(surname)}`, 'i', 0.95);
    if (given !== first) add(`${phrase(given)}\\s+${phrase(surname)}`, 'i', 0.9);
    // SURNAME, Firstname(s) — the form of registers and indexes.
    add(`${phrase(surname)}\\s*,\\s*${phrase(first)}`, 'i', 0.9);
    if (given !== first) add(`${phrase(surname)}\\s*,\\s*${phrase(given)}`, 'i', 0.85);
  }
  if (surname.length >= MIN_SURNAME_ALONE) {
    // The surname alone only when written as a name: Capitalised or in capitals (not "fairweather" the word).
    const folded = foldDiacritics(surname.normalize('NFC'));
    const capitalised = folded[0].toUpperCase() + folded.slice(1);
    add(phrase(capitalised), '', 0.6);
    add(phrase(folded.toUpperCase()), '', 0.6);
  }
  return needles;
}

function addressNeedles(person: CasePerson): Needle[] {
  if (person.address === null) return [];
  const lines = person.address.split(/[,\n]/).map((line) => line.trim()).filter(Boolean);
  const postcodes = lines.filter((line) => POSTCODE_SHAPE.test(line.toUpperCase()));
  const street = lines.filter((line) => !postcodes.includes(line));
  const needles: Needle[] = [];
  const add = (source: string, category: TextMatch['category'], confidence: number) =>
    needles.push({ regex: new RegExp(`${START}${source}${END}`, 'giu'), category, confidence });
  // The address lines in order, each separated by a comma or a line break; then the first line alone.
  if (street.length > 0) add(street.map(phrase).join('\\s*[,\\n]?\\s*'), 'address', 0.95);
  if (street.length > 1 && /\d/.test(street[0])) add(phrase(street[0]), 'address', 0.85);
  for (const postcode of postcodes) add(phrase(postcode.replace(/\s+/g, '')).replace(/(\d[A-Za-z]{2})$/, '\\s?$1'), 'postcode', 0.95);
  return needles;
}

function phoneNeedle(person: CasePerson): Needle[] {
  const digits = person.phone?.replace(/\D/g, '') ?? '';
  if (digits.length < 9) return [];
  const national = digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
  const spaced = national.slice(1).split('').join('[\\s().-]*');
  return [{ regex: new RegExp(`(?<![\\p{N}+])(?:(?:\\+44|0044)[\\s-]*(?:\\(0\\)[\\s-]*)?|\\(?0)${spaced}(?!\\p{N})`, 'gu'), category: 'phone', confidence: 0.95 }];
}

/**
 * Finds the case's own people in text: names (full, "Firstname Surname", "SURNAME, Firstname", the
 * surname alone when written as a name), address lines and postcode, phone number, and date of birth
 * in any common UK rendering. Matching ignores diacritics (OCR drops them); the text must be the
 * page text folded with foldDiacritics so that offsets hold.
 */
export function caseDataMatcher(people: readonly CasePerson[]): TextMatcher {
  const needles = people.flatMap((person) => [...nameNeedles(person), ...addressNeedles(person), ...phoneNeedle(person)]);
  const birthDates = [...new Set(people.map((person) => person.dateOfBirth).filter((date): date is string => date !== null))];
  return (folded: string): TextMatch[] => {
    const found: TextMatch[] = [];
    for (const needle of needles) {
      for (const match of folded.matchAll(needle.regex)) {
        found.push({ start: match.index, end: match.index + match[0].length, category: needle.category, source: 'case-data', confidence: needle.confidence });
      }
    }
    if (birthDates.length > 0) {
      for (const date of findDates(folded)) {
        if (birthDates.some((birthDate) => isSameDate(date, birthDate))) {
          found.push({ start: date.start, end: date.end, category: 'dob', source: 'case-data', confidence: 0.95 });
        }
      }
    }
    return found;
  };
}
