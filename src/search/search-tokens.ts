/**
 * The one tokeniser of the search feature, kept consistent with SQLite FTS5's
 * `unicode61 remove_diacritics 2`: a token is a run of letters, digits, combining marks or
 * private-use characters; everything else separates tokens. Tokens are compared folded
 * (lower case, diacritics removed), as both index engines store them.
 */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}/gu;

/** The raw tokens of a text, in order. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const NON_ASCII = /[^\u0020-\u007e]/;

/** Lower case without diacritics: `Café` → `cafe`. May be empty (a run of marks only). */
export function foldToken(token: string): string {
  if (!NON_ASCII.test(token)) return token.toLowerCase();
  return token.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/** The folded, non-empty tokens of a text. */
export function searchTokensOf(text: string): string[] {
  return tokenize(text)
    .map(foldToken)
    .filter((token) => token.length > 0);
}

/** True when the string is exactly one folded token (what query terms are made of). */
export function isSearchToken(value: string): boolean {
  return /^[\p{L}\p{N}\p{Co}]+$/u.test(value) && foldToken(value) === value;
}
