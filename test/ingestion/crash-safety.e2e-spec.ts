import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { eventually } from '../helpers/eventually.js';
import { callCrashChild, killCrashChild, startCrashChild, type CrashChild } from './helpers/crash-child-process.js';
import { WAIT_UNTIL_DONE_CEILING_MS, type TrackerJson } from './helpers/ingestion-app.js';

const CASE_ID = '2';


describe('crash safety: kill -9 mid-run, restart, refresh again', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-crash-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
    // Deadlines a loaded machine never reaches: only the kills may interrupt the work.
    env = { APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), OCR: 'off', INGESTION_CONCURRENCY: '2', LEGACY_TIMEOUT_MS: '120000', SANDBOX_TIMEOUT_MS: '300000' };
  });

  afterAll(async () => {
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const startChild = (): Promise<CrashChild> => startCrashChild(standIn, env);
  const call = callCrashChild;
  const kill = killCrashChild;


  it('indexes every document exactly once however often the process dies', async () => {
    // Kill points, roughly: during listing/fetching, mid-conversion, mid-extraction/indexing. Where each kill
    // lands depends on the machine's speed; what is asserted (nothing lost, nothing twice) holds wherever it lands.
    for (const killAfterMs of [150, 900, 2_000, 3_500]) {
      const child = await startChild();
      const refresh = await call(child, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
      expect([202, 503]).toContain(refresh.status);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await kill(child);
    }
    const child = await startChild();
    let tracker: TrackerJson;
    let listedIds: string[];
    try {
      const listed = (await (await call(child, `/api/v1/cases/${CASE_ID}/documents`)).json()) as { documents: { documentId: string }[] };
      listedIds = listed.documents.map((document) => document.documentId).sort();
      expect(listedIds.length).toBeGreaterThan(3);
      expect((await call(child, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
      const trackerNow = async (): Promise<TrackerJson> => (await (await call(child, `/api/v1/cases/${CASE_ID}/tracker`)).json()) as TrackerJson;
      tracker = await trackerNow();
      await eventually(async () => (tracker = await trackerNow()).status === 'done', 'the case to be done', {
        ceilingMs: WAIT_UNTIL_DONE_CEILING_MS,
        intervalMs: 200,
        state: () => tracker.progress,
      });
    } finally {
      await kill(child);
    }
    expect(tracker.status).toBe('done');

    // None lost: every listed document is tracked and finished.
    expect(tracker.documents.filter((document) => document.childIndex === null).map((document) => document.documentId).sort()).toEqual(listedIds);
    expect(tracker.progress.new).toBe(0);

    // None twice: the index holds exactly the lines of each indexed version, and nothing of any other.
    const index = SqliteFtsSearchIndex.fromConfig({ path: path.join(dataDir, 'facade', 'search.sqlite') });
    try {
      for (const document of tracker.documents) {
        if (document.status !== 'indexed') continue;
        expect(document.lineCount).not.toBeNull();
        expect(await index.countLines(CASE_ID, document.documentId, document.versionId)).toBe(document.lineCount);
      }
      const indexed = tracker.documents.filter((document) => document.status === 'indexed');
      expect(indexed.length).toBeGreaterThan(tracker.documents.length / 2);
    } finally {
      await index.close?.();
    }
  }, WAIT_UNTIL_DONE_CEILING_MS + 300_000);

});
