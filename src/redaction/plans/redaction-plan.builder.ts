import type { Box, DocumentText, PageText, Word } from '../../common/word-model.js';
import { isCjkToken, queryTokensOf, searchTokensOf } from '../../search/search-tokens.js';
import { paddedWordBox } from '../search-term-boxes.js';
import { caseDataMatcher } from '../suggestions/case-data.matcher.js';
import type { CasePerson } from '../suggestions/case-people.js';
import { PageTextIndex } from '../suggestions/page-text-index.js';
import { PATTERN_MATCHERS } from '../suggestions/patterns/index.js';
import type { PiiDetector, PiiSpan } from '../suggestions/pii-detector.port.js';
import { collapseOverlaps } from '../suggestions/suggestion-finder.js';
import type { SuggestionCategory, TextMatcher } from '../suggestions/suggestion.types.js';
import type { PersonCategory, PlanBox, PlanBoxOrigin, PlanPage, WordRef } from './redaction-plan.model.js';

/** What a plan looks for, with the people's data as the legacy CMS gave it (held in memory while the plan is built). */
export interface PlanQuery {
  readonly terms: readonly string[];
  readonly people: readonly { readonly person: CasePerson; readonly categories: readonly PersonCategory[] }[];
  readonly categories: readonly SuggestionCategory[];
  /** Every person of the case: suggestion categories find them as the suggestions endpoint does. */
  readonly casePeople: readonly CasePerson[];
}

interface CompiledTerm {
  readonly termIndex: number;
  readonly tokens: readonly string[];
}

interface CompiledMatcher {
  readonly matcher: TextMatcher;
  /** The suggestion categories' matcher (replaced by the detector's spans when there are some). */
  readonly categories?: true;
  readonly keep: ReadonlySet<SuggestionCategory>;
  readonly origin: (category: SuggestionCategory) => PlanBoxOrigin;
}

/** A plan query compiled once (regexes, tokens) and run over every page of every document. */
export interface CompiledPlanQuery {
  readonly terms: readonly CompiledTerm[];
  readonly matchers: readonly CompiledMatcher[];
  readonly categories: ReadonlySet<SuggestionCategory>;
}

export function compilePlanQuery(query: PlanQuery): CompiledPlanQuery {
  const terms = query.terms.map((term, termIndex) => ({ termIndex, tokens: queryTokensOf(term) })).filter((term) => term.tokens.length > 0);
  const matchers: CompiledMatcher[] = query.people.map(({ person, categories }, personIndex) => {
    const matcher = caseDataMatcher([person]);
    // The full name and the surname alone overlap: one box, the longest, so rejecting it keeps the name.
    return {
      matcher: (text: string) => collapseOverlaps(matcher(text)),
      keep: new Set<SuggestionCategory>(categories),
      origin: (category: SuggestionCategory): PlanBoxOrigin => ({ kind: 'person', personIndex, category }),
    };
  });
  if (query.categories.length > 0) {
    const all: readonly TextMatcher[] = [caseDataMatcher(query.casePeople), ...PATTERN_MATCHERS];
    matchers.push({
      matcher: (text) => collapseOverlaps(all.flatMap((matcher) => matcher(text))),
      keep: new Set(query.categories),
      origin: (category) => ({ kind: 'category', category }),
      categories: true,
    });
  }
  return { terms, matchers, categories: new Set(query.categories) };
}

/** What the PiiDetector found in one document version, per page index (offsets into PageTextIndex text). */
export type DetectedSpans = ReadonlyMap<number, readonly PiiSpan[]>;

/**
 * The suggestion categories of a plan found as the suggestions endpoint finds them: the same PiiDetector over the
 * whole document (later mentions and person keys need every page), so plan boxes carry the person key too.
 */
export async function detectPlanSpans(text: DocumentText, casePeople: readonly CasePerson[], detector: PiiDetector): Promise<DetectedSpans> {
  const pages = [...text.pages].map((page) => ({ pageIndex: page.pageIndex, text: PageTextIndex.of(page).text })).filter((page) => page.text !== '');
  const byPage = new Map<number, PiiSpan[]>();
  for (const span of await detector.detect({ pages, people: casePeople })) byPage.set(span.pageIndex, [...(byPage.get(span.pageIndex) ?? []), span]);
  return byPage;
}

/**
 * The boxes of one document version: every occurrence of each term (tokenised like search and "redact all
 * occurrences", so what search finds is what the plan boxes), each named person's case data and each suggestion
 * category, per page. A box is one match: the words it covers and one padded rectangle per line. The same words
 * found twice (a term and a person's name) make one box, the first found. With `detected` (the PiiDetector's
 * spans), the suggestion categories are those spans, each box with its person key; without, case data and patterns.
 */
export function planDocumentPages(text: DocumentText, query: CompiledPlanQuery, detected?: DetectedSpans): PlanPage[] {
  const pages: PlanPage[] = [];
  const matchers = detected === undefined ? query.matchers : query.matchers.filter((matcher) => !matcher.categories);
  for (const page of [...text.pages].sort((a, b) => a.pageIndex - b.pageIndex)) {
    const fromDetector = detected === undefined ? [] : detectedMatches(page, detected.get(page.pageIndex) ?? [], query.categories);
    const matches = [...termMatches(page, query.terms), ...textMatches(page, matchers), ...fromDetector];
    if (matches.length === 0) continue;
    const seen = new Set<string>();
    const boxes: PlanBox[] = [];
    for (const match of matches) {
      const key = match.words.map(([line, word]) => `${line}:${word}`).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      boxes.push({ boxId: `${page.pageIndex}.${boxes.length}`, origin: match.origin, words: match.words, rects: rectsOf(page, match.words), ...(match.personKey === undefined ? {} : { personKey: match.personKey }) });
    }
    pages.push({ pageIndex: page.pageIndex, width: page.width, height: page.height, boxes });
  }
  return pages;
}

interface Match {
  readonly origin: PlanBoxOrigin;
  readonly words: readonly WordRef[];
  readonly personKey?: string | null;
}

function detectedMatches(page: PageText, spans: readonly PiiSpan[], categories: ReadonlySet<SuggestionCategory>): Match[] {
  if (spans.length === 0 || categories.size === 0) return [];
  const index = PageTextIndex.of(page);
  const found: Match[] = [];
  for (const span of spans) {
    if (!categories.has(span.category)) continue;
    const words = index.wordsFor(span.start, span.end).map(({ lineIndex, wordIndex }): WordRef => [lineIndex, wordIndex]);
    if (words.length > 0) found.push({ origin: { kind: 'category', category: span.category }, words, personKey: span.personKey });
  }
  return found;
}

function termMatches(page: PageText, terms: readonly CompiledTerm[]): Match[] {
  if (terms.length === 0) return [];
  const tokens: { token: string; ref: WordRef }[] = [];
  page.lines.forEach((line, lineIndex) =>
    line.words.forEach((word, wordIndex) => {
      for (const token of searchTokensOf(word.text)) tokens.push({ token, ref: [lineIndex, wordIndex] });
    }),
  );
  const found: Match[] = [];
  for (const term of terms) {
    const length = term.tokens.length;
    for (let start = 0; start + length <= tokens.length; start += 1) {
      let all = true;
      for (let offset = 0; offset < length && all; offset += 1) all = tokenMatches(tokens[start + offset].token, term.tokens[offset], length);
      if (!all) continue;
      const words: WordRef[] = [];
      for (let offset = 0; offset < length; offset += 1) {
        const ref = tokens[start + offset].ref;
        const last = words.at(-1);
        if (last === undefined || last[0] !== ref[0] || last[1] !== ref[1]) words.push(ref);
      }
      found.push({ origin: { kind: 'term', termIndex: term.termIndex }, words });
    }
  }
  return found;
}

/** As search-term-boxes.ts: a term that is one CJK character is a prefix. */
function tokenMatches(pageToken: string, termToken: string, termLength: number): boolean {
  if (termLength === 1 && [...termToken].length === 1 && isCjkToken(termToken)) return pageToken.startsWith(termToken);
  return pageToken === termToken;
}

function textMatches(page: PageText, matchers: readonly CompiledMatcher[]): Match[] {
  if (matchers.length === 0) return [];
  const index = PageTextIndex.of(page);
  if (index.text === '') return [];
  const found: Match[] = [];
  for (const { matcher, keep, origin } of matchers) {
    for (const match of matcher(index.folded)) {
      if (!keep.has(match.category)) continue;
      const words = index.wordsFor(match.start, match.end).map(({ lineIndex, wordIndex }): WordRef => [lineIndex, wordIndex]);
      if (words.length > 0) found.push({ origin: origin(match.category), words });
    }
  }
  return found;
}

/** One rectangle per line the words are on: their union, padded as search-term boxes are (anti-aliased edges, accents). */
export function rectsOf(page: PageText, words: readonly WordRef[]): Box[] {
  const perLine = new Map<number, Box>();
  for (const [lineIndex, wordIndex] of words) {
    const word: Word | undefined = page.lines[lineIndex]?.words[wordIndex];
    if (word === undefined) continue;
    const merged = perLine.get(lineIndex);
    perLine.set(lineIndex, merged === undefined ? word.box : union(merged, word.box));
  }
  return [...perLine.values()].map((box) => rounded(paddedWordBox(box, page.width, page.height)));
}

/** The matched text as it reads on the page, from the stored words (computed when a plan is read, never stored). */
export function wordsText(page: PageText | undefined, words: readonly WordRef[]): string {
  if (page === undefined) return '';
  return words
    .map(([lineIndex, wordIndex]) => page.lines[lineIndex]?.words[wordIndex]?.text ?? '')
    .filter((word) => word !== '')
    .join(' ');
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const round = (value: number): number => Math.round(value * 100) / 100;
const rounded = (box: Box): Box => ({ x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) });
