import type { TextPage } from './redaction-api';

/** A word of a page in reading order, with where it is in the version's word model (what a draft refers to). */
export interface FlatWord {
  readonly lineIndex: number;
  readonly wordIndex: number;
  readonly text: string;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

/** Words selected on one page: from `anchor` to `focus` (indexes into the page's flat words, either order). */
export interface WordSelection {
  readonly pageIndex: number;
  readonly anchor: number;
  readonly focus: number;
}

export function flatWords(page: TextPage): FlatWord[] {
  return page.lines.flatMap((line, lineIndex) => line.words.map((word, wordIndex) => ({ lineIndex, wordIndex, text: word.text, box: word.box })));
}

export function selectedWords(words: readonly FlatWord[], selection: WordSelection): FlatWord[] {
  return words.slice(Math.min(selection.anchor, selection.focus), Math.max(selection.anchor, selection.focus) + 1);
}
