/** Dates as UK documents write them: 07/03/1984, 7/3/84, 07.03.84, 07-03-1984, 7 March 1984, 7th of Mar. 1984, March 7, 1984. */

export interface FoundDate {
  readonly start: number;
  readonly end: number;
  readonly day: number;
  readonly month: number;
  /** Four digits, or two when the text gives only two. */
  readonly year: number;
  readonly twoDigitYear: boolean;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)?';

const NUMERIC = /(?<![\p{L}\p{N}/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\p{L}\p{N}]|[/.-]\d)/gu;
/** 7 March 1984, 7th of Mar. 84, 07-Mar-1984 (a two-digit year only with a month name: "7 March 84"). */
const DAY_MONTH_YEAR = new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})${ORDINAL}(?:\\s+|-)(?:of\\s+)?${MONTH}\\.?,?(?:\\s+|-)(\\d{4}|\\d{2})(?![\\p{L}\\p{N}:])`, 'giu');
const MONTH_DAY_YEAR = new RegExp(`(?<![\\p{L}\\p{N}])${MONTH}\\.?\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})(?![\\p{L}\\p{N}])`, 'giu');

const monthNumber = (name: string): number => MONTH_NAMES.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3))) + 1;

function valid(day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Every date in `text`, in order of position. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const push = (start: number, length: number, day: number, month: number, yearText: string) => {
    if (valid(day, month)) found.push({ start, end: start + length, day, month, year: Number(yearText), twoDigitYear: yearText.length === 2 });
  };
  for (const match of text.matchAll(NUMERIC)) push(match.index, match[0].length, Number(match[1]), Number(match[3]), match[4]);
  for (const match of text.matchAll(DAY_MONTH_YEAR)) push(match.index, match[0].length, Number(match[1]), monthNumber(match[2]), match[3]);
  for (const match of text.matchAll(MONTH_DAY_YEAR)) push(match.index, match[0].length, Number(match[2]), monthNumber(match[1]), match[3]);
  return found.sort((a, b) => a.start - b.start);
}

/** Whether a date found in text is the given ISO date (yyyy-MM-dd); a two-digit year matches its last two digits. */
export function isSameDate(found: FoundDate, isoDate: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (parts === null) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (found.day !== day || found.month !== month) return false;
  return found.twoDigitYear ? found.year === year % 100 : found.year === year;
}
