import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { IndexedLine } from '../search/search-index.port.js';
import { SqliteFtsSearchIndex } from '../search/sqlite-fts-search-index.adapter.js';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { newTrackedDocument } from './document-processor.js';
import { IndexSweeper } from './index-sweeper.service.js';
import { IngestionTracker } from './tracker/ingestion-tracker.js';
import type { TrackedDocument } from './tracker/tracker.model.js';

const INTERVAL_MS = 600_000;

const line = (caseId: string, documentId: string, versionId: string, lineIndex = 0): IndexedLine => ({
  caseId,
  documentId,
  versionId,
  pageIndex: 0,
  lineIndex,
  text: `line ${lineIndex} of ${documentId}`,
  pageWidth: 600,
  pageHeight: 800,
  words: [{ text: 'line', box: { x: 1, y: 1, width: 10, height: 10 } }],
});

describe('IndexSweeper', () => {
  let dir: string;
  let index: SqliteFtsSearchIndex;
  let state: InMemoryStateStore;
  let tracker: IngestionTracker;
  let clockMs: number;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'index-sweeper-'));
    index = SqliteFtsSearchIndex.fromConfig({ path: path.join(dir, 'search.sqlite') });
    state = InMemoryStateStore.fromConfig();
    tracker = new IngestionTracker(state);
    clockMs = Date.parse('2026-12-05T09:00:00Z');
  });
  afterEach(async () => {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sweeper = () => new IndexSweeper(tracker, index, state, { intervalMs: INTERVAL_MS, now: () => clockMs });
  const track = (caseId: string, documentId: string, versionId: string, patch: Partial<TrackedDocument> = {}) =>
    tracker.update(caseId, documentId, () => ({
      ...newTrackedDocument({ caseId, documentId, versionId, parentDocumentId: null, childIndex: null, fileName: 'f.pdf', mimeType: 'application/pdf', sizeBytes: 1, requestedBy: 'alice', requestedBySubject: undefined, indexedVersionId: null }),
      ...patch,
    }));

  it('deletes the lines of superseded versions and removed documents, keeping every tracked and indexed version', async () => {
    await index.upsertLines([
      line('42', '1001', '7001'),
      line('42', '1001', '7001', 1),
      // superseded by 7003 while 7002 is being ingested: 7001 stays searchable until 7002 is indexed
      line('42', '1002', '7001'),
      line('42', '1002', '7002'),
      line('42', '1002', '7000'),
      // a removed document a crash left in the index
      line('42', '1003', '7001'),
      line('43', '2001', '8001'),
      line('43', '2001', '8000'),
    ]);
    await track('42', '1001', '7001', { status: 'indexed', indexedVersionId: '7001' });
    await track('42', '1002', '7002', { status: 'converted', indexedVersionId: '7001' });
    await track('43', '2001', '8001', { status: 'indexed', indexedVersionId: null });

    expect(await sweeper().runOnce()).toEqual({ leader: true, cases: 2, versions: 3, lines: 3, failed: 0 });
    expect(await index.indexedVersions('42')).toEqual([
      { documentId: '1001', versionId: '7001', lines: 2 },
      { documentId: '1002', versionId: '7001', lines: 1 },
      { documentId: '1002', versionId: '7002', lines: 1 },
    ]);
    expect(await index.indexedVersions('43')).toEqual([{ documentId: '2001', versionId: '8001', lines: 1 }]);
    // Nothing left to do.
    expect(await sweeper().runOnce()).toMatchObject({ versions: 0, lines: 0 });
  });

  it('cleans a case whose documents were all removed, as long as its run is recorded', async () => {
    await index.upsertLines([line('44', '1', '1')]);
    await tracker.putCaseRun({ caseId: '44', runId: 'run-1', startedAt: new Date(clockMs).toISOString(), listedAt: null, finishedAt: null, refreshCount: 1 });
    expect(await sweeper().runOnce()).toMatchObject({ leader: true, versions: 1, lines: 1 });
    expect(await index.indexedVersions('44')).toEqual([]);
  });

  it('sweeps on one instance at a time: another finds the lease held until it runs out', async () => {
    await index.upsertLines([line('42', '1003', '7001')]);
    await track('42', '1001', '7001');
    const [a, b] = [sweeper(), sweeper()];
    expect(await a.runOnce()).toMatchObject({ leader: true, versions: 1 });
    await index.upsertLines([line('42', '1003', '7001')]);
    expect(await b.runOnce()).toMatchObject({ leader: false, versions: 0 });
    expect(await index.indexedVersions('42')).toEqual([{ documentId: '1003', versionId: '7001', lines: 1 }]);
    clockMs += INTERVAL_MS * 3 + 1;
    expect(await b.runOnce()).toMatchObject({ leader: true, versions: 1 });
  });
});
