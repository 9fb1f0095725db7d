import type { Box, DocumentText } from '../../common/word-model.js';
import { boxesOverlap } from '../engine/box-geometry.js';
import type { RedactionPlan } from '../redaction.types.js';
import { UNSPECIFIED_TYPE } from './redaction-type-catalog.js';

export interface RemovedWord {
  readonly text: string;
  /** The type of the first box (in request order) that covers the word. */
  readonly redactionType: string;
  /** The word's box in PDF points, top-left origin of the displayed page. */
  readonly box: Box;
}

export interface RemovedWordsPage {
  readonly pageIndex: number;
  readonly words: readonly RemovedWord[];
}

export interface RemovedWords {
  /** Words under the boxes, per page in reading order (pages without any left out). */
  readonly pages: readonly RemovedWordsPage[];
  readonly wordCount: number;
  /** Pages the plan deletes, with how many words each takes with it (not listed: the whole page goes). */
  readonly deletedPages: readonly { readonly pageIndex: number; readonly wordCount: number }[];
}

/**
 * The words a plan takes out of the text layer: every word any of the page's boxes touches (the engine's rule,
 * engine/box-geometry.ts: it keeps only words that touch no box). Words on a deleted page are counted per page.
 */
export function removedWordsOf(text: DocumentText, plan: RedactionPlan): RemovedWords {
  const deleted = new Set(plan.pageModifications.filter((change) => change.action === 'delete').map((change) => change.pageIndex));
  const pages: RemovedWordsPage[] = [];
  const deletedPages: { pageIndex: number; wordCount: number }[] = [];
  let wordCount = 0;
  for (const page of [...text.pages].sort((a, b) => a.pageIndex - b.pageIndex)) {
    const words = page.lines.flatMap((line) => line.words).filter((word) => word.text.trim().length > 0);
    if (deleted.has(page.pageIndex)) {
      deletedPages.push({ pageIndex: page.pageIndex, wordCount: words.length });
      continue;
    }
    const boxes = plan.boxes.filter((box) => box.pageIndex === page.pageIndex);
    if (boxes.length === 0) continue;
    const removed: RemovedWord[] = [];
    for (const word of words) {
      const under = boxes.find((box) => boxesOverlap(word.box, box.box));
      if (under !== undefined) removed.push({ text: word.text, redactionType: under.redactionType ?? UNSPECIFIED_TYPE, box: word.box });
    }
    if (removed.length === 0) continue;
    pages.push({ pageIndex: page.pageIndex, words: removed });
    wordCount += removed.length;
  }
  return { pages, wordCount, deletedPages };
}
