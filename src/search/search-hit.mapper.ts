import type { Box, Word } from '../conversion/word-model.js';
import type { LineHit, SearchTerm } from './search-index.port.js';
import { isCjkToken, searchTokensOf } from './search-tokens.js';

const NON_ASCII = /[^\u0020-\u007e]/;

export interface PageHits {
  readonly pageIndex: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly hits: { readonly lineIndex: number; readonly text: string; readonly words: Word[] }[];
}

export interface DocumentHits {
  readonly documentId: string;
  readonly versionId: string;
  /** The best line score in the document; higher is better. */
  readonly score: number;
  readonly hitCount: number;
  readonly pages: PageHits[];
}

/**
 * The words of a line that a query matched: a word whose token equals a word term or starts with a
 * prefix term, and every word covering a contiguous run of tokens equal to a phrase (words split by
 * punctuation, e.g. `07700-900123`, count once for each of their tokens). Within a word of CJK characters only,
 * just the matched characters are returned, with their share of the word's box.
 */
export function matchingWords(words: readonly Word[], terms: readonly SearchTerm[]): Word[] {
  const needles = terms.flatMap((term) => (term.kind === 'phrase' ? term.words : [term.text]));
  const tokens = words.flatMap((word, wordIndex) => {
    // Most words of a hit line match nothing: an ASCII word containing no query token is one non-matching
    // token (kept, so it still separates phrase words), without tokenising it.
    if (!NON_ASCII.test(word.text)) {
      const lower = word.text.toLowerCase();
      if (!needles.some((needle) => lower.includes(needle))) return [{ token: '', wordIndex }];
    }
    return searchTokensOf(word.text).map((token) => ({ token, wordIndex }));
  });
  const matched = new Set<number>();
  for (const term of terms) {
    switch (term.kind) {
      case 'word':
        for (const { token, wordIndex } of tokens) if (token === term.text) matched.add(wordIndex);
        break;
      case 'prefix':
        for (const { token, wordIndex } of tokens) if (token.startsWith(term.text)) matched.add(wordIndex);
        break;
      case 'phrase':
        for (let start = 0; start + term.words.length <= tokens.length; start += 1) {
          if (term.words.every((word, offset) => tokens[start + offset].token === word)) {
            for (let offset = 0; offset < term.words.length; offset += 1) matched.add(tokens[start + offset].wordIndex);
          }
        }
        break;
    }
  }
  const cjk = cjkNeedles(terms);
  return words.filter((_word, index) => matched.has(index)).flatMap((word) => cjkParts(word, cjk) ?? [{ text: word.text, box: word.box }]);
}

/** A word of CJK characters and punctuation only: each about one em wide, so a character's box is a share of the word's. */
const CJK_WORD = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{P}\p{S}]+$/u;

/** The CJK strings the terms stand for: a word, a prefix, or a phrase of overlapping bigrams put back together. */
function cjkNeedles(terms: readonly SearchTerm[]): string[] {
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
function cjkParts(word: Word, needles: readonly string[]): Word[] | undefined {
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

/** Line hits → documents ordered by best score (then id), each with its pages in order and their lines in order. */
export function groupHits(hits: readonly LineHit[], terms: readonly SearchTerm[]): DocumentHits[] {
  const documents = new Map<string, { documentId: string; versionId: string; score: number; hits: LineHit[] }>();
  for (const hit of hits) {
    const key = `${hit.line.documentId}\u0000${hit.line.versionId}`;
    const document = documents.get(key);
    if (document === undefined) documents.set(key, { documentId: hit.line.documentId, versionId: hit.line.versionId, score: hit.score, hits: [hit] });
    else {
      document.hits.push(hit);
      document.score = Math.max(document.score, hit.score);
    }
  }
  return [...documents.values()]
    .sort((a, b) => b.score - a.score || compareIds(a.documentId, b.documentId) || compareIds(a.versionId, b.versionId))
    .map((document) => ({
      documentId: document.documentId,
      versionId: document.versionId,
      score: document.score,
      hitCount: document.hits.length,
      pages: pagesOf(document.hits, terms),
    }));
}

function pagesOf(hits: readonly LineHit[], terms: readonly SearchTerm[]): PageHits[] {
  const pages = new Map<number, { pageIndex: number; pageWidth: number; pageHeight: number; hits: PageHits['hits'] }>();
  for (const { line } of [...hits].sort((a, b) => a.line.pageIndex - b.line.pageIndex || a.line.lineIndex - b.line.lineIndex)) {
    let page = pages.get(line.pageIndex);
    if (page === undefined) {
      page = { pageIndex: line.pageIndex, pageWidth: line.pageWidth, pageHeight: line.pageHeight, hits: [] };
      pages.set(line.pageIndex, page);
    }
    page.hits.push({ lineIndex: line.lineIndex, text: line.text, words: matchingWords(line.words, terms) });
  }
  return [...pages.values()];
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
