import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
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

  it('migrates an index written before ADR 0020 at start-up: old lines are kept and CJK/Arabic in them become findable', async () => {
    const path = join(dir, 'schema-0', 'search.sqlite');
    await mkdir(join(dir, 'schema-0'));
    const old = new Database(path);
    // the schema-0 layout, as the adapter created it before ADR 0020
    old.exec(`
      CREATE TABLE search_line (id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, document_id TEXT NOT NULL, version_id TEXT NOT NULL,
        page_index INTEGER NOT NULL, line_index INTEGER NOT NULL, page_width REAL NOT NULL, page_height REAL NOT NULL,
        UNIQUE (case_id, document_id, version_id, page_index, line_index));
      CREATE TABLE search_line_words (id INTEGER PRIMARY KEY, words TEXT NOT NULL);
      CREATE VIRTUAL TABLE search_line_text USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');`);
    ['Statement of witness John Smith', '最高人民法院判决书', 'ﻗﺮﺭﺕ ﺍﻟﻤﺤﻜﻤﺔ'].forEach((text, lineIndex) => {
      const { lastInsertRowid } = old.prepare("INSERT INTO search_line VALUES (NULL, '42', '1', '1', 0, ?, 595, 842)").run(lineIndex);
      old.prepare('INSERT INTO search_line_words VALUES (?, ?)').run(lastInsertRowid, JSON.stringify([[text, 72, 100, 100, 11]]));
      old.prepare('INSERT INTO search_line_text (rowid, text) VALUES (?, ?)').run(lastInsertRowid, text);
    });
    expect(old.prepare("SELECT count(*) AS n FROM search_line_text WHERE search_line_text MATCH '\"法院\"'").get()).toEqual({ n: 0 });
    old.close();

    const index = SqliteFtsSearchIndex.fromConfig({ path });
    const lineIndexes = async (q: string): Promise<number[]> => (await index.search({ caseIds: ['42'], terms: parseSearchQuery(q), limit: 10 })).map((hit) => hit.line.lineIndex);
    expect(await lineIndexes('witness smith')).toEqual([0]);
    expect(await lineIndexes('法院')).toEqual([1]);
    expect(await lineIndexes('المحكمة')).toEqual([2]);
    const [hit] = await index.search({ caseIds: ['42'], terms: parseSearchQuery('法院'), limit: 10 });
    expect(hit.line.text).toBe('最高人民法院判决书');
    expect(await index.countLines('42', '1', '1')).toBe(3);
    await index.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(1);
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'search_line_%' AND type = 'table' ORDER BY name").all()).toEqual(
      expect.not.arrayContaining([{ name: 'search_line_text' }]),
    );
    reopened.close();
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
    // near-real-time, as the service is: every write shows two searches later, and the adapter must wait it out
    fake.visibilityLag = 2;
    const index = AzureAiSearchIndex.fromConfig({ endpoint, indexName: fake.indexName, apiKey, visibilityPollMs: 1 });
    return Promise.resolve({ index, dispose: () => Promise.resolve(fake?.stop()) });
  });
});
