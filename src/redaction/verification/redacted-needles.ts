/**
 * The byte patterns a redacted string may hide behind in a PDF. Everything is matched
 * case-insensitively by folding ASCII letters in both the needle and the haystack.
 */

/** Words shorter than this are too noisy to scan for; the re-extraction check still covers them. */
export const MIN_SCANNED_WORD_LENGTH = 3;
/** In binary data (images, fonts) a needle must be at least this many bytes to mean anything. */
export const MIN_BINARY_NEEDLE_BYTES = 6;

export type NeedleEncoding = 'plain' | 'UTF-8' | 'UTF-16BE' | 'UTF-16LE';

export interface Needle {
  /** Index into the caller's redactedStrings: failures name it instead of quoting it. */
  readonly stringIndex: number;
  readonly encoding: NeedleEncoding;
  /** ASCII-folded to lower case. */
  readonly bytes: Buffer;
}

export interface RedactedWord {
  readonly stringIndex: number;
  readonly word: string;
}

/** Splits each redacted string into words and keeps the distinct ones long enough to scan. */
export function redactedWords(redactedStrings: readonly string[]): RedactedWord[] {
  const seen = new Set<string>();
  const words: RedactedWord[] = [];
  redactedStrings.forEach((text, stringIndex) => {
    for (const token of text.split(/\s+/u)) {
      // "Smith," hides as "Smith" elsewhere: punctuation at the ends is not part of the secret
      const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      const key = word.toLowerCase();
      if ([...word].length < MIN_SCANNED_WORD_LENGTH || seen.has(key)) continue;
      seen.add(key);
      words.push({ stringIndex, word });
    }
  });
  return words;
}

export function foldAscii(bytes: Uint8Array): Buffer {
  const folded = Buffer.from(bytes);
  for (let i = 0; i < folded.length; i += 1) {
    const byte = folded[i];
    if (byte >= 0x41 && byte <= 0x5a) folded[i] = byte + 0x20;
  }
  return folded;
}

const toUtf16be = (text: string): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
};

/** Byte needles for one word: Latin-1 (PDFDocEncoding/WinAnsi for the letters that matter), UTF-8, UTF-16BE/LE. */
export function needlesFor(words: readonly RedactedWord[]): Needle[] {
  const needles: Needle[] = [];
  for (const { stringIndex, word } of words) {
    const lower = word.toLowerCase();
    const isLatin1 = [...lower].every((char) => char.charCodeAt(0) <= 0xff);
    const utf8 = Buffer.from(lower, 'utf8');
    if (isLatin1) needles.push({ stringIndex, encoding: 'plain', bytes: foldAscii(Buffer.from(lower, 'latin1')) });
    if (!isLatin1 || utf8.length !== lower.length) needles.push({ stringIndex, encoding: 'UTF-8', bytes: foldAscii(utf8) });
    needles.push({ stringIndex, encoding: 'UTF-16BE', bytes: foldAscii(toUtf16be(lower)) });
    needles.push({ stringIndex, encoding: 'UTF-16LE', bytes: foldAscii(Buffer.from(lower, 'utf16le')) });
  }
  return needles;
}

const hexByte = (byte: number): string => {
  const variants = new Set([byte]);
  if (byte >= 0x61 && byte <= 0x7a) variants.add(byte - 0x20);
  const alternatives = [...variants].map((value) => value.toString(16).padStart(2, '0').split('').join('\\s*'));
  return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`;
};

/**
 * A pattern for the needle written as the digits of a PDF hex string: any case, whitespace anywhere,
 * inside `<…>` (bare digit runs — xref offsets, coordinates — would match by chance).
 */
export function hexPattern(needle: Needle): RegExp {
  return new RegExp(`<[\\s0-9a-f]*?${[...needle.bytes].map(hexByte).join('\\s*')}`, 'gi');
}
