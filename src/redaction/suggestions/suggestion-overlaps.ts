import type { TextMatch } from './suggestion.types.js';

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
