import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import type { SearchIndex } from '../../src/search/search-index.port.js';
import type { SearchResultDto } from '../../src/search/search.dto.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { lineOf } from './search-index.contract-suite.js';
import { accessOnlyLegacy, createSearchTestApp, getAs, listedDocument } from './search-test-app.js';

const ACCESS = { alice: { '42': 'granted', '43': 'granted' }, bob: { '42': 'denied', '43': 'granted' } } as const;
const LISTS = {
  '42': [listedDocument('1001', '7002'), listedDocument('1002', '7005'), listedDocument('1003', '7009')],
  '43': [listedDocument('2001', '8001')],
};

async function seededIndex(): Promise<SearchIndex> {
  const index = SqliteFtsSearchIndex.fromConfig({ path: ':memory:' });
  await index.upsertLines([
    lineOf('42', '1001', '7001', 0, 0, 'Old version: the knife was blue'),
    lineOf('42', '1001', '7002', 0, 0, 'Statement: the knife was red'),
    lineOf('42', '1001', '7002', 3, 2, 'He rang 07700-900123 twice'),
    lineOf('42', '1001', '7002', 3, 1, 'I dropped the knife, then ran'),
    lineOf('42', '1002', '7005', 1, 0, 'knife knife knife'),
    lineOf('42', '1003', '7009', 0, 0, 'Call 07700 900123 then 07700 again'),
    lineOf('43', '2001', '8001', 0, 0, 'Case 43 knife in the river'),
  ]);
  return index;
}

describe('GET /api/v1/cases/:caseId/search', () => {
  let index: SearchIndex;
  let app: NestFastifyApplication;
  const legacy = accessOnlyLegacy(ACCESS, LISTS);

  beforeAll(async () => {
    index = await seededIndex();
    app = await createSearchTestApp({
      index,
      legacy,
      currentVersions: { currentVersions: (caseId) => Promise.resolve(caseId === '42' ? new Map([['1001', '7002'], ['1002', '7005'], ['1003', '7009']]) : null) },
    });
  });
  afterAll(async () => {
    await app.close();
    await index.close?.();
  });
  afterEach(() => {
    legacy.checks.length = 0;
  });

  const search = (caseId: string, q: string, user = 'alice', limit?: number) =>
    getAs(app, user, `/api/v1/cases/${caseId}/search`, { q, ...(limit !== undefined ? { limit: String(limit) } : {}) });

  it('groups hits by document (best first) and page, with only the matching words boxed', async () => {
    const response = await search('42', 'knife');
    expect(response.statusCode).toBe(200);
    const body = response.json<SearchResultDto>();
    expect(body).toMatchObject({ caseId: '42', hitCount: 3, documentCount: 2, truncated: false });
    expect(body.documents.map((document) => [document.documentId, document.versionId, document.hitCount])).toEqual([
      ['1002', '7005', 1],
      ['1001', '7002', 2],
    ]);
    expect(body.documents[0].score).toBeGreaterThan(body.documents[1].score);
    const statement = body.documents[1];
    expect(statement.pages.map((page) => [page.pageIndex, page.pageWidth, page.pageHeight, page.hits.map((hit) => hit.lineIndex)])).toEqual([
      [0, 595.28, 841.89, [0]],
      [3, 595.28, 841.89, [1]],
    ]);
    expect(statement.pages[1].hits[0]).toEqual({
      lineIndex: 1,
      text: 'I dropped the knife, then ran',
      words: [{ text: 'knife,', box: { x: 72 + (1 + 7 + 3) * 6 + 3 * 4, y: 114, width: 36, height: 11 } }],
    });
    expect(body.documents[0].pages[0].hits[0].words).toHaveLength(3);
  });

  it('boxes the words of a phrase only where they are contiguous, and punctuated words whole', async () => {
    const body = (await search('42', '"07700 900123"')).json<SearchResultDto>();
    const words = body.documents.flatMap((document) => document.pages.flatMap((page) => page.hits.map((hit) => hit.words.map((word) => word.text))));
    expect(words.sort()).toEqual([['07700', '900123'], ['07700-900123']].sort());
  });

  it('ANDs unquoted words and boxes every occurrence', async () => {
    const body = (await search('42', '07700 900123')).json<SearchResultDto>();
    expect(body.hitCount).toBe(2);
    const call = body.documents.find((document) => document.documentId === '1003')!;
    expect(call.pages[0].hits[0].words.map((word) => word.text)).toEqual(['07700', '900123', '07700']);
  });

  it('only searches current versions, as the tracker reports them', async () => {
    const body = (await search('42', 'blue')).json<SearchResultDto>();
    expect(body.documents).toEqual([]);
  });

  it('finds prefixes, and returns nothing extra for a hostile query', async () => {
    expect((await search('42', 'stat*')).json<SearchResultDto>().hitCount).toBe(1);
    const hostile = (await search('42', 'knife") OR river OR ("')).json<SearchResultDto>();
    expect(hostile.documents).toEqual([]);
    const filterish = (await search('42', 'caseId:43 knife')).json<SearchResultDto>();
    expect(filterish.documents).toEqual([]);
  });

  it('refuses a user the legacy CMS denies, and an unknown case, asking the legacy CMS', async () => {
    const denied = await search('42', 'knife', 'bob');
    expect(denied.statusCode).toBe(403);
    expect(denied.contentType).toMatch(/application\/problem\+json/);
    expect(denied.json()).toMatchObject({ code: 'CASE_ACCESS_DENIED' });
    expect(legacy.checks).toContain('bob:42');
    const unknown = await search('44', 'knife');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
  });

  it('trims to the path case: another case is searched only when the caller may see it', async () => {
    const body = (await search('43', 'knife', 'bob')).json<SearchResultDto>();
    expect(body.documents.map((document) => document.documentId)).toEqual(['2001']);
  });

  it.each([
    ['', undefined],
    ['"" ()', undefined],
    ['x'.repeat(257), undefined],
    ['knife', 0],
    ['knife', 501],
  ])('answers 400 VALIDATION_FAILED for q=%j limit=%j', async (q, limit) => {
    const response = await search('42', q, 'alice', limit);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('honours the limit and says when it cut the results', async () => {
    const body = (await search('42', 'knife', 'alice', 1)).json<SearchResultDto>();
    expect(body).toMatchObject({ hitCount: 1, documentCount: 1, truncated: true });
  });

  it('is described in OpenAPI with its operationId, bearer auth and problem responses', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    const operation = document.paths['/api/v1/cases/{caseId}/search']?.get;
    expect(operation?.operationId).toBe('searchCase');
    expect(operation?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    expect(operation?.parameters?.map((parameter) => ('name' in parameter ? parameter.name : ''))).toEqual(expect.arrayContaining(['caseId', 'q', 'limit']));
  });
});

describe('search access re-check', () => {
  it('asks the legacy CMS once per short-cache period, guard and service together', async () => {
    const index = await seededIndex();
    const legacy = accessOnlyLegacy(ACCESS, LISTS);
    // The cache's clock stands still: every request below falls in one cache period, however slowly they run.
    const app = await createSearchTestApp({ index, legacy, cacheTtlMs: 60_000, cacheNow: () => 1_800_000_000_000 });
    for (let i = 0; i < 3; i += 1) {
      const response = await getAs(app, 'alice', '/api/v1/cases/42/search', { q: 'knife' });
      expect(response.statusCode).toBe(200);
    }
    expect(legacy.checks).toEqual(['alice:42']);
    // Without a tracker, every version is searched.
    const all = await getAs(app, 'alice', '/api/v1/cases/42/search', { q: 'blue' });
    expect(all.json<SearchResultDto>().hitCount).toBe(1);
    await app.close();
    await index.close?.();
  });
});
