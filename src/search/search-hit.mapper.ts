import type { Word } from '../common/word-model.js';
import type { LineHit, SearchTerm } from './search-index.port.js';
import { cjkNeedles, cjkParts } from './cjk-match.js';
import { searchTokensOf } from './search-tokens.js';

const NON_ASCII = /[^\u0020-\u007e]/;

export interface PageHits {
  readonly pageIndex: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly hits: { readonly lineIndex: number; readonly text: string; readonly words: Word[]; readonly covered?: true }[];
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
  return words
    .filter((_word, index) => matched.has(index))
    .flatMap((word) => (cjkParts(word, cjk) ?? [{ text: word.text, box: word.box }]).map((part) => (word.covered === true ? { ...part, covered: true as const } : part)));
}

/** The line as a user who did not ask for covered words sees it: each covered word blanked out with █. */
export function blankCoveredWords(text: string, words: readonly Word[]): string {
  if (!words.some((word) => word.covered === true)) return text;
  return words.map((word) => (word.covered === true ? '█'.repeat([...word.text].length) : word.text)).join(' ');
}

/** Line hits → documents ordered by best score (then id), each with its pages in order and their lines in order. */
export function groupHits(hits: readonly LineHit[], terms: readonly SearchTerm[], includeCovered = false): DocumentHits[] {
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
      pages: pagesOf(document.hits, terms, includeCovered),
    }));
}

function pagesOf(hits: readonly LineHit[], terms: readonly SearchTerm[], includeCovered: boolean): PageHits[] {
  const pages = new Map<number, { pageIndex: number; pageWidth: number; pageHeight: number; hits: PageHits['hits'] }>();
  for (const { line } of [...hits].sort((a, b) => a.line.pageIndex - b.line.pageIndex || a.line.lineIndex - b.line.lineIndex)) {
    let page = pages.get(line.pageIndex);
    if (page === undefined) {
      page = { pageIndex: line.pageIndex, pageWidth: line.pageWidth, pageHeight: line.pageHeight, hits: [] };
      pages.set(line.pageIndex, page);
    }
    const matched = matchingWords(line.words, terms);
    if (includeCovered) {
      page.hits.push({ lineIndex: line.lineIndex, text: line.text, words: matched, ...(matched.some((word) => word.covered === true) ? { covered: true as const } : {}) });
    } else {
      // the index matched live words only; a covered word equal to one of them is neither boxed nor shown
      page.hits.push({ lineIndex: line.lineIndex, text: blankCoveredWords(line.text, line.words), words: matched.filter((word) => word.covered !== true) });
    }
  }
  return [...pages.values()];
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
