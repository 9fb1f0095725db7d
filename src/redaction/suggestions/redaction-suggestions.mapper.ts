import type { RedactionSuggestionsDto } from './redaction-suggestions.dto.js';
import type { DocumentSuggestions } from './redaction-suggestions.service.js';

const round = (value: number): number => Math.round(value * 100) / 100;

export function toRedactionSuggestionsDto(found: DocumentSuggestions): RedactionSuggestionsDto {
  const sizes = new Map(found.pages.map((page) => [page.pageIndex, page]));
  return {
    caseId: found.caseId,
    documentId: found.documentId,
    versionId: found.versionId,
    pageCount: found.pages.length,
    suggestionCount: found.suggestions.length,
    suggestions: found.suggestions.map((suggestion) => ({
      category: suggestion.category,
      text: suggestion.text,
      pageIndex: suggestion.pageIndex,
      pageWidth: round(sizes.get(suggestion.pageIndex)?.width ?? 0),
      pageHeight: round(sizes.get(suggestion.pageIndex)?.height ?? 0),
      boxes: suggestion.boxes.map((box) => ({ x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) })),
      source: suggestion.source,
      confidence: round(suggestion.confidence),
      personKey: suggestion.personKey,
    })),
    withheld: [...found.withheld],
  };
}
