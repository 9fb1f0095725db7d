import { CJK_CHAR, CJK_OR_OTHER_RUNS } from '../common/scripts.js';

/**
 * The one tokeniser of the search feature (both index engines store what it gives; see ADR 0020).
 * Text is NFKC-normalised first (Arabic presentation forms, full-width Latin, ligatures → plain letters);
 * a token is then a run of letters, digits, combining marks or private-use characters, everything else
 * separating tokens. Tokens are compared folded (lower case, diacritics removed).
 *
 * Chinese, Japanese and Korean are not written with spaces, so a run of Han, Kana or Hangul is indexed
 * as overlapping bigrams followed by its last character alone (`人民法院` → `人民 民法 法院 院`), and a
 * query's run as its bigrams (`法院`): a phrase of bigrams finds any substring of two or more
 * characters, a one-character query is a prefix of the token at its position.
 */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0020-\u007e]/;

/** The raw tokens of a text, in order (NFKC-normalised, not folded, CJK runs not split). */
export function tokenize(text: string): string[] {
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text).match(TOKEN) ?? [];
}

/** Lower case without diacritics: `Café` → `cafe`. May be empty (a run of marks only). */
export function foldToken(token: string): string {
  if (!NON_ASCII.test(token)) return token.toLowerCase();
  // Kana voicing marks belong to their letters (が is not か): composed first, only marks left over are dropped.
  if (CJK_CHAR.test(token)) return token.toLowerCase().normalize('NFC').replace(MARKS, '');
  return token.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
}

type Side = 'index' | 'query';

function cjkTokens(run: string, side: Side, last: boolean): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const tokens: string[] = [];
  for (let index = 0; index + 1 < chars.length; index += 1) tokens.push(chars[index] + chars[index + 1]);
  // The index marks where a run ends, so a query run followed by more text must say so too.
  if (side === 'index' || !last) tokens.push(chars[chars.length - 1]);
  return tokens;
}

function tokensOf(text: string, side: Side): string[] {
  if (!NON_ASCII.test(text)) return (text.match(TOKEN) ?? []).map((token) => token.toLowerCase());
  const out: string[] = [];
  const raw = tokenize(text);
  raw.forEach((token, tokenIndex) => {
    if (!CJK_CHAR.test(token)) {
      const folded = foldToken(token);
      if (folded.length > 0) out.push(folded);
      return;
    }
    const runs = token.match(CJK_OR_OTHER_RUNS) ?? [];
    runs.forEach((run, runIndex) => {
      const folded = foldToken(run);
      if (folded.length === 0) return;
      if (!CJK_CHAR.test(run)) out.push(folded);
      else out.push(...cjkTokens(folded, side, tokenIndex === raw.length - 1 && runIndex === runs.length - 1));
    });
  });
  return out;
}

/** The folded, non-empty tokens of a text as the index stores them (CJK runs as bigrams and a final character). */
export function searchTokensOf(text: string): string[] {
  return tokensOf(text, 'index');
}

/** The folded tokens of typed query text: CJK runs as bigrams, so a word inside a longer run is found. */
export function queryTokensOf(text: string): string[] {
  return tokensOf(text, 'query');
}

/**
 * The text SQLite's FTS table indexes: the index-side tokens joined by spaces. ASCII text is returned as it is,
 * because unicode61 splits and folds it exactly as we do (most lines of most cases: no work at ingestion).
 */
export function searchTextOf(text: string): string {
  return NON_ASCII.test(text) ? searchTokensOf(text).join(' ') : text;
}

/** True when a query token came from a CJK run (a one-character one is searched as a prefix). */
export function isCjkToken(token: string): boolean {
  return CJK_CHAR.test(token);
}

/** True when the string is exactly one folded token (what query terms are made of). */
export function isSearchToken(value: string): boolean {
  return /^[\p{L}\p{N}\p{Co}]+$/u.test(value) && foldToken(value) === value;
}

/**
 * Stands in the index for each token of a covered word (ADR 0033), so the words around it stay apart (a phrase
 * never jumps a covered word) and the word itself matches nothing. A private-use character: a token to both
 * engines, and the query parser drops it, so no query can match it.
 */
export const COVERED_TOKEN = '\uf8ff';

/**
 * The tokens searched by default for a line with covered words: each covered word's tokens replaced by
 * COVERED_TOKEN. Lines without covered words are searched by searchTokensOf / searchTextOf as before.
 */
export function liveTokensOf(words: readonly { readonly text: string; readonly covered?: true }[]): string[] {
  return words.flatMap((word) => {
    const tokens = searchTokensOf(word.text);
    return word.covered === true ? tokens.map(() => COVERED_TOKEN) : tokens;
  });
}

export const hasCoveredWords = (words: readonly { readonly covered?: true }[]): boolean => words.some((word) => word.covered === true);
