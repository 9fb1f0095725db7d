import iconv from 'iconv-lite';
import { DomainError } from '../common/domain-error.js';

/**
 * The legacy CMS's quirks, translated both ways. Values read from the legacy CMS that do not
 * fit its own contract are a LEGACY_BAD_RESPONSE; bad ids from our side are VALIDATION_FAILED.
 */

const LEGACY_ID = /^\d{8}$/;
const FACADE_ID = /^(0|[1-9]\d{0,7})$/;
const LEGACY_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const LEGACY_DATE_TIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

const badResponse = (field: string, reason: string): DomainError =>
  new DomainError('LEGACY_BAD_RESPONSE', `legacy CMS sent an invalid ${field}: ${reason}`, { field });

/** Text of an element as node-soap or GraphQL hand it over; absent and empty become ''. */
export function legacyText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '$value' in value) return legacyText((value).$value);
  // node-soap turns an empty element such as <Court/> into {} (or an object of attributes only).
  if (typeof value === 'object') return '';
  throw badResponse('value', `unexpected ${typeof value}`);
}

/** Legacy `00000042` → facade `"42"`. */
export function fromLegacyId(value: unknown, field = 'id'): string {
  const text = legacyText(value);
  if (!LEGACY_ID.test(text)) throw badResponse(field, 'not an 8-digit id');
  return String(Number(text));
}

export function fromOptionalLegacyId(value: unknown, field = 'id'): string | null {
  return legacyText(value) === '' ? null : fromLegacyId(value, field);
}

/** Facade `"42"` → legacy `00000042`. */
export function toLegacyId(id: string, field = 'id'): string {
  if (!FACADE_ID.test(id)) throw new DomainError('VALIDATION_FAILED', `${field} must be a decimal id of at most 8 digits`, { field });
  return id.padStart(8, '0');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Proleptic Gregorian, as ISO-8601 and JavaScript's Date count (without Date's two-digit-year mapping). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** `dd/MM/yyyy` → `yyyy-MM-dd`; empty → null. */
export function fromLegacyDate(value: unknown, field = 'date'): string | null {
  const text = legacyText(value).trim();
  if (text === '') return null;
  const match = LEGACY_DATE.exec(text);
  if (!match) throw badResponse(field, 'not dd/MM/yyyy');
  const [, day, month, year] = match;
  if (year === '0000' || !isCalendarDate(Number(year), Number(month), Number(day))) throw badResponse(field, 'no such date');
  // The pattern fixes each part's width, so the digits are already padded.
  return `${year}-${month}-${day}`;
}

/** `dd/MM/yyyy HH:mm:ss` (UTC) → ISO-8601 `yyyy-MM-ddTHH:mm:ss.000Z`; empty → null. */
export function fromLegacyDateTime(value: unknown, field = 'dateTime'): string | null {
  const text = legacyText(value).trim();
  if (text === '') return null;
  const match = LEGACY_DATE_TIME.exec(text);
  if (!match) throw badResponse(field, 'not dd/MM/yyyy HH:mm:ss');
  const [, day, month, year, hour, minute, second] = match;
  if (year === '0000' || !isCalendarDate(Number(year), Number(month), Number(day)) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw badResponse(field, 'no such date-time');
  }
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.000Z`;
}

/** Epoch milliseconds of a legacy `dd/MM/yyyy HH:mm:ss` (UTC). */
export function legacyDateTimeToEpochMs(value: unknown, field = 'dateTime'): number {
  const iso = fromLegacyDateTime(value, field);
  if (iso === null) throw badResponse(field, 'missing');
  return Date.parse(iso);
}

/** `Y` / `N` → boolean. */
export function fromLegacyFlag(value: unknown, field = 'flag'): boolean {
  const text = legacyText(value);
  if (text === 'Y') return true;
  if (text === 'N') return false;
  throw badResponse(field, 'not Y or N');
}

export const toLegacyFlag = (flag: boolean): 'Y' | 'N' => (flag ? 'Y' : 'N');

/** A non-negative integer sent as text (e.g. SizeBytes). */
export function fromLegacyCount(value: unknown, field = 'count'): number {
  const text = legacyText(value).trim();
  if (!/^\d{1,15}$/.test(text)) throw badResponse(field, 'not a non-negative integer');
  return Number(text);
}

export function legacyOptionalText(value: unknown): string | null {
  const text = legacyText(value);
  return text === '' ? null : text;
}

/** node-soap gives one element as an object and several as an array. */
export function legacyList<T>(value: T | readonly T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** The charset parameter of a Content-Type header, lower-cased. */
export function charsetOf(contentType: string | undefined | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match ? match[1].toLowerCase() : null;
}

/** The encoding named in an XML declaration, if any. */
export function xmlDeclaredEncoding(head: Buffer): string | null {
  const prolog = head.subarray(0, 200).toString('latin1');
  const match = /^\uFEFF?<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(prolog);
  return match ? match[1].toLowerCase() : null;
}

/** Decodes a body by its declared charset (header first, then XML declaration, else UTF-8). */
export function decodeLegacyText(body: Buffer, contentType?: string | null): string {
  const charset = charsetOf(contentType) ?? xmlDeclaredEncoding(body) ?? 'utf-8';
  if (!iconv.encodingExists(charset)) throw badResponse('charset', `unknown charset ${String(charset)}`);
  return iconv.decode(body, charset);
}

export const decodeWindows1252 = (body: Buffer): string => iconv.decode(body, 'windows-1252');
