import type { DocumentText } from '../../common/word-model.js';
import type { CasePerson } from './case-people.js';
import { detectLocally } from './pii-span-assembly.js';
import { PageTextIndex } from './page-text-index.js';
import type { PiiDetector, PiiSpan } from './pii-detector.port.js';
import type { RedactionSuggestion } from './suggestion.types.js';

export { collapseOverlaps } from './suggestion-overlaps.js';

/**
 * Finds personal data in a document's extracted words with a PiiDetector (the local one unless given):
 * matching runs over each page's word sequence (PageTextIndex), so a match may span words and lines;
 * its boxes are the matched words' boxes, merged per line. Sorted by page and reading order.
 */
export async function suggestRedactions(text: DocumentText, people: readonly CasePerson[], detector?: PiiDetector): Promise<RedactionSuggestion[]> {
  const indexes = pageIndexes(text);
  const pages = [...indexes].map(([pageIndex, index]) => ({ pageIndex, text: index.text }));
  const spans = detector === undefined ? detectLocally({ pages, people }) : await detector.detect({ pages, people });
  return toSuggestions(indexes, spans);
}

/** suggestRedactions with the local detector, synchronously. */
export function findRedactionSuggestions(text: DocumentText, people: readonly CasePerson[]): RedactionSuggestion[] {
  const indexes = pageIndexes(text);
  return toSuggestions(indexes, detectLocally({ pages: [...indexes].map(([pageIndex, index]) => ({ pageIndex, text: index.text })), people }));
}

function pageIndexes(text: DocumentText): Map<number, PageTextIndex> {
  const indexes = new Map<number, PageTextIndex>();
  for (const page of [...text.pages].sort((a, b) => a.pageIndex - b.pageIndex)) {
    const index = PageTextIndex.of(page);
    if (index.text !== '') indexes.set(page.pageIndex, index);
  }
  return indexes;
}

function toSuggestions(indexes: ReadonlyMap<number, PageTextIndex>, spans: readonly PiiSpan[]): RedactionSuggestion[] {
  const suggestions: RedactionSuggestion[] = [];
  const ordered = [...spans].sort((a, b) => a.pageIndex - b.pageIndex || a.start - b.start || a.end - b.end);
  for (const span of ordered) {
    const index = indexes.get(span.pageIndex);
    const boxes = index?.boxesFor(span.start, span.end) ?? [];
    if (index === undefined || boxes.length === 0) continue;
    suggestions.push({
      category: span.category,
      text: index.text.slice(span.start, span.end).replace(/\s+/g, ' '),
      pageIndex: span.pageIndex,
      boxes,
      source: span.source,
      confidence: span.confidence,
      personKey: span.personKey,
    });
  }
  return suggestions;
}
