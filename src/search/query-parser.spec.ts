import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../common/domain-error.js';
import { toSimpleQuery } from './azure-search-query.mapper.js';
import { toFts5Match } from './fts5-match.mapper.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from './query-parser.js';
import type { SearchTerm } from './search-index.port.js';
import { isSearchToken } from './search-tokens.js';

const validationFailure = (text: string): unknown => {
  try {
    parseSearchQuery(text);
  } catch (error) {
    return error;
  }
  return null;
};

const tokensOf = (terms: readonly SearchTerm[]): string[] => terms.flatMap((term) => (term.kind === 'phrase' ? term.words : [term.text]));

/** Characters that mean something to FTS5, Lucene or the simple syntax, mixed into random text. */
const syntax = fc.constantFrom(...'"*():^-+|!~?{}[]\\/&\'`,.;<>= \t\n'.split(''), ' AND ', ' OR ', ' NOT ', ' NEAR(', 'text:', 'caseId:', '\u201c', '\u201d', '\u0000');
const hostileText = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), syntax, fc.constantFrom('knife', 'Café', '07700', 'O\u2019Brien')), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseSearchQuery', () => {
  it('parses words, quoted phrases and prefixes, lower-cased and folded', () => {
    expect(parseSearchQuery('Knife "07700 900123" knif* Café')).toEqual([
      { kind: 'word', text: 'knife' },
      { kind: 'phrase', words: ['07700', '900123'] },
      { kind: 'prefix', text: 'knif' },
      { kind: 'word', text: 'cafe' },
    ]);
  });

  it('makes a CJK run a phrase of its bigrams and a lone CJK character a prefix', () => {
    expect(parseSearchQuery('法院 人民法院 院')).toEqual([
      { kind: 'word', text: '法院' },
      { kind: 'phrase', words: ['人民', '民法', '法院'] },
      { kind: 'prefix', text: '院' },
    ]);
    expect(parseSearchQuery('"人民 法院"')).toEqual([{ kind: 'phrase', words: ['人民', '民', '法院'] }]);
  });

  it('normalises what a user types (NFKC): Arabic presentation forms and full-width Latin become plain letters', () => {
    expect(parseSearchQuery('ﺍﻟﻤﺤﻜﻤﺔ Ｋｎｉｆｅ')).toEqual([
      { kind: 'word', text: 'المحكمة' },
      { kind: 'word', text: 'knife' },
    ]);
  });

  it('keeps an unquoted phone number as two words, and a punctuated chunk as a phrase', () => {
    expect(parseSearchQuery('07700 900123')).toEqual([
      { kind: 'word', text: '07700' },
      { kind: 'word', text: '900123' },
    ]);
    expect(parseSearchQuery("07700-900123 O'Brien")).toEqual([
      { kind: 'phrase', words: ['07700', '900123'] },
      { kind: 'phrase', words: ['o', 'brien'] },
    ]);
  });

  it('treats engine operators and filters as literal words', () => {
    expect(parseSearchQuery('knife OR NOT gun')).toEqual(['knife', 'or', 'not', 'gun'].map((text) => ({ kind: 'word', text })));
    expect(parseSearchQuery('text:knife')).toEqual([{ kind: 'phrase', words: ['text', 'knife'] }]);
    expect(parseSearchQuery('NEAR(a b) ^c -d')).toEqual([
      { kind: 'phrase', words: ['near', 'a'] },
      { kind: 'word', text: 'b' },
      { kind: 'word', text: 'c' },
      { kind: 'word', text: 'd' },
    ]);
  });

  it('closes an unterminated quote at the end, accepts typographic quotes and drops duplicates', () => {
    expect(parseSearchQuery('"red knife')).toEqual([{ kind: 'phrase', words: ['red', 'knife'] }]);
    expect(parseSearchQuery('\u201cred knife\u201d knife knife')).toEqual([
      { kind: 'phrase', words: ['red', 'knife'] },
      { kind: 'word', text: 'knife' },
    ]);
  });

  it('searches a one-letter prefix as a word', () => {
    expect(parseSearchQuery('k*')).toEqual([{ kind: 'word', text: 'k' }]);
  });

  it.each([[''], ['   '], ['"" * -- ()'], ['x'.repeat(MAX_QUERY_LENGTH + 1)], [Array.from({ length: MAX_QUERY_TERMS + 1 }, (_v, i) => `w${i}`).join(' ')]])(
    'refuses %j with VALIDATION_FAILED',
    (text) => {
      const error = validationFailure(text);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    },
  );

  it('accepts the longest query and the most terms allowed', () => {
    expect(parseSearchQuery(`${'a'.repeat(MAX_QUERY_LENGTH - 1)}*`)).toHaveLength(1);
    expect(parseSearchQuery(Array.from({ length: MAX_QUERY_TERMS }, (_v, i) => `w${i}`).join(' '))).toHaveLength(MAX_QUERY_TERMS);
  });

  it('property: any input yields only folded letter/digit tokens, or VALIDATION_FAILED', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        let terms: SearchTerm[];
        try {
          terms = parseSearchQuery(text);
        } catch (error) {
          return error instanceof DomainError && error.code === 'VALIDATION_FAILED';
        }
        return terms.length >= 1 && terms.length <= MAX_QUERY_TERMS && tokensOf(terms).every(isSearchToken);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the FTS5 expression is only quoted strings (with an optional * after a prefix), and our own OR groups', () => {
    const quoted = String.raw`"[\p{L}\p{N}\p{Co} ]+"\*?`;
    const conjunction = `${quoted}(?: ${quoted})*`;
    const fts5Grammar = new RegExp(`^${conjunction}(?: OR \\(${conjunction}\\))*$`, 'u');
    fc.assert(
      fc.property(hostileText, (text) => {
        let terms: SearchTerm[];
        try {
          terms = parseSearchQuery(text);
        } catch {
          return true;
        }
        return fts5Grammar.test(toFts5Match(terms));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the simple-syntax text is only quoted words/phrases and bare token prefixes', () => {
    const simpleGrammar = /^(?:"[\p{L}\p{N}\p{Co} ]+"|[\p{L}\p{N}\p{Co}]+\*)(?: (?:"[\p{L}\p{N}\p{Co} ]+"|[\p{L}\p{N}\p{Co}]+\*))*$/u;
    fc.assert(
      fc.property(hostileText, (text) => {
        let terms: SearchTerm[];
        try {
          terms = parseSearchQuery(text);
        } catch {
          return true;
        }
        return simpleGrammar.test(toSimpleQuery(terms));
      }),
      { numRuns: 2000 },
    );
  });
});
