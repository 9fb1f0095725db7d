import type { Box } from '../../common/word-model.js';

/** Kinds of personal data a suggestion can name; the same names the stand-in's ground truth uses. */
export const SUGGESTION_CATEGORIES = [
  'name',
  'address',
  'dob',
  'phone',
  'email',
  'postcode',
  'ni-number',
  'vehicle-reg',
  'sort-code',
  'account-number',
] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

/** Where a suggestion came from: the case's own people in the legacy CMS, a text pattern, or the person-name rules (names the case data does not list, later mentions). */
export const SUGGESTION_SOURCES = ['case-data', 'pattern', 'name-rules', 'azure-language'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/** A match found in a page's text: character offsets into the page text (see page-text-index.ts). */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
  readonly category: SuggestionCategory;
  readonly source: SuggestionSource;
  /** 0–1: how sure the matcher is that this is personal data of the category. */
  readonly confidence: number;
}

/** Finds matches in the text of one page. */
export type TextMatcher = (text: string) => TextMatch[];

/** A candidate redaction: personal data found on a page, with the boxes of the words that carry it. */
export interface RedactionSuggestion {
  readonly category: SuggestionCategory;
  /** The matched text as it reads on the page. */
  readonly text: string;
  readonly pageIndex: number;
  /** PDF points, top-left origin of the displayed page (the word model's units); one per line the match spans. */
  readonly boxes: readonly Box[];
  readonly source: SuggestionSource;
  readonly confidence: number;
  /** The person the suggestion is about within the document (`person-1`, …), or null (see PiiSpan.personKey). */
  readonly personKey: string | null;
}
