import nlp from 'compromise';
import type { TextMatch } from '../suggestion.types.js';
import { acceptableName, FULL_NAME_PATTERN, type NameCandidate } from './person-name.rules.js';

/**
 * Names no rule explains ("Kwame Asante went back inside", "Neither Ioana Petrescu nor I"): every run of
 * two to four capitalised words the rules did not find is put, with a few words around it, to compromise
 * (an NLP library's part-of-speech and named-entity tagger). It is taken as a person's name when
 * compromise calls it a person, or a proper noun that is neither a place, an organisation, a date nor a
 * verb or adjective; then the rules trim it (titles and ranks, organisation and street words, a possessive
 * 's). Only the candidates are tagged, never whole pages: the tagger costs ~0.1 s a page.
 */
const CANDIDATE = new RegExp(`(?<![\\p{L}\\p{N}'’-])${FULL_NAME_PATTERN}`, 'gu');
const NOT_A_PERSON_TAGS = ['Place', 'Organization', 'Country', 'City', 'Region', 'Date', 'Month', 'WeekDay', 'Verb', 'Adjective', 'Adverb', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'Value', 'Acronym'];
const CONTEXT_CHARACTERS = 40;
const FUNCTION_TAGS = ['Adjective', 'Determiner', 'Conjunction', 'Preposition', 'Pronoun', 'Adverb', 'QuestionWord', 'Negative'];

interface Term {
  readonly text: string;
  readonly pre: string;
  readonly post: string;
  readonly tags: readonly string[];
}

export function findNlpNames(text: string, found: readonly TextMatch[]): NameCandidate[] {
  const names: NameCandidate[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    let end = start + match[0].length;
    // A word before a colon is a label ("Oswin Ploughwright / From: …"), never the end of a name.
    if (text[end] === ':') end = start + match[0].trimEnd().search(/[ \n]+\S+$/);
    if (end <= start) continue;
    if (found.some((other) => other.start < end && start < other.end)) continue;
    // The rules' refusals (courts, forces, streets, headings) are cheap: compromise sees only what they leave.
    if (acceptableName(text, start, end) === null && acceptableName(text, text.indexOf(' ', start) + 1, end) === null) continue;
    const tagged = personWords(text, start, end);
    if (tagged === null) continue;
    const possessive = /['’]s$/.exec(text.slice(tagged.start, tagged.end));
    const trimmed = acceptableName(text, tagged.start, tagged.end - (possessive?.[0].length ?? 0));
    if (trimmed !== null) names.push({ ...trimmed, category: 'name', source: 'name-rules', confidence: 0.6, rule: 'nlp' });
  }
  return names;
}

/**
 * compromise's reading of the words [start, end) in their context: the words it calls people or proper
 * nouns, once words of other kinds are dropped from either end ("Neither Dafydd Pryce"); null when fewer
 * than two are left, or when one of them is a place, an organisation, a date, a verb…
 */
function personWords(text: string, start: number, end: number): { start: number; end: number } | null {
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, start - CONTEXT_CHARACTERS)));
  const until = text.indexOf(' ', Math.min(text.length, end + CONTEXT_CHARACTERS));
  const context = text.slice(from, until === -1 ? text.length : until).replace(/\n/g, ' ');
  const terms = (nlp(context).json() as { terms: Term[] }[]).flatMap((sentence) => sentence.terms);
  let at = 0;
  const inside: { term: Term; start: number; end: number }[] = [];
  for (const term of terms) {
    // compromise may normalise a term (numbers, contractions): such a term is not a name word; skip it.
    const found = context.indexOf(term.text, at);
    if (found === -1 || term.text === '') continue;
    at = found + term.text.length;
    if (from + found >= start && from + found < end) inside.push({ term, start: from + found, end: from + at });
  }
  const nameLike = ({ term }: { term: Term }): boolean => term.tags.includes('Person') || term.tags.includes('ProperNoun');
  const notAPerson = ({ term }: { term: Term }): boolean => term.tags.some((tag) => NOT_A_PERSON_TAGS.includes(tag));
  // At a sentence's start capitals say nothing, so compromise guesses a word's kind ("Mared" a verb): the words after
  // it decide, unless it reads as an adjective or a function word ("Kind Regards", "Neither Dafydd Pryce").
  const sentenceStart = (word: { start: number }): boolean => /(?:^|[.!?:]\s+|\n)$/.test(text.slice(Math.max(0, word.start - 3), word.start));
  const functionWord = ({ term }: { term: Term }): boolean => term.tags.some((tag) => FUNCTION_TAGS.includes(tag));
  const guessedAtStart = (word: { start: number; term: Term }): boolean => sentenceStart(word) && !functionWord(word) && inside.length > 1 && inside.slice(1).every((other) => nameLike(other) && !notAPerson(other));
  while (inside.length > 0 && !nameLike(inside[0]) && !guessedAtStart(inside[0])) inside.shift();
  if (inside.length < 2 || !nameLike(inside[inside.length - 1])) return null;
  const rest = sentenceStart(inside[0]) ? inside.slice(1) : inside;
  if (rest.some(notAPerson)) return null;
  if (!inside.some(({ term }) => term.tags.includes('Person')) && !inside.slice(1).every(nameLike)) return null;
  return { start: inside[0].start, end: Math.min(end, inside[inside.length - 1].end) };
}

/** compromise builds its lexicon on first use (~50 ms): done at start-up, not in the first request. */
export function warmUpNlpNames(): void {
  nlp('Kwame Asante went back inside.').json();
}
