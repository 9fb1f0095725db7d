import { DomainError } from '../common/domain-error.js';
import type { SearchTerm } from './search-index.port.js';
import { COVERED_TOKEN, isCjkToken, queryTokensOf } from './search-tokens.js';

export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 16;
/** A prefix shorter than this would match most of an index; it is searched as a whole word instead. */
export const MIN_PREFIX_LENGTH = 2;

const QUOTES = new Set(['"', '\u201c', '\u201d']);
const SPACE = /\s/u;

/**
 * User text → search terms, all ANDed. The only syntax is `"quoted phrases"` and a trailing `*` on a
 * word (prefix). Everything else is literal text, tokenised like the index: `knife-edge` or `O'Brien`
 * (one chunk, several tokens) becomes a phrase, `07700 900123` two words. No operator, column filter
 * or grouping of either engine survives: terms carry folded tokens only (letters, digits).
 * A Chinese/Japanese/Korean run becomes a phrase of its bigrams (`法院`, `人民法院` → `人民 民法 法院`),
 * and a lone CJK character a prefix, so either finds the characters inside a longer run.
 */
export function parseSearchQuery(text: string): SearchTerm[] {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `q must be at most ${MAX_QUERY_LENGTH} characters.`, { field: 'q' });
  }
  const terms: SearchTerm[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (SPACE.test(char)) {
      index += 1;
    } else if (QUOTES.has(char)) {
      let end = index + 1;
      while (end < text.length && !QUOTES.has(text[end])) end += 1;
      pushTokens(terms, queryTokensOf(text.slice(index + 1, end)), false);
      index = end + 1;
    } else {
      let end = index;
      while (end < text.length && !SPACE.test(text[end]) && !QUOTES.has(text[end])) end += 1;
      const chunk = text.slice(index, end);
      pushTokens(terms, queryTokensOf(chunk), chunk.endsWith('*'));
      index = end;
    }
  }
  if (terms.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'q must contain at least one word (letters or digits).', { field: 'q' });
  }
  if (terms.length > MAX_QUERY_TERMS) {
    throw new DomainError('VALIDATION_FAILED', `q may have at most ${MAX_QUERY_TERMS} words or phrases.`, { field: 'q' });
  }
  return dedupe(terms);
}

function pushTokens(terms: SearchTerm[], typed: readonly string[], prefix: boolean): void {
  // the index's stand-in for covered words is never a query token (search-tokens.ts)
  const tokens = typed.map((token) => token.replaceAll(COVERED_TOKEN, '')).filter((token) => token.length > 0);
  if (tokens.length === 0) return;
  if (tokens.length > 1) {
    // A phrase cannot end in a prefix in the port's model; the `*` of `o'bri*` is dropped.
    terms.push({ kind: 'phrase', words: tokens });
    return;
  }
  const token = tokens[0];
  if ([...token].length === 1 && isCjkToken(token)) {
    terms.push({ kind: 'prefix', text: token });
    return;
  }
  terms.push(prefix && [...token].length >= MIN_PREFIX_LENGTH ? { kind: 'prefix', text: token } : { kind: 'word', text: token });
}

const keyOf = (term: SearchTerm): string => (term.kind === 'phrase' ? `phrase:${term.words.join(' ')}` : `${term.kind}:${term.text}`);

function dedupe(terms: readonly SearchTerm[]): SearchTerm[] {
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = keyOf(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
