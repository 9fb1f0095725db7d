import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AzureKeyCredential, SearchClient } from '@azure/search-documents';
import nock from 'nock';
import type { DocumentText } from '../../src/common/word-model.js';
import { blobKeys } from '../../src/ingestion/blob-keys.js';
import { DocumentProcessor, newTrackedDocument } from '../../src/ingestion/document-processor.js';
import type { IngestionTools } from '../../src/ingestion/ingestion-tools.port.js';
import { storeJson } from '../../src/ingestion/stages/store.stage.js';
import { IngestionTracker } from '../../src/ingestion/tracker/ingestion-tracker.js';
import type { LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { AzureAiSearchIndex } from '../../src/search/azure-ai-search-index.adapter.js';
import { parseSearchQuery } from '../../src/search/query-parser.js';
import type { SearchIndex } from '../../src/search/search-index.port.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { FsBlobStore } from '../../src/storage/blob/fs-blob-store.adapter.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { AzureSearchFake } from './azure-search-fake.js';

const CASE = '42';
const DOCUMENTS = 12;
const box = { x: 72, y: 100, width: 40, height: 11 };

/** A version's text: a few ordinary lines and one word no other version has. */
const textOf = (word: string): DocumentText => ({
  pageCount: 1,
  pages: [
    {
      pageIndex: 0,
      width: 595,
      height: 842,
      rotation: 0,
      source: 'text-layer',
      lines: ['Statement of the witness', `It was ${word} that night`, 'Signed and dated'].map((text) => ({ text, box, words: text.split(' ').map((word) => ({ text: word, box })) })),
    },
  ],
});
const wordOf = (documentId: string, versionId: string): string => `marker${documentId}v${versionId}`;

/**
 * "When the tracker says a version is indexed, a search for any of its words finds it" (ADR 0033), through the
 * real pipeline code: versions wait at `extracted` with their text stored, DocumentProcessor runs the index stage
 * and marks them indexed in the tracker, and on every tracker change each newly indexed version is searched for
 * at once, while other searches keep racing the writes. Event-driven: nothing waits for time.
 */
function consistencySuite(name: string, open: () => Promise<{ index: SearchIndex; dispose: () => Promise<void> }>): void {
  describe(`index/tracker consistency: ${name}`, () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'search-consistency-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('finds every version the moment the tracker says indexed, and no longer finds the version it replaced', async () => {
      const { index, dispose } = await open();
      const tracker = new IngestionTracker(InMemoryStateStore.fromConfig());
      const blobs = FsBlobStore.fromConfig({ root: join(dir, randomBytes(4).toString('hex')), uncommittedGraceMs: 0 });
      const processor = new DocumentProcessor({} as LegacyCms, blobs, index, {} as IngestionTools, tracker, () => Promise.resolve(), {
        maxDocumentBytes: 1_000_000,
        workDir: join(dir, 'work'),
      });
      const found = (word: string): Promise<boolean> => index.search({ caseIds: [CASE], terms: parseSearchQuery(word), limit: 10 }).then((hits) => hits.length > 0);

      const checked = new Map<string, Promise<{ found: boolean; replacedFound: boolean | null }>>();
      const replaced = new Map<string, string>();
      const unwatch = tracker.onChange(CASE, () => {
        void tracker.documents(CASE).then((documents) => {
          for (const document of documents) {
            const key = `${document.documentId}/${document.versionId}`;
            if (document.status !== 'indexed' || checked.has(key)) continue;
            const previous = replaced.get(key);
            checked.set(
              key,
              Promise.all([found(wordOf(document.documentId, document.versionId)), previous === undefined ? null : found(wordOf(document.documentId, previous))]).then(
                ([hit, old]) => ({ found: hit, replacedFound: old }),
              ),
            );
          }
        });
      });

      async function ingest(versions: readonly { documentId: string; versionId: string; previous: string | null }[]): Promise<void> {
        for (const { documentId, versionId, previous } of versions) {
          await storeJson(blobs, blobKeys(CASE, documentId, versionId).text, { caseId: CASE, documentId, versionId, ...textOf(wordOf(documentId, versionId)) });
          if (previous !== null) replaced.set(`${documentId}/${versionId}`, previous);
          await tracker.update(CASE, documentId, () => ({
            ...newTrackedDocument({
              caseId: CASE,
              documentId,
              versionId,
              parentDocumentId: null,
              childIndex: null,
              fileName: `${documentId}.pdf`,
              mimeType: 'application/pdf',
              sizeBytes: 1,
              requestedBy: 'alice',
              indexedVersionId: previous,
            }),
            status: 'extracted',
          }));
        }
        let racing = true;
        const racer = (async () => {
          let searches = 0;
          while (racing) {
            await found('statement');
            searches += 1;
            // SQLite answers without I/O: let the pipeline's own I/O run between searches
            await new Promise((resolve) => setImmediate(resolve));
          }
          return searches;
        })();
        await Promise.all(versions.map(({ documentId, versionId }) => processor.process({ caseId: CASE, documentId, versionId })));
        racing = false;
        expect(await racer).toBeGreaterThan(0);
      }

      const first = Array.from({ length: DOCUMENTS }, (_, n) => ({ documentId: String(1001 + n), versionId: '7001', previous: null }));
      await ingest(first);
      const second = first.filter((_, n) => n % 2 === 0).map(({ documentId }) => ({ documentId, versionId: '7002', previous: '7001' }));
      await ingest(second);
      unwatch();

      expect([...checked.keys()].sort()).toEqual([...first, ...second].map(({ documentId, versionId }) => `${documentId}/${versionId}`).sort());
      const outcomes = Object.fromEntries(await Promise.all([...checked].map(async ([key, outcome]) => [key, await outcome] as const)));
      for (const [key, outcome] of Object.entries(outcomes)) {
        expect({ key, ...outcome }).toEqual({ key, found: true, replacedFound: key.endsWith('/7002') ? false : null });
      }
      expect((await tracker.documents(CASE)).every((document) => document.status === 'indexed')).toBe(true);
      await dispose();
    });
  });
}

consistencySuite('SQLite FTS5', () => {
  const index = SqliteFtsSearchIndex.fromConfig({ path: ':memory:' });
  return Promise.resolve({ index, dispose: () => index.close() });
});

describe('Azure AI Search, near-real-time (nock-played fake that shows writes only a few searches later)', () => {
  const endpoint = 'https://casework-consistency.search.windows.net';
  const apiKey = randomBytes(16).toString('hex');
  let fake: AzureSearchFake;

  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    fake.stop();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  const openFake = (): AzureSearchFake => {
    fake = new AzureSearchFake(endpoint, `lines-${randomBytes(4).toString('hex')}`, apiKey).start();
    fake.visibilityLag = 3;
    return fake;
  };

  it('the fake lags as the service does: a write acknowledged is not yet searchable (what the adapter must wait out)', async () => {
    openFake();
    const client = new SearchClient<{ id: string; caseId: string; text: string; terms: string }>(endpoint, fake.indexName, new AzureKeyCredential(apiKey));
    await client.mergeOrUploadDocuments([{ id: 'a', caseId: CASE, text: 'lagging knife', terms: 'lagging knife' }], { throwOnAnyFailure: true });
    const first = await client.search('"knife"', { queryType: 'simple', searchMode: 'all', searchFields: ['terms'], top: 0, includeTotalCount: true });
    expect(first.count).toBe(0);
  });

  consistencySuite('Azure AI Search (fake, lag 3)', () => {
    openFake();
    const index = AzureAiSearchIndex.fromConfig({ endpoint, indexName: fake.indexName, apiKey, visibilityPollMs: 1 });
    return Promise.resolve({ index, dispose: () => Promise.resolve() });
  });

  it('fails a write that never becomes searchable within the bounded wait, so the job is retried instead of marked indexed', async () => {
    openFake();
    fake.visibilityLag = 1_000_000;
    const index = AzureAiSearchIndex.fromConfig({ endpoint, indexName: fake.indexName, apiKey, visibilityPollMs: 1, visibilityTimeoutMs: 0 });
    const outcome = await index.upsertLines([{ caseId: CASE, documentId: '1', versionId: '1', pageIndex: 0, lineIndex: 0, text: 'never', pageWidth: 1, pageHeight: 1, words: [{ text: 'never', box }] }]).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/did not make 1 lines written searchable/);
  });
});
