/**
 * Which legacy code page 8-bit text that is not UTF-8 is in. chardet (a port of ICU's detector) scores
 * the bytes against each code page's letter statistics; we accept its answer only for scripts whose
 * code pages it tells apart reliably (Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese, Korean) and
 * only with enough non-ASCII bytes to judge, otherwise the text stays Windows-1252 (Western).
 */
import chardet from 'chardet';
import { isUtf8 as isWellFormedUtf8 } from 'node:buffer';

export const LEGACY_TEXT_ENCODINGS = [
  'windows-1252',
  'windows-1251',
  'koi8-r',
  'iso-8859-5',
  'windows-1253',
  'iso-8859-7',
  'windows-1256',
  'iso-8859-6',
  'windows-1255',
  'iso-8859-8',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'iso-2022-jp',
] as const;

export type LegacyTextEncoding = (typeof LEGACY_TEXT_ENCODINGS)[number];

/** chardet's names → WHATWG (TextDecoder) labels, for the scripts we accept. */
const ACCEPTED: Readonly<Record<string, LegacyTextEncoding>> = {
  'windows-1251': 'windows-1251',
  'KOI8-R': 'koi8-r',
  'ISO-8859-5': 'iso-8859-5',
  'ISO-8859-7': 'iso-8859-7',
  'windows-1253': 'windows-1253',
  'windows-1256': 'windows-1256',
  'ISO-8859-6': 'iso-8859-6',
  'ISO-8859-8': 'iso-8859-8',
  'windows-1255': 'windows-1255',
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
};

const MIN_HIGH_BYTES = 8;
const MIN_CONFIDENCE = 30;
const SAMPLE_BYTES = 16 * 1024;
const ESC_JIS_X_0208_1983 = Buffer.from([0x1b, 0x24, 0x42]);
const ESC_JIS_X_0208_1978 = Buffer.from([0x1b, 0x24, 0x40]);

/** ISO-2022-JP is 7-bit (so also valid UTF-8): it announces itself by its escape sequences. */
export function sevenBitEncodingOf(head: Uint8Array): LegacyTextEncoding | undefined {
  const sample = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, SAMPLE_BYTES));
  return sample.includes(ESC_JIS_X_0208_1983) || sample.includes(ESC_JIS_X_0208_1978) ? 'iso-2022-jp' : undefined;
}

/** The code page of `head`, which is known not to be UTF-8; undefined when nothing beats Windows-1252. */
export function legacyEncodingOf(head: Uint8Array): LegacyTextEncoding | undefined {
  const sample = head.subarray(0, SAMPLE_BYTES);
  let high = 0;
  let c1 = 0;
  for (const byte of sample) {
    if (byte >= 0x80) high += 1;
    if (byte >= 0x80 && byte < 0xa0) c1 += 1;
  }
  if (high < MIN_HIGH_BYTES) return undefined;
  const best = chardet.analyse(sample)[0];
  if (!best || best.confidence < MIN_CONFIDENCE) return undefined;
  const encoding = ACCEPTED[best.name];
  if (!encoding) return undefined;
  // the ISO Greek and Hebrew sets leave 0x80–0x9F unused; Windows' sets put punctuation there
  if (encoding === 'iso-8859-7' && c1 > 0) return 'windows-1253';
  if (encoding === 'iso-8859-8' && c1 > 0) return 'windows-1255';
  if (encoding === 'iso-8859-6' && c1 > 0) return 'windows-1256';
  return encoding;
}

/**
 * Whether `bytes` is well-formed UTF-8 (as a fatal TextDecoder reads it). With `cutOff`, `bytes` is the
 * head of a longer file, and a sequence its end cuts short is allowed.
 */
export function isUtf8(bytes: Uint8Array, cutOff = false): boolean {
  return isWellFormedUtf8(cutOff ? bytes.subarray(0, completeLength(bytes)) : bytes);
}

/** The length of `bytes` without a multi-byte sequence the end cuts short. */
function completeLength(bytes: Uint8Array): number {
  let start = bytes.length - 1;
  // back over at most three continuation bytes to the lead byte of the last sequence
  while (start >= 0 && bytes.length - start <= 3 && (bytes[start] & 0xc0) === 0x80) start -= 1;
  if (start < 0) return bytes.length;
  const lead = bytes[start];
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
  return start + length > bytes.length ? start : bytes.length;
}
