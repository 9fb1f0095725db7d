import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { documentVersionFacet, documentVersionKey, lineKey, parseDocumentVersionFacet, safeKeyPart, toBatchFilter, toDocumentFilter, toSecurityFilter, toSimpleQuery } from './azure-search-query.mapper.js';
import { parseSearchQuery } from './query-parser.js';
import { COVERED_TOKEN, liveTokensOf } from './search-tokens.js';
import { fts5String, toFts5Match } from './fts5-match.mapper.js';

describe('FTS5 MATCH mapping', () => {
  it('quotes every term and doubles embedded quotes', () => {
    expect(
      toFts5Match([
        { kind: 'word', text: 'knife' },
        { kind: 'prefix', text: 'knif' },
        { kind: 'phrase', words: ['07700', '900123'] },
      ]),
    ).toBe('"knife" "knif"* "07700 900123"');
    expect(fts5String('a"b')).toBe('"a""b"');
  });
});

describe('Azure AI Search mapping', () => {
  it('quotes words and phrases and escapes prefixes in the simple syntax', () => {
    expect(
      toSimpleQuery([
        { kind: 'word', text: 'knife' },
        { kind: 'prefix', text: 'knif' },
        { kind: 'phrase', words: ['07700', '900123'] },
      ]),
    ).toBe('"knife" knif* "07700 900123"');
    // Terms never carry these (the parser emits tokens only); if one did, it would be escaped.
    expect(toSimpleQuery([{ kind: 'prefix', text: 'a-b|c"' }])).toBe('a\\-b\\|c\\"*');
  });

  it('builds keys of letters, digits, _ and - only, distinct for distinct ids', () => {
    expect(lineKey('42', '1001', '7002', 3, 17)).toBe('42_1001_7002_3_17');
    expect(safeKeyPart('a_b')).toBe('a-005fb');
    expect(safeKeyPart('a-b')).not.toBe(safeKeyPart('a_b'));
    expect(lineKey('1', 'x/y', "z'", 0, 0)).toMatch(/^[A-Za-z0-9_=-]+$/);
    expect(documentVersionKey('1_2', '3')).not.toBe(documentVersionKey('1', '2_3'));
  });

  it('filters by search.in over validated case ids, and by current versions', () => {
    expect(toSecurityFilter(['42', '7'])).toBe("search.in(caseId, '42,7', ',')");
    expect(toSecurityFilter(['42'], new Map([['1001', '7002']]))).toBe("search.in(caseId, '42', ',') and search.in(documentVersion, '1001_7002', ',')");
  });

  it('refuses a case id that could smuggle syntax into the filter', () => {
    for (const caseId of ["42') or caseId ne ('", '42,43', '', '042']) {
      expect(() => toSecurityFilter([caseId])).toThrow(DomainError);
    }
  });

  it('quotes values in document filters with doubled single quotes', () => {
    expect(toDocumentFilter('42', '1001')).toBe("caseId eq '42' and documentId eq '1001'");
    expect(toDocumentFilter('42', "x' or '1' eq '1", '7')).toBe("caseId eq '42' and documentId eq 'x'' or ''1'' eq ''1' and versionId eq '7'");
  });
});

describe('FTS5 adjacency boost', () => {
  it('adds a phrase alternative for each pair of adjacent words, keeping every other term', () => {
    expect(
      toFts5Match([
        { kind: 'word', text: 'a' },
        { kind: 'word', text: 'b' },
        { kind: 'prefix', text: 'cd' },
      ]),
    ).toBe('"a" "b" "cd"* OR ("a b" "cd"*)');
    expect(toFts5Match([{ kind: 'phrase', words: ['a', 'b'] }])).toBe('"a b"');
  });
});

describe('ADR 0033 mapping', () => {
  it('quotes the batch filter and round-trips facet values, ignoring what the adapter did not write', () => {
    expect(toBatchFilter("x' or true or 'y")).toBe("indexBatch eq 'x'' or true or ''y'");
    expect(parseDocumentVersionFacet(documentVersionFacet('1001-2', '7002'))).toEqual({ documentId: '1001-2', versionId: '7002' });
    for (const value of ['not json', '["1001"]', '[1, 2]', 42, null]) expect(parseDocumentVersionFacet(value)).toBeNull();
  });

  it('puts the covered stand-in where covered words were, and no query can produce it', () => {
    expect(liveTokensOf([{ text: 'John' }, { text: "O'Brien", covered: true }, { text: 'lives' }])).toEqual(['john', COVERED_TOKEN, COVERED_TOKEN, 'lives']);
    expect(parseSearchQuery(`${COVERED_TOKEN} knife`)).toEqual([{ kind: 'word', text: 'knife' }]);
    expect(parseSearchQuery(`"john ${COVERED_TOKEN} lives"`)).toEqual([{ kind: 'phrase', words: ['john', 'lives'] }]);
    expect(() => parseSearchQuery(COVERED_TOKEN)).toThrow(DomainError);
    expect(toFts5Match(parseSearchQuery(`"a${COVERED_TOKEN}"`))).toBe('"a"');
  });
});
