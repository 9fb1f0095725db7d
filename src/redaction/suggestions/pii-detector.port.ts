import type { CasePerson } from './case-people.js';
import type { SuggestionCategory, SuggestionSource } from './suggestion.types.js';

export const PII_DETECTOR = Symbol('PII_DETECTOR');

/** One page's text as PageTextIndex builds it (words joined by spaces, lines by newlines): span offsets index into it. */
export interface PiiPage {
  readonly pageIndex: number;
  readonly text: string;
}

/** Personal data found in a page's text. */
export interface PiiSpan {
  readonly pageIndex: number;
  /** Character offsets into the page's text, [start, end). */
  readonly start: number;
  readonly end: number;
  readonly category: SuggestionCategory;
  readonly text: string;
  /** 0–1. */
  readonly confidence: number;
  readonly source: SuggestionSource;
  /**
   * The person this span is about, within the document (`person-1`, `person-2`, …): a name, its later
   * mentions (surname or first name alone), and the address, phone, e-mail and date of birth written
   * next to it share one key. null when the span is tied to no one found.
   */
  readonly personKey: string | null;
}

export interface PiiDetectionRequest {
  readonly pages: readonly PiiPage[];
  /** The case's witnesses and defendants as the legacy CMS lets the caller see them. */
  readonly people: readonly CasePerson[];
}

/**
 * Finds personal data in a document's text. Adapters: local (offline: case data, UK patterns, name
 * rules; the default) and Azure AI Language PII detection. Spans come sorted by page and position;
 * overlapping spans of one category are already collapsed.
 */
export interface PiiDetector {
  readonly name: string;
  detect(request: PiiDetectionRequest): Promise<PiiSpan[]>;
  readiness(): Promise<{ readonly ready: boolean; readonly detail?: string }>;
}
