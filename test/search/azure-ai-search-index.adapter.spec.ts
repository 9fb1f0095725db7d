import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { DomainError } from '../../src/common/domain-error.js';
import { AzureAiSearchIndex } from '../../src/search/azure-ai-search-index.adapter.js';
import { parseSearchQuery } from '../../src/search/query-parser.js';
import { lineOf } from './search-index.contract-suite.js';

const ENDPOINT = 'https://casework-recorded.search.windows.net';
const INDEX = "/indexes('case-lines')";
const API = '?api-version=2026-04-01';
const API_KEY = 'recorded-test-key';
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/azure-search/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const SELECT = 'caseId,documentId,versionId,pageIndex,lineIndex,text,pageWidth,pageHeight,words,coveredText';

/** The index definition the adapter must PUT: fields, key and the analyzer that splits like our tokeniser. */
const field = (name: string, type: string, flags: Partial<Record<'key' | 'searchable' | 'filterable' | 'sortable' | 'facetable', boolean>> & { analyzer?: string } = {}): nock.DataMatcherMap => ({
  name,
  type,
  ...(flags.key === true ? { key: true } : {}),
  searchable: flags.searchable ?? false,
  filterable: flags.filterable ?? false,
  sortable: flags.sortable ?? false,
  facetable: flags.facetable ?? false,
  ...(flags.analyzer !== undefined ? { analyzer: flags.analyzer } : {}),
});
const EXPECTED_DEFINITION: nock.DataMatcherMap = {
  name: 'case-lines',
  fields: [
    field('id', 'Edm.String', { key: true, filterable: true }),
    field('caseId', 'Edm.String', { filterable: true }),
    field('documentId', 'Edm.String', { filterable: true }),
    field('versionId', 'Edm.String', { filterable: true }),
    field('documentVersion', 'Edm.String', { filterable: true }),
    field('pageIndex', 'Edm.Int32', { sortable: true }),
    field('lineIndex', 'Edm.Int32', { sortable: true }),
    field('text', 'Edm.String', { searchable: true, analyzer: 'casework_line' }),
    field('terms', 'Edm.String', { searchable: true, analyzer: 'whitespace' }),
    field('pageWidth', 'Edm.Double'),
    field('pageHeight', 'Edm.Double'),
    field('words', 'Edm.String'),
    field('coveredTerms', 'Edm.String', { searchable: true, analyzer: 'whitespace' }),
    field('coveredText', 'Edm.String'),
    field('documentVersionFacet', 'Edm.String', { facetable: true }),
    field('indexBatch', 'Edm.String', { filterable: true }),
  ],
  analyzers: [{ '@odata.type': '#Microsoft.Azure.Search.CustomAnalyzer', name: 'casework_line', tokenizer: 'casework_line_tokens', tokenFilters: ['lowercase', 'asciifolding'] }],
  tokenizers: [{ '@odata.type': '#Microsoft.Azure.Search.PatternTokenizer', name: 'casework_line_tokens', pattern: '[^\\p{L}\\p{N}\\p{M}\\p{Co}]+', group: -1 }],
};

describe('AzureAiSearchIndex against recorded Azure AI Search responses', () => {
  let index: AzureAiSearchIndex;
  let service: nock.Scope;

  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    nock.cleanAll();
  });

  /** A fresh adapter whose first call creates the index, exactly as defined in code. */
  function openIndex(): void {
    index = AzureAiSearchIndex.fromConfig({ endpoint: ENDPOINT, indexName: 'case-lines', apiKey: API_KEY });
    service = nock(ENDPOINT, { reqheaders: { 'api-key': API_KEY } })
      .put(`${INDEX}${API}`, EXPECTED_DEFINITION)
      .reply(201, fixture('index-create.response.json'));
  }

  it('creates the index from its definition in code, once', async () => {
    openIndex();
    await index.ensureIndex();
    await index.ensureIndex();
    expect(service.isDone()).toBe(true);
    expect(await index.readiness()).toEqual({ azureSearch: { up: true } });
  });

  it('uploads lines with mergeOrUpload in batches of at most 1000, keyed safely', async () => {
    openIndex();
    const lines = Array.from({ length: 1500 }, (_v, i) => lineOf('42', '1001', '7002', Math.floor(i / 50), i % 50, `line ${i} knife`));
    const batches: number[] = [];
    service
      .post(`${INDEX}/docs/search.index${API}`)
      .times(2)
      .reply((_path, body) => {
        const actions = (body as { value: Record<string, unknown>[] }).value;
        batches.push(actions.length);
        return [200, { value: actions.map((action) => ({ key: action['id'], status: true, errorMessage: null, statusCode: 201 })) }];
      });
    let first: Record<string, unknown> | undefined;
    service.on('request', (_req: unknown, _interceptor: unknown, body: string) => {
      if (first === undefined && body.includes('mergeOrUpload')) first = (JSON.parse(body) as { value: Record<string, unknown>[] }).value[0];
    });
    // then it counts the upsert's lines until the service shows all of them: 1499 first, then 1500
    const counted: string[] = [];
    service
      .post(`${INDEX}/docs/search.post.search${API}`, (body: { search?: string; filter?: string; top?: number; count?: boolean }) => body.search === '*' && body.top === 0 && body.count === true && /^indexBatch eq '[0-9a-f-]{36}'$/.test(body.filter ?? ''))
      .times(2)
      .reply((_path, body) => {
        counted.push((body as { filter: string }).filter);
        return [200, { '@odata.count': counted.length === 1 ? 1499 : 1500, value: [] }];
      });
    await index.upsertLines(lines);
    expect(batches).toEqual([1000, 500]);
    expect(new Set(counted).size).toBe(1);
    expect(counted[0]).toBe(`indexBatch eq '${String(first?.['indexBatch'])}'`);
    expect(first).toEqual({
      '@search.action': 'mergeOrUpload',
      id: '42_1001_7002_0_0',
      caseId: '42',
      documentId: '1001',
      versionId: '7002',
      documentVersion: '1001_7002',
      pageIndex: 0,
      lineIndex: 0,
      text: 'line 0 knife',
      terms: 'line 0 knife',
      pageWidth: 595.28,
      pageHeight: 841.89,
      words: JSON.stringify(lines[0].words),
      documentVersionFacet: '["1001","7002"]',
      indexBatch: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(service.isDone()).toBe(true);
  });

  it('searches with quoted terms in the simple syntax, searchMode all, and the security filter; maps the recorded hits', async () => {
    openIndex();
    service
      .post(`${INDEX}/docs/search.post.search${API}`, {
        search: '"knife" "07700 900123" kni*',
        queryType: 'simple',
        searchMode: 'all',
        searchFields: 'terms,text',
        filter: "search.in(caseId, '42', ',') and search.in(documentVersion, '1001_7002,1002_7005', ',')",
        select: SELECT,
        top: 20,
      })
      .reply(200, fixture('search.response.json'));
    const hits = await index.search({
      caseIds: ['42'],
      terms: parseSearchQuery('knife "07700 900123" kni*'),
      currentVersions: new Map([
        ['1001', '7002'],
        ['1002', '7005'],
      ]),
      limit: 20,
    });
    expect(service.isDone()).toBe(true);
    expect(hits.map((hit) => [hit.line.documentId, hit.line.versionId, hit.line.pageIndex, hit.line.lineIndex, hit.score])).toEqual([
      ['1001', '7002', 1, 0, 2.7172446],
      ['1002', '7005', 0, 3, 1.0345291],
    ]);
    expect(hits[0].line.words[7]).toEqual({ text: 'knife', box: { x: 262, y: 100, width: 30, height: 11 } });
    expect(hits[1].line).toMatchObject({ caseId: '42', pageWidth: 612, pageHeight: 792, text: 'knife seen; phone 07700 900123 (kitchen)' });
  });

  it('sends a hostile query as literal quoted words and never widens the filter', async () => {
    openIndex();
    service
      .post(`${INDEX}/docs/search.post.search${API}`, {
        search: '"knife" "or caseid ne"',
        queryType: 'simple',
        searchMode: 'all',
        searchFields: 'terms,text',
        filter: "search.in(caseId, '42', ',')",
        select: SELECT,
        top: 10,
      })
      .reply(200, fixture('search-empty.response.json'));
    expect(await index.search({ caseIds: ['42'], terms: parseSearchQuery(`knife") or caseId ne ('`), limit: 10 })).toEqual([]);
    expect(service.isDone()).toBe(true);
  });

  it('indexes a CJK or Arabic line as our tokens (bigrams, NFKC, folded) and searches them as quoted phrases', async () => {
    openIndex();
    let uploaded: Record<string, unknown>[] = [];
    service.post(`${INDEX}/docs/search.index${API}`).reply((_path, body) => {
      uploaded = (body as { value: Record<string, unknown>[] }).value;
      return [200, { value: uploaded.map((action) => ({ key: action['id'], status: true, errorMessage: null, statusCode: 201 })) }];
    });
    service.post(`${INDEX}/docs/search.post.search${API}`, (body: { search?: string }) => body.search === '*').reply(200, { '@odata.count': 2, value: [] });
    await index.upsertLines([lineOf('42', '1001', '7002', 0, 0, '最高人民法院判决 Ｃａｓｅ'), lineOf('42', '1001', '7002', 0, 1, 'ﻗﺮﺭﺕ ﺍﻟﻤﺤﻜﻤﺔ')]);
    expect(uploaded.map((action) => [action['text'], action['terms']])).toEqual([
      ['最高人民法院判决 Ｃａｓｅ', '最高 高人 人民 民法 法院 院判 判决 决 case'],
      ['ﻗﺮﺭﺕ ﺍﻟﻤﺤﻜﻤﺔ', 'قررت المحكمة'],
    ]);
    service
      .post(`${INDEX}/docs/search.post.search${API}`, {
        search: '"法院" "人民 民法 法院" "المحكمة" 判*',
        queryType: 'simple',
        searchMode: 'all',
        searchFields: 'terms,text',
        filter: "search.in(caseId, '42', ',')",
        select: SELECT,
        top: 10,
      })
      .reply(200, fixture('search-empty.response.json'));
    expect(await index.search({ caseIds: ['42'], terms: parseSearchQuery('法院 人民法院 ﺍﻟﻤﺤﻜﻤﺔ 判'), limit: 10 })).toEqual([]);
    expect(service.isDone()).toBe(true);
  });

  it('searches covered words only when asked (the coveredTerms field) and counts hits per document with a facet', async () => {
    openIndex();
    service
      .post(`${INDEX}/docs/search.post.search${API}`, {
        search: '"brown"',
        queryType: 'simple',
        searchMode: 'all',
        searchFields: 'terms,text,coveredTerms',
        filter: "search.in(caseId, '42', ',')",
        facets: ['documentVersionFacet,count:100000'],
        select: '*',
        top: 0,
      })
      .reply(200, { '@search.facets': { documentVersionFacet: [{ value: '["1001","7002"]', count: 4 }, { value: 'not ours', count: 1 }] }, value: [] });
    expect(await index.countHits({ caseIds: ['42'], terms: parseSearchQuery('brown'), includeCovered: true })).toEqual([{ documentId: '1001', versionId: '7002', lines: 4 }]);
    expect(service.isDone()).toBe(true);
  });

  it('refuses a case id that is not a decimal id before sending anything', async () => {
    index = AzureAiSearchIndex.fromConfig({ endpoint: ENDPOINT, indexName: 'case-lines', apiKey: API_KEY });
    const outcome = await index.search({ caseIds: ["42', ',') or true or search.in(caseId, '"], terms: parseSearchQuery('knife'), limit: 10 }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe('VALIDATION_FAILED');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('counts one version with $count and top 0', async () => {
    openIndex();
    service
      .post(`${INDEX}/docs/search.post.search${API}`, { search: '*', filter: "caseId eq '42' and documentId eq '1001' and versionId eq '7001'", count: true, select: '*', top: 0 })
      .reply(200, fixture('count.response.json'));
    expect(await index.countLines('42', '1001', '7001')).toBe(3);
    expect(service.isDone()).toBe(true);
  });

  it('deletes by filter query, then deleteDocuments by key', async () => {
    openIndex();
    service
      .post(`${INDEX}/docs/search.post.search${API}`, { search: '*', filter: "caseId eq '42' and documentId eq '1001' and versionId eq '7001'", select: 'id', top: 1000 })
      .reply(200, fixture('delete-lookup.response.json'))
      .post(`${INDEX}/docs/search.index${API}`, {
        value: [
          { '@search.action': 'delete', id: '42_1001_7001_0_0' },
          { '@search.action': 'delete', id: '42_1001_7001_0_1' },
        ],
      })
      .reply(200, fixture('delete.response.json'))
      // then it waits until the service no longer finds them
      .post(`${INDEX}/docs/search.post.search${API}`, { search: '*', filter: "caseId eq '42' and documentId eq '1001' and versionId eq '7001'", count: true, select: '*', top: 0 })
      .reply(200, { '@odata.count': 0, value: [] });
    expect(await index.deleteDocument('42', '1001', '7001')).toBe(2);
    expect(service.isDone()).toBe(true);
  });

  it('reports itself down when the index cannot be created', async () => {
    index = AzureAiSearchIndex.fromConfig({ endpoint: ENDPOINT, indexName: 'case-lines', apiKey: API_KEY });
    nock(ENDPOINT)
      .put(`${INDEX}${API}`)
      .reply(403, { error: { code: 'Forbidden', message: 'Authorization failed.' } });
    const readiness = await index.readiness();
    expect(readiness.azureSearch.up).toBe(false);
    expect(readiness.azureSearch.detail).toMatch(/Authorization failed/);
  });
});
