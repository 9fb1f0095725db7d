import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SearchIndex } from '../../src/search/search-index.port.js';
import type { SearchCountDto, SearchResultDto } from '../../src/search/search.dto.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import type { IngestionState } from '../../src/ingestion/ingested-versions.port.js';
import { lineOf } from './search-index.contract-suite.js';
import { accessOnlyLegacy, createSearchTestApp, getAs, listedDocument } from './search-test-app.js';

const ACCESS = { alice: { '42': 'granted' }, bob: { '42': 'denied' } } as const;
const v = (versionId: string, createdAt: string) => ({ versionId, createdAt, sizeBytes: 1000 });
const LIST = {
  '42': [
    listedDocument('1001', '7002', { title: 'MG11 statement of John Smith', fileName: 'mg11-smith.docx', mimeType: 'application/octet-stream', category: 'MG11', documentDate: '2026-01-10', versions: [v('7001', '2026-01-11T08:00:00Z'), v('7002', '2026-02-01T08:00:00Z')] }),
    listedDocument('1002', '7005', { title: 'Exhibit list', fileName: 'exhibits.pdf', category: 'Exhibit', documentDate: '2026-03-05', versions: [v('7005', '2026-03-06T08:00:00Z')] }),
    listedDocument('1003', '7009', { title: 'Custody record', fileName: 'custody.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', category: 'Custody', documentDate: '2026-02-20', versions: [v('7009', '2026-02-21T08:00:00Z')] }),
    // a scan ingestion could not read: no line in the index, findable by its name only
    listedDocument('1004', '7010', { title: 'Photograph of the scene', fileName: 'scene-photo.jpg', mimeType: 'image/jpeg', category: 'Exhibit', documentDate: null, versions: [v('7010', '2026-03-10T08:00:00Z')] }),
    listedDocument('1005', '7011', { title: 'Email from officer', fileName: 'officer.eml', mimeType: 'message/rfc822', category: 'Correspondence', documentDate: '2026-03-01', versions: [v('7011', '2026-03-02T08:00:00Z')] }),
  ],
};
const STATES: Record<string, IngestionState> = {
  '1001': { versionId: '7002', status: 'indexed', reason: null },
  '1002': { versionId: '7005', status: 'indexed', reason: null },
  '1003': { versionId: '7009', status: 'indexed', reason: null },
  '1004': { versionId: '7010', status: 'failed', reason: 'OCR_FAILED' },
  '1005': { versionId: '7011', status: 'indexed', reason: null },
  '1005-1': { versionId: '7011', status: 'indexed', reason: null },
};
const CURRENT = new Map([
  ['1001', '7002'],
  ['1002', '7005'],
  ['1003', '7009'],
  ['1005', '7011'],
  ['1005-1', '7011'],
]);

async function seededIndex(): Promise<SearchIndex> {
  const index = SqliteFtsSearchIndex.fromConfig({ path: ':memory:' });
  const under = lineOf('42', '1002', '7005', 1, 0, 'Knife handed to PC Jones by Mary Brown');
  await index.upsertLines([
    lineOf('42', '1001', '7001', 0, 0, 'old version knife'),
    lineOf('42', '1001', '7002', 0, 0, 'I saw the knife'),
    lineOf('42', '1001', '7002', 1, 0, 'the knife was red'),
    lineOf('42', '1001', '7002', 1, 1, 'knife again and again'),
    lineOf('42', '1002', '7005', 0, 0, 'Exhibit KN1 kitchen knife'),
    { ...under, words: under.words.map((word) => (word.text === 'Mary' || word.text === 'Brown' ? { ...word, covered: true as const } : word)) },
    lineOf('42', '1003', '7009', 0, 0, 'Detained 21:04, knife removed'),
    lineOf('42', '1005', '7011', 0, 0, 'Please find the statement attached'),
    lineOf('42', '1005-1', '7011', 0, 0, 'Attachment: knife receipt'),
  ]);
  return index;
}

describe('search that finds documents (ADR 0033)', () => {
  let index: SearchIndex;
  let app: NestFastifyApplication;
  const legacy = accessOnlyLegacy(ACCESS, LIST);

  beforeAll(async () => {
    index = await seededIndex();
    app = await createSearchTestApp({
      index,
      legacy,
      currentVersions: { currentVersions: () => Promise.resolve(CURRENT), state: (_caseId, documentId) => Promise.resolve(STATES[documentId] ?? null) },
    });
  });
  afterAll(async () => {
    await app.close();
    await index.close?.();
  });

  const search = (query: Record<string, string>, user = 'alice') => getAs(app, user, '/api/v1/cases/42/search', query);
  const ids = (body: SearchResultDto): string[] => body.documents.map((document) => document.documentId);

  it('finds a document by title or file name, even one with no text in the index, with what the list says of it', async () => {
    const photo = (await search({ q: 'photograph scene' })).json<SearchResultDto>();
    expect(photo.documents).toEqual([
      {
        documentId: '1004',
        versionId: '7010',
        score: 0,
        hitCount: 0,
        pages: [],
        matchedIn: ['title', 'fileName'],
        title: 'Photograph of the scene',
        fileName: 'scene-photo.jpg',
        category: 'Exhibit',
        type: 'image',
        documentDate: null,
        receivedAt: '2026-03-10T08:00:00Z',
      },
    ]);
    const byFile = (await search({ q: 'jpg' })).json<SearchResultDto>();
    expect(byFile.documents.map((document) => [document.documentId, document.matchedIn])).toEqual([['1004', ['fileName']]]);
    // a name match ranks first by relevance, with its content hits merged in
    const smith = (await search({ q: 'knife smith*' })).json<SearchResultDto>();
    expect(ids(smith)).toEqual([]);
    const statement = (await search({ q: 'statement' })).json<SearchResultDto>();
    expect(statement.documents.map((document) => [document.documentId, document.matchedIn])).toEqual([
      ['1001', ['title']],
      ['1005', ['content']],
    ]);
  });

  it('filters by category, type (MIME family), date range and ingestion state', async () => {
    expect(ids((await search({ q: 'knife', category: 'mg11' })).json())).toEqual(['1001']);
    expect(ids((await search({ q: 'knife', type: 'word,spreadsheet' })).json()).sort()).toEqual(['1001', '1003']);
    expect(ids((await search({ q: 'knife', type: 'pdf' })).json())).toEqual(['1002']);
    // an attachment unpacked from an e-mail is dated, categorised and trimmed as its e-mail is
    expect(ids((await search({ q: 'knife', from: '2026-02-01', to: '2026-03-05' })).json()).sort()).toEqual(['1002', '1003', '1005-1']);
    expect(ids((await search({ q: 'knife', from: '2026-03-01', dateField: 'received' })).json()).sort()).toEqual(['1002', '1005-1']);
    expect(ids((await search({ q: 'photograph', state: 'failed' })).json())).toEqual(['1004']);
    expect(ids((await search({ q: 'photograph', state: 'indexed' })).json())).toEqual([]);
    const repeated = await getAs(app, 'alice', '/api/v1/cases/42/search?q=knife&category=Custody&category=Exhibit');
    expect(ids(repeated.json()).sort()).toEqual(['1002', '1003']);
  });

  it('sorts by relevance, date (newest first) or hit count', async () => {
    const byHits = (await search({ q: 'knife', sort: 'hits' })).json<SearchResultDto>();
    expect(byHits.documents.map((document) => [document.documentId, document.hitCount]).slice(0, 2)).toEqual([
      ['1001', 3],
      ['1002', 2],
    ]);
    expect(byHits.documents.slice(2).map((document) => document.hitCount)).toEqual([1, 1]);
    const byDate = (await search({ q: 'knife', sort: 'date' })).json<SearchResultDto>();
    expect(ids(byDate)).toEqual(['1002', '1005-1', '1003', '1001']);
    const byReceived = (await search({ q: 'knife', sort: 'date', dateField: 'received' })).json<SearchResultDto>();
    expect(ids(byReceived)).toEqual(['1002', '1005-1', '1003', '1001']);
  });

  it('counts hits per document and in all, every line, cheaply (no limit applies)', async () => {
    const response = await getAs(app, 'alice', '/api/v1/cases/42/search/count', { q: 'knife' });
    expect(response.statusCode).toBe(200);
    expect(response.json<SearchCountDto>()).toEqual({
      caseId: '42',
      hitCount: 7,
      documentCount: 4,
      documents: [
        { documentId: '1001', versionId: '7002', hitCount: 3, matchedIn: ['content'] },
        { documentId: '1002', versionId: '7005', hitCount: 2, matchedIn: ['content'] },
        { documentId: '1003', versionId: '7009', hitCount: 1, matchedIn: ['content'] },
        { documentId: '1005-1', versionId: '7011', hitCount: 1, matchedIn: ['content'] },
      ],
    });
    const filtered = (await getAs(app, 'alice', '/api/v1/cases/42/search/count', { q: 'knife', category: 'MG11' })).json<SearchCountDto>();
    expect(filtered).toMatchObject({ hitCount: 3, documentCount: 1 });
    const named = (await getAs(app, 'alice', '/api/v1/cases/42/search/count', { q: 'photograph' })).json<SearchCountDto>();
    expect(named.documents).toEqual([{ documentId: '1004', versionId: '7010', hitCount: 0, matchedIn: ['title'] }]);
  });

  it('searches within one document, by path or by parameter, attachments included', async () => {
    const byPath = (await getAs(app, 'alice', '/api/v1/cases/42/documents/1001/search', { q: 'knife' })).json<SearchResultDto>();
    expect(ids(byPath)).toEqual(['1001']);
    expect(byPath.hitCount).toBe(3);
    expect(ids((await search({ q: 'knife', documentId: '1002' })).json())).toEqual(['1002']);
    expect(ids((await getAs(app, 'alice', '/api/v1/cases/42/documents/1005-1/search', { q: 'knife' })).json())).toEqual(['1005-1']);
    expect(ids((await getAs(app, 'alice', '/api/v1/cases/42/documents/1004/search', { q: 'knife' })).json())).toEqual([]);
    expect((await getAs(app, 'bob', '/api/v1/cases/42/documents/1001/search', { q: 'knife' })).statusCode).toBe(403);
  });

  it('hides words under covering boxes unless includeCovered=true, and then flags them', async () => {
    const hidden = (await search({ q: 'brown' })).json<SearchResultDto>();
    expect(hidden.documents).toEqual([]);
    expect((await getAs(app, 'alice', '/api/v1/cases/42/search/count', { q: 'brown' })).json<SearchCountDto>().hitCount).toBe(0);
    // found through a live word, the line shows the covered words blanked out and boxes only the live match
    const live = (await search({ q: 'jones' })).json<SearchResultDto>();
    expect(live.documents[0].pages[0].hits[0]).toEqual({ lineIndex: 0, text: 'Knife handed to PC Jones by ████ █████', words: [expect.objectContaining({ text: 'Jones' })] });
    const asked = (await search({ q: '"mary brown"', includeCovered: 'true' })).json<SearchResultDto>();
    expect(asked.documents[0].pages[0].hits[0]).toMatchObject({
      text: 'Knife handed to PC Jones by Mary Brown',
      covered: true,
      words: [expect.objectContaining({ text: 'Mary', covered: true }), expect.objectContaining({ text: 'Brown', covered: true })],
    });
    expect((await getAs(app, 'alice', '/api/v1/cases/42/search/count', { q: 'brown', includeCovered: 'true' })).json<SearchCountDto>().hitCount).toBe(1);
    expect((await getAs(app, 'alice', '/api/v1/cases/42/documents/1002/search', { q: 'brown', includeCovered: 'true' })).json<SearchResultDto>().hitCount).toBe(1);
  });

  it('treats filter values as data: a hostile category or name query widens nothing', async () => {
    expect(ids((await search({ q: 'knife', category: "MG11' or 1=1 --" })).json())).toEqual([]);
    expect(ids((await search({ q: 'photograph") OR knife OR ("' })).json())).toEqual([]);
  });

  it.each([
    ['an unknown parameter', { q: 'knife', caseId: '43' }],
    ['an unknown sort', { q: 'knife', sort: 'size' }],
    ['an unknown type', { q: 'knife', type: 'pdf,zip' }],
    ['an unknown state', { q: 'knife', state: 'done' }],
    ['a date that is no date', { q: 'knife', from: '2026-13-01' }],
    ['an unknown date field', { q: 'knife', dateField: 'modified' }],
    ['includeCovered not a boolean', { q: 'knife', includeCovered: 'yes' }],
    ['a malformed document id', { q: 'knife', documentId: '01' }],
    ['a category too long', { q: 'knife', category: 'x'.repeat(101) }],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, query) => {
    const response = await search(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.each([
    ['/api/v1/cases/42/search/count', { q: 'knife', sort: 'hits' }],
    ['/api/v1/cases/42/search/count', { q: '' }],
    ['/api/v1/cases/42/documents/1001/search', { q: 'knife', category: 'MG11' }],
    ['/api/v1/cases/42/documents/abc/search', { q: 'knife' }],
  ])('answers 400 VALIDATION_FAILED on %s with %j', async (path, query) => {
    const response = await getAs(app, 'alice', path, query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
