import type { Box, PageText } from '../../common/word-model.js';

interface IndexedWord {
  readonly start: number;
  readonly end: number;
  readonly lineIndex: number;
  /** Index of the word in its line's `words`. */
  readonly wordIndex: number;
  readonly box: Box;
}

/** A word of the page by position: `page.lines[lineIndex].words[wordIndex]`. */
export interface PageWordRef {
  readonly lineIndex: number;
  readonly wordIndex: number;
}

/**
 * A page's words as one string — words joined by a space, lines by a newline — with each word's
 * character range, so a match found in the string maps back to the words (and boxes) it covers.
 * Text is NFC-normalised; `folded` is the same string with diacritics removed character by
 * character (same length, same offsets) for accent-insensitive matching.
 */
export class PageTextIndex {
  readonly text: string;
  readonly folded: string;
  private readonly words: readonly IndexedWord[];

  private constructor(text: string, words: readonly IndexedWord[]) {
    this.text = text;
    this.folded = foldDiacritics(text);
    this.words = words;
  }

  static of(page: PageText): PageTextIndex {
    let text = '';
    const words: IndexedWord[] = [];
    page.lines.forEach((line, lineIndex) => {
      let first = true;
      line.words.forEach((word, wordIndex) => {
        const wordText = word.text.normalize('NFC').replace(/\s+/g, '');
        if (wordText === '') return;
        if (text !== '') text += first ? '\n' : ' ';
        first = false;
        words.push({ start: text.length, end: text.length + wordText.length, lineIndex, wordIndex, box: word.box });
        text += wordText;
      });
    });
    return new PageTextIndex(text, words);
  }

  /** The words overlapping [start, end), in reading order. */
  wordsFor(start: number, end: number): PageWordRef[] {
    return this.words.filter((word) => word.end > start && word.start < end).map(({ lineIndex, wordIndex }) => ({ lineIndex, wordIndex }));
  }

  /** The boxes of the words overlapping [start, end), merged into one box per line. */
  boxesFor(start: number, end: number): Box[] {
    const perLine = new Map<number, Box>();
    for (const word of this.words) {
      if (word.end <= start || word.start >= end) continue;
      const merged = perLine.get(word.lineIndex);
      perLine.set(word.lineIndex, merged === undefined ? word.box : union(merged, word.box));
    }
    return [...perLine.values()];
  }
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\p{ASCII}]/u;
const SPECIAL_FOLDS: Readonly<Record<string, string>> = { ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i' };

/** Removes diacritics one character at a time, keeping the string's length (é → e, ø → o). */
export function foldDiacritics(text: string): string {
  // Most pages are ASCII: nothing to fold (and per-character normalisation is most of a page's matching time).
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_CHARS, foldCharacter);
}

const NON_ASCII_CHARS = /[^\p{ASCII}]/gu;

function foldCharacter(char: string): string {
  const special = SPECIAL_FOLDS[char];
  if (special !== undefined) return special;
  const stripped = char.normalize('NFD').replace(COMBINING_MARKS, '');
  return stripped.length === char.length ? stripped : char;
}
