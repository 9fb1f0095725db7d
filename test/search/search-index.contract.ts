import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { AzureAiSearchIndex } from '../../src/search/azure-ai-search-index.adapter.js';
import { parseSearchQuery } from '../../src/search/query-parser.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { AzureSearchFake } from './azure-search-fake.js';
import { lineOf, searchIndexContract } from './search-index.contract-suite.js';

describe('SQLite FTS5', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'search-sqlite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  searchIndexContract('SQLite FTS5', () => {
    const index = SqliteFtsSearchIndex.fromConfig({ path: join(dir, randomBytes(6).toString('hex'), 'search.sqlite') });
    return Promise.resolve({ index, dispose: () => index.close() });
  });

  it('ranks lines with two typed words adjacent above lines with them apart', async () => {
    const index = SqliteFtsSearchIndex.fromConfig({ path: join(dir, 'adjacent', 'search.sqlite') });
    await index.upsertLines([
      lineOf('42', '1', '1', 0, 0, '900123 was dialled from 07700 the other day ok'),
      lineOf('42', '1', '1', 0, 1, 'call 07700 900123 now please ok fine'),
    ]);
    const hits = await index.search({ caseIds: ['42'], terms: parseSearchQuery('07700 900123'), limit: 10 });
    expect(hits.map((hit) => hit.line.lineIndex)).toEqual([1, 0]);
    await index.close();
  });

  it('keeps its lines across a reopen and reports itself down once closed', async () => {
    const path = join(dir, 'reopen', 'search.sqlite');
    const first = SqliteFtsSearchIndex.fromConfig({ path });
    await first.upsertLines([lineOf('42', '1', '1', 0, 0, 'durable knife')]);
    await first.close();
    expect(await first.readiness()).toEqual({ sqliteFts: { up: false, detail: 'closed' } });
    const second = SqliteFtsSearchIndex.fromConfig({ path });
    expect(await second.countLines('42', '1', '1')).toBe(1);
    await second.close();
  });
});

describe('Azure AI Search (nock-played in-memory fake)', () => {
  const endpoint = 'https://casework-contract.search.windows.net';
  let fake: AzureSearchFake | undefined;

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });

  searchIndexContract('Azure AI Search (fake)', () => {
    fake?.stop();
    const apiKey = randomBytes(16).toString('hex');
    fake = new AzureSearchFake(endpoint, `lines-${randomBytes(4).toString('hex')}`, apiKey).start();
    const index = AzureAiSearchIndex.fromConfig({ endpoint, indexName: fake.indexName, apiKey });
    return Promise.resolve({ index, dispose: () => Promise.resolve(fake?.stop()) });
  });
});
