import type { DocumentText } from '../../common/word-model.js';
import { caseDataMatcher } from './case-data.matcher.js';
import type { CasePerson } from './case-people.js';
import { PageTextIndex } from './page-text-index.js';
import { PATTERN_MATCHERS } from './patterns/index.js';
import type { RedactionSuggestion, TextMatch, TextMatcher } from './suggestion.types.js';

/**
 * Finds personal data in a document's extracted words: the case's own people (names, addresses,
 * dates of birth from the legacy CMS) and UK patterns. Matching runs over each page's word
 * sequence, so a match may span words and lines; its boxes are the matched words' boxes, merged
 * per line. Overlapping matches of one category collapse into the longest (case data first);
 * the result is sorted by page and reading order.
 */
export function findRedactionSuggestions(text: DocumentText, people: readonly CasePerson[]): RedactionSuggestion[] {
  const matchers: readonly TextMatcher[] = [caseDataMatcher(people), ...PATTERN_MATCHERS];
  const suggestions: RedactionSuggestion[] = [];
  for (const page of [...text.pages].sort((a, b) => a.pageIndex - b.pageIndex)) {
    const index = PageTextIndex.of(page);
    if (index.text === '') continue;
    const matches = collapseOverlaps(matchers.flatMap((matcher) => matcher(index.folded)));
    for (const match of matches) {
      const boxes = index.boxesFor(match.start, match.end);
      if (boxes.length === 0) continue;
      suggestions.push({
        category: match.category,
        text: index.text.slice(match.start, match.end).replace(/\s+/g, ' '),
        pageIndex: page.pageIndex,
        boxes,
        source: match.source,
        confidence: match.confidence,
      });
    }
  }
  return suggestions;
}

/** Keeps, per category, the longest of overlapping matches (case data before patterns, then confidence); sorted by position. */
export function collapseOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  const ranked = [...matches].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || rankSource(a) - rankSource(b) || b.confidence - a.confidence || a.start - b.start,
  );
  const kept: TextMatch[] = [];
  for (const match of ranked) {
    const same = kept.findIndex((other) => other.category === match.category && other.start < match.end && match.start < other.end);
    if (same === -1) {
      kept.push(match);
      continue;
    }
    const other = kept[same];
    // The same words found twice (case data and a pattern) are surer than either alone.
    if (other.start === match.start && other.end === match.end && other.source !== match.source) {
      kept[same] = { ...other, confidence: Math.min(0.99, Math.max(other.confidence, match.confidence) + 0.04) };
    }
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const rankSource = (match: TextMatch): number => (match.source === 'case-data' ? 0 : 1);
