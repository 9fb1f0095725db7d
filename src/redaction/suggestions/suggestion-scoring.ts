import { foldDiacritics } from './page-text-index.js';
import { SUGGESTION_CATEGORIES, type SuggestionCategory } from './suggestion.types.js';

/**
 * Precision and recall of suggestions against known planted personal data (the stand-in's ground
 * truth), for the suggestions benchmark and its regression test. Matching rule: an item is its
 * category and its text normalised (NFC, diacritics folded — OCR drops them —, whitespace collapsed,
 * lower case). Per document, repeated items count once: a suggestion item is a true positive when
 * the document's ground truth holds the same item; a planted item is found when some suggestion is it.
 */
export interface ScoredItem {
  readonly category: string;
  readonly text: string;
}

export interface CategoryScore {
  readonly category: string;
  /** Distinct suggested items, and how many of them were planted. */
  readonly suggested: number;
  readonly truePositives: number;
  /** Distinct planted items, and how many of them were suggested. */
  readonly planted: number;
  readonly found: number;
  /** null when there is nothing to divide by. */
  readonly precision: number | null;
  readonly recall: number | null;
}

export interface SuggestionScore {
  readonly overall: CategoryScore;
  readonly categories: readonly CategoryScore[];
  /** What was missed and what was wrong, for reading the figures (test data only: fictional people). */
  readonly falseNegatives: readonly ScoredItem[];
  readonly falsePositives: readonly ScoredItem[];
}

export const normaliseForScoring = (text: string): string => foldDiacritics(text.normalize('NFC')).replace(/\s+/g, ' ').trim().toLowerCase();

const key = (item: ScoredItem): string => `${item.category}\u0000${normaliseForScoring(item.text)}`;

interface Tally {
  suggested: number;
  truePositives: number;
  planted: number;
  found: number;
}

/** Scores documents, each with its suggestions and its planted items. */
export function scoreSuggestions(documents: readonly { readonly suggestions: readonly ScoredItem[]; readonly planted: readonly ScoredItem[] }[]): SuggestionScore {
  const tallies = new Map<string, Tally>(SUGGESTION_CATEGORIES.map((category: SuggestionCategory) => [category, { suggested: 0, truePositives: 0, planted: 0, found: 0 }]));
  const tally = (category: string): Tally => {
    let existing = tallies.get(category);
    if (existing === undefined) tallies.set(category, (existing = { suggested: 0, truePositives: 0, planted: 0, found: 0 }));
    return existing;
  };
  const falseNegatives: ScoredItem[] = [];
  const falsePositives: ScoredItem[] = [];
  for (const document of documents) {
    const planted = new Map(document.planted.map((item) => [key(item), item]));
    const suggested = new Map(document.suggestions.map((item) => [key(item), item]));
    for (const [itemKey, item] of suggested) {
      const entry = tally(item.category);
      entry.suggested += 1;
      if (planted.has(itemKey)) entry.truePositives += 1;
      else falsePositives.push({ category: item.category, text: item.text });
    }
    for (const [itemKey, item] of planted) {
      const entry = tally(item.category);
      entry.planted += 1;
      if (suggested.has(itemKey)) entry.found += 1;
      else falseNegatives.push({ category: item.category, text: item.text });
    }
  }
  const categories = [...tallies].map(([category, entry]) => toScore(category, entry));
  const total = [...tallies.values()].reduce(
    (sum, entry) => ({ suggested: sum.suggested + entry.suggested, truePositives: sum.truePositives + entry.truePositives, planted: sum.planted + entry.planted, found: sum.found + entry.found }),
    { suggested: 0, truePositives: 0, planted: 0, found: 0 },
  );
  return { overall: toScore('overall', total), categories, falseNegatives, falsePositives };
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

function toScore(category: string, entry: Tally): CategoryScore {
  return { category, ...entry, precision: ratio(entry.truePositives, entry.suggested), recall: ratio(entry.found, entry.planted) };
}
