import { caseDataMatcher } from './case-data.matcher.js';
import type { CasePerson } from './case-people.js';
import { foldDiacritics } from './page-text-index.js';
import { PATTERN_MATCHERS } from './patterns/index.js';
import type { PiiDetectionRequest, PiiSpan } from './pii-detector.port.js';
import { collapseOverlaps } from './suggestion-overlaps.js';
import type { TextMatch, TextMatcher } from './suggestion.types.js';
import { findCuedAddresses } from './local/address-cue.rules.js';
import { laterMentionFinder } from './local/later-mentions.js';
import { PersonRegistry } from './local/person-grouping.js';
import { findNlpNames } from './local/nlp-names.js';
import { findPersonNames, type NameCandidate } from './local/person-name.rules.js';

/** How far (characters) before an address, phone, e-mail or date of birth its person's name may be, within one sentence. */
const PERSON_WINDOW = 240;
const SENTENCE_END = /[.!?][ \n]+(?=[A-Z])|\n(?=[A-Z][\p{L} ]{0,30}:)/gu;

const wordsOf = (text: string): string[] => text.split(/[ \n]+/).filter(Boolean);

/** The local detector's work: case data, UK patterns, name rules, later mentions, person keys. */
export function detectLocally(request: PiiDetectionRequest, { nlpNames = true }: { readonly nlpNames?: boolean } = {}): PiiSpan[] {
  return assembleSpans(request, { nameRules: true, nlpNames });
}

export interface AssemblyOptions {
  /** The person-name rules (the local adapter); off, names come only from the case data and `found`. Case data and UK patterns always run. */
  readonly nameRules: boolean;
  /** With the name rules: runs of capitalised words no rule explains, put to an NLP tagger (compromise). */
  readonly nlpNames?: boolean;
  /** What another detector found, per page index (offsets into the page text). */
  readonly found?: ReadonlyMap<number, readonly TextMatch[]>;
}

/**
 * The case data's matches, the given detector's own matches, later mentions of every name found, overlaps
 * collapsed, and person keys: shared by the adapters so that every detector groups by person the same way.
 */
export function assembleSpans({ pages, people }: PiiDetectionRequest, options: AssemblyOptions): PiiSpan[] {
  const caseData = caseDataMatcher(people);
  const matchers: readonly TextMatcher[] = [caseData, ...PATTERN_MATCHERS, findCuedAddresses];
  const registry = registryOf(people);
  const ordered = [...pages].sort((a, b) => a.pageIndex - b.pageIndex);
  const folded = ordered.map((page) => foldDiacritics(page.text));
  const given = ordered.map((page) => options.found?.get(page.pageIndex) ?? []);
  // First pass: every name found, so that a later mention on page 1 of someone named fully on page 3 resolves too.
  const foundOnPage = folded.map((text, index) => (text === '' ? [] : [...matchers.flatMap((matcher) => matcher(text)), ...given[index].filter((match) => match.category !== 'name')]));
  const ruleNames: TextMatch[][] = folded.map((text, index) => {
    const names = [...(options.nameRules ? findPersonNames(text) : []), ...given[index].filter((match) => match.category === 'name')];
    if (!(options.nameRules && options.nlpNames === true)) return names;
    // Not inside an address or any other span already found ("…, Merthyr Tydfil CF47 9AB" is a town).
    return [...names, ...findNlpNames(text, [...names, ...foundOnPage[index]])];
  });
  ruleNames.forEach((names, index) => {
    for (const name of names) registry.resolve(wordsOf(folded[index].slice(name.start, name.end)), isTitled(name));
  });
  const laterMentions = laterMentionFinder(registry.known());
  const spans: PiiSpan[] = [];
  ordered.forEach((page, index) => {
    const text = folded[index];
    if (text === '') return;
    const found = foundOnPage[index];
    const addresses = found.filter((match) => match.category === 'address');
    const names = [...ruleNames[index], ...laterMentions(text)].filter(
      (name) => !addresses.some((address) => address.start <= name.start && name.end <= address.end),
    );
    const kept = collapseOverlaps([...found, ...names]);
    const keyed = kept.map((match) => ({ match, personKey: match.category === 'name' ? registry.lookup(wordsOf(text.slice(match.start, match.end)), isTitled(match)) : null }));
    const sentenceStarts = [0, ...[...text.matchAll(SENTENCE_END)].map((end) => end.index + end[0].length)];
    for (const { match, personKey } of keyed) {
      spans.push({
        pageIndex: page.pageIndex,
        start: match.start,
        end: match.end,
        category: match.category,
        text: page.text.slice(match.start, match.end).replace(/\s+/g, ' '),
        confidence: match.confidence,
        source: match.source,
        personKey: personKey ?? (match.category === 'name' ? null : nearestPerson(match, keyed, sentenceStarts)),
      });
    }
  });
  return withStatementMaker(spans, ordered);
}

const MAKER_LABEL = /(?:Statement of|Name of witness|Witness name|Name)[ \t]*:[ \t]*$/i;
const CONTACT_LABEL = /^[ \t]*(?:(?:Home|Work|Contact)[ \t]+)?(?:address|postcode|mobile|tel(?:ephone)?|phone|e-?mail|date[ \t]+of[ \t]+birth|D\.?O\.?B\.?)\b/i;

/** The line of `text` around `offset`. */
function lineAround(text: string, offset: number): { start: number; line: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, line: text.slice(start, end === -1 ? text.length : end) };
}

/**
 * The contact details a statement form lists apart from any sentence (`Home address: …`, `Mobile: …`,
 * `Date of birth: …`) are the statement maker's: the person named after `Statement of:` or `Name:`.
 */
function withStatementMaker(spans: PiiSpan[], pages: readonly PiiDetectionRequest['pages'][number][]): PiiSpan[] {
  const textOf = new Map(pages.map((page) => [page.pageIndex, page.text]));
  const maker = spans.find((span) => {
    if (span.category !== 'name' || span.personKey === null) return false;
    const text = textOf.get(span.pageIndex) ?? '';
    const { start } = lineAround(text, span.start);
    return MAKER_LABEL.test(text.slice(start, span.start));
  })?.personKey;
  if (maker === undefined || maker === null) return spans;
  return spans.map((span) => {
    if (span.personKey !== null || span.category === 'name') return span;
    return CONTACT_LABEL.test(lineAround(textOf.get(span.pageIndex) ?? '', span.start).line) ? { ...span, personKey: maker } : span;
  });
}

function registryOf(people: readonly CasePerson[]): PersonRegistry {
  const registry = new PersonRegistry();
  for (const person of people) {
    const words = [...wordsOf(foldDiacritics(person.firstNames.normalize('NFC'))).slice(0, 1), ...wordsOf(foldDiacritics(person.surname.normalize('NFC')))];
    if (words.length > 0) registry.resolve(words.length > 2 ? [words[0], words.slice(1).join(' ')] : words, false);
  }
  return registry;
}

const isTitled = (match: TextMatch): boolean => (match as Partial<NameCandidate>).rule === 'titled';

/** The person of the nearest name before a span in the same sentence (or just after it, "born … , Kwame said"). */
function nearestPerson(span: TextMatch, keyed: readonly { match: TextMatch; personKey: string | null }[], sentenceStarts: readonly number[]): string | null {
  const sentenceStart = sentenceStarts.filter((start) => start <= span.start).at(-1) ?? 0;
  const before = keyed.filter(({ match, personKey }) => personKey !== null && match.category === 'name' && match.end <= span.start && match.start >= Math.max(sentenceStart, span.start - PERSON_WINDOW));
  return before.at(-1)?.personKey ?? null;
}
