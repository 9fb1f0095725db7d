import type { CoveredPage } from '../../conversion/covered-text/covered-words.js';
import { markCoveredWords } from '../../conversion/covered-text/covered-words.js';
import type { DocumentText } from '../../common/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';
import type { CoveredTextPage } from '../tracker/tracker.model.js';

export interface CoveredTextOutcome {
  /** Pages with covered words: where and what hides them. */
  readonly pages: readonly CoveredPage[];
  /** For the tracker: the pages and boxes; null when detection is off or could not look (then nothing is marked). */
  readonly coveredText: readonly CoveredTextPage[] | null;
}

/**
 * Stage (ADR 0032): under-redaction detection on the extracted text layer. Advisory: a renderer that fails
 * leaves the document unmarked (coveredText null), never fails its ingestion.
 */
export async function detectCoveredText(tools: IngestionTools, pdfPath: string, text: DocumentText): Promise<CoveredTextOutcome> {
  if (tools.detectCoveredText === undefined) return { pages: [], coveredText: null };
  const result = await tools.detectCoveredText(pdfPath, text);
  if (result.status !== 'checked') return { pages: [], coveredText: null };
  return { pages: result.pages, coveredText: result.pages.map((page) => ({ pageIndex: page.pageIndex, boxes: page.boxes })) };
}

/** The text with `covered: true` on the words the detector found (pages OCR read are never among them). */
export function withCoveredWords<T extends DocumentText>(text: T, pages: readonly CoveredPage[]): T {
  if (pages.length === 0) return text;
  const byIndex = new Map(pages.map((page) => [page.pageIndex, page]));
  return { ...text, pages: text.pages.map((page) => (page.source === 'text-layer' ? markCoveredWords(page, byIndex.get(page.pageIndex)) : page)) };
}
