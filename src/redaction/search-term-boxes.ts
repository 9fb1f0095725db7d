import type { Box, DocumentText, Word } from '../common/word-model.js';
import { isCjkToken, queryTokensOf, searchTokensOf } from '../search/search-tokens.js';
import type { PdfRedactionBox } from './redaction.types.js';

export interface SearchTermMatches {
  readonly boxes: PdfRedactionBox[];
  /** Occurrences found per term, in the order the terms were given (counts only: no text). */
  readonly occurrences: number[];
}

interface PageToken {
  readonly token: string;
  /** Index of the word the token came from, in the page's reading order. */
  readonly wordIndex: number;
}

/**
 * "Redact all occurrences": every place a term occurs in the version's word index, as boxes.
 * Terms and words are tokenised like the search index (letters and digits, folded), so what
 * search finds is what gets redacted. A term of several tokens is a phrase: its tokens must be
 * adjacent in reading order, across word and line breaks. Each occurrence is widened to the
 * whole words it touches (`900123` inside `07700-900123` redacts the whole word), one box per word.
 * A lone CJK character is a prefix, as in search (`法` is found inside `人民法院`, not only at a run's end).
 * A CJK term inside a longer CJK run still boxes the whole run (poppler gives one word per run): the engine
 * widens every box to the words it touches and verifies per word (see engine/box-geometry.ts).
 */
export function searchTermBoxes(text: DocumentText, terms: readonly string[]): SearchTermMatches {
  const phrases = terms.map((term) => queryTokensOf(term));
  const occurrences = phrases.map(() => 0);
  const boxes: PdfRedactionBox[] = [];
  for (const page of text.pages) {
    const words: Word[] = page.lines.flatMap((line) => line.words);
    const tokens: PageToken[] = words.flatMap((word, wordIndex) => searchTokensOf(word.text).map((token) => ({ token, wordIndex })));
    const covered = new Set<number>();
    phrases.forEach((phrase, termIndex) => {
      if (phrase.length === 0) return;
      for (let start = 0; start + phrase.length <= tokens.length; start += 1) {
        if (!phrase.every((token, offset) => matches(tokens[start + offset].token, token, phrase.length))) continue;
        occurrences[termIndex] += 1;
        for (let offset = 0; offset < phrase.length; offset += 1) covered.add(tokens[start + offset].wordIndex);
      }
    });
    for (const wordIndex of [...covered].sort((a, b) => a - b)) {
      boxes.push({ pageIndex: page.pageIndex, box: paddedWordBox(words[wordIndex].box, page.width, page.height) });
    }
  }
  return { boxes, occurrences };
}

/** A page token against a term's token; a term that is one CJK character is a prefix (query-parser.ts). */
function matches(pageToken: string, termToken: string, termLength: number): boolean {
  if (termLength === 1 && [...termToken].length === 1 && isCjkToken(termToken)) return pageToken.startsWith(termToken);
  return pageToken === termToken;
}

/** Extracted word boxes hug the glyphs; a small margin keeps anti-aliased edges and accents under the box. */
export function paddedWordBox(box: Box, pageWidth: number, pageHeight: number): Box {
  const dx = 0.5;
  const dy = Math.min(1.5, box.height * 0.08);
  const x = Math.max(0, box.x - dx);
  const y = Math.max(0, box.y - dy);
  const right = Math.min(pageWidth, box.x + box.width + dx);
  const bottom = Math.min(pageHeight, box.y + box.height + dy);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}
