import { describe, expect, it } from '@jest/globals';
import { nameMatches } from './document-name-match.js';
import { parseSearchQuery } from './query-parser.js';

const match = (q: string, title: string, fileName: string) => nameMatches(parseSearchQuery(q), title, fileName);

describe('nameMatches', () => {
  it('needs every term in the title or the file name, folded as the index folds', () => {
    expect(match('mg11 smith', 'MG11 – John Smith', 'statement.pdf')).toEqual(['title']);
    expect(match('smith docx', 'MG11 – John Smith', 'smith.docx')).toEqual(['title', 'fileName']);
    expect(match('zoe', 'Statement of Zoë Müller', 'a.pdf')).toEqual(['title']);
    expect(match('smith jones', 'MG11 – John Smith', 'statement.pdf')).toEqual([]);
  });

  it('matches prefixes and phrases, a phrase within one name only', () => {
    expect(match('stat*', 'Witness statement', 'x.pdf')).toEqual(['title']);
    expect(match('"john smith"', 'MG11 John Smith', 'x.pdf')).toEqual(['title']);
    expect(match('"smith john"', 'MG11 John Smith', 'x.pdf')).toEqual([]);
    expect(match('"statement smith"', 'Witness statement', 'smith.pdf')).toEqual([]);
  });

  it('treats operator-looking text as words', () => {
    expect(match('smith OR jones', 'John Smith', 'x.pdf')).toEqual([]);
    expect(match('title:smith', 'John Smith', 'x.pdf')).toEqual([]);
  });
});
