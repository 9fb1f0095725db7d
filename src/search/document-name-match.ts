import type { SearchTerm } from './search-index.port.js';
import { searchTokensOf } from './search-tokens.js';

export type NameField = 'title' | 'fileName';

/** The file name without its extension's dot splitting it oddly: `MG11 Smith.docx` → tokens `mg11 smith docx`. */
const tokensOfField = (value: string): string[] => searchTokensOf(value);

function termMatches(tokens: readonly string[], term: SearchTerm): boolean {
  switch (term.kind) {
    case 'word':
      return tokens.includes(term.text);
    case 'prefix':
      return tokens.some((token) => token.startsWith(term.text));
    case 'phrase':
      for (let start = 0; start + term.words.length <= tokens.length; start += 1) {
        if (term.words.every((word, offset) => tokens[start + offset] === word)) return true;
      }
      return false;
  }
}

/**
 * Which of a document's names a query finds it by: every term must occur in the title or the file name (each
 * term in either; a phrase within one), tokenised and folded as the index is, so `mg11 smith` finds the title
 * `MG11 – John Smith` and `"smith docx"` the file `Smith.docx`. Empty when the names do not match.
 */
export function nameMatches(terms: readonly SearchTerm[], title: string, fileName: string): NameField[] {
  const fields: [NameField, string[]][] = [
    ['title', tokensOfField(title)],
    ['fileName', tokensOfField(fileName)],
  ];
  const matched = new Set<NameField>();
  for (const term of terms) {
    const where = fields.filter(([, tokens]) => termMatches(tokens, term)).map(([field]) => field);
    if (where.length === 0) return [];
    for (const field of where) matched.add(field);
  }
  return fields.map(([field]) => field).filter((field) => matched.has(field));
}
