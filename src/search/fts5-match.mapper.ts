import type { SearchTerm } from './search-index.port.js';

/** An FTS5 string literal: the text in double quotes with embedded double quotes doubled. */
export const fts5String = (text: string): string => `"${text.replaceAll('"', '""')}"`;

function termToFts5(term: SearchTerm): string {
  switch (term.kind) {
    case 'word':
      return fts5String(term.text);
    case 'prefix':
      return `${fts5String(term.text)}*`;
    case 'phrase':
      return fts5String(term.words.join(' '));
  }
}

/**
 * Terms → an FTS5 MATCH expression in which every term is a quoted string (`"knife"`, `"knif"*`,
 * `"07700 900123"`), separated by spaces (implicit AND). Nothing the user typed is ever an FTS5
 * operator, column filter or bareword.
 *
 * Two words typed next to each other (`07700 900123`) must both occur, anywhere in the line; to rank
 * lines where they are adjacent first, the expression adds one alternative per such pair with the pair
 * as a phrase: `"07700" "900123" OR ("07700 900123")`. Each alternative needs the same words, so the
 * matches are unchanged, but bm25 scores the phrase too on lines that have it.
 */
export function toFts5Match(terms: readonly SearchTerm[]): string {
  const all = terms.map(termToFts5).join(' ');
  const boosts: string[] = [];
  for (let index = 0; index + 1 < terms.length; index += 1) {
    const first = terms[index];
    const second = terms[index + 1];
    if (first.kind !== 'word' || second.kind !== 'word') continue;
    const pair: SearchTerm = { kind: 'phrase', words: [first.text, second.text] };
    boosts.push(`(${[...terms.slice(0, index), pair, ...terms.slice(index + 2)].map(termToFts5).join(' ')})`);
  }
  return [all, ...boosts].join(' OR ');
}
