import { CJK_WORD } from '../common/scripts.js';
import type { Box, Word } from '../common/word-model.js';
import type { SearchTerm } from './search-index.port.js';
import { isCjkToken } from './search-tokens.js';

/*
 * Where a CJK term sits inside a word. A word of CJK characters and punctuation only has characters about
 * one em wide each, so a character's box is its share of the word's box.
 */

/** The CJK strings the terms stand for: a word, a prefix, or a phrase of overlapping bigrams put back together. */
export function cjkNeedles(terms: readonly SearchTerm[]): string[] {
  const needles: string[] = [];
  for (const term of terms) {
    if (term.kind !== 'phrase') {
      if (isCjkToken(term.text)) needles.push(term.text);
      continue;
    }
    const [first, ...rest] = term.words.map((word) => [...word]);
    if (!isCjkToken(first.join('')) || !rest.every((chars, index) => chars.length === 2 && isCjkToken(chars.join('')) && chars[0] === (index === 0 ? first : rest[index - 1]).at(-1))) continue;
    needles.push(first.join('') + rest.map((chars) => chars[1]).join(''));
  }
  return needles;
}

/**
 * Poppler gives a run of Chinese or Japanese as one word, often a whole line: the part a CJK term matched is
 * highlighted, not the run. Undefined when the word is not plain CJK or no needle is in it (then the whole word).
 */
export function cjkParts(word: Word, needles: readonly string[]): Word[] | undefined {
  if (needles.length === 0 || !CJK_WORD.test(word.text)) return undefined;
  const chars = [...word.text.normalize('NFKC').toLowerCase()];
  if (chars.length !== [...word.text].length) return undefined;
  const covered = new Array<boolean>(chars.length).fill(false);
  for (const needle of needles) {
    const wanted = [...needle];
    for (let start = 0; start + wanted.length <= chars.length; start += 1) {
      if (wanted.every((char, offset) => chars[start + offset] === char)) for (let offset = 0; offset < wanted.length; offset += 1) covered[start + offset] = true;
    }
  }
  const original = [...word.text];
  const vertical = word.box.height > word.box.width && chars.length > 1;
  const parts: Word[] = [];
  for (let start = 0; start < chars.length; start += 1) {
    if (!covered[start]) continue;
    let end = start;
    while (end + 1 < chars.length && covered[end + 1]) end += 1;
    parts.push({ text: original.slice(start, end + 1).join(''), box: share(word.box, start / chars.length, (end + 1) / chars.length, vertical) });
    start = end;
  }
  return parts.length > 0 ? parts : undefined;
}

function share(box: Box, from: number, to: number, vertical: boolean): Box {
  const round = (value: number): number => Math.round(value * 100) / 100;
  if (vertical) return { x: box.x, y: round(box.y + box.height * from), width: box.width, height: round(box.height * (to - from)) };
  return { x: round(box.x + box.width * from), y: box.y, width: round(box.width * (to - from)), height: box.height };
}
