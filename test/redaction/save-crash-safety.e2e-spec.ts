import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REDACTION_LOG_TABLE, type RedactionLogEntry } from '../../src/redaction/redaction-log.js';
import { REDACTION_SAVES_TABLE, type RedactionSaveRecord } from '../../src/redaction/redaction-save-journal.js';
import { SAVE_CRASH_POINTS, type SaveCrashPoint } from '../../src/redaction/redaction.service.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import { eventually } from '../helpers/eventually.js';
import { callCrashChild, killCrashChild, startCrashChild, type CrashChild } from '../ingestion/helpers/crash-child-process.js';
import { WAIT_UNTIL_DONE_CEILING_MS, type TrackerJson } from '../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';

/** Killed before the check-in: the save is undone (the check-out cancelled). From the check-in on: finished. */
const UNDONE_AT: readonly SaveCrashPoint[] = ['started', 'checked-out-unrecorded', 'checked-out', 'checking-in'];


interface StandInDocument {
  versionId: string;
  checkedOutBy: string | null;
  versions: { versionId: string }[];
}

describe('crash-safe redaction saves: kill -9 at each step, restart, recovery finishes or undoes the save', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let env: Record<string, string>;
  let state: SqliteStateStore;
  let index: SqliteFtsSearchIndex;
  let documentIds: string[];

  const admin = async (pathname: string): Promise<Json> => (await fetch(`${standIn.adminUrl}${pathname}`, { headers: { 'x-admin-key': standIn.adminKey } })).json();
  // The stand-in pads ids as the legacy CMS does (00000042); the facade's API carries them as 42.
  const unpadded = (id: string): string => String(Number(id));
  const standInDocument = async (documentId: string): Promise<StandInDocument> => {
    const document = (await admin(`/cases/${CASE_ID}/documents/${documentId}`)) as StandInDocument;
    return { ...document, versionId: unpadded(document.versionId), versions: document.versions.map((version) => ({ versionId: unpadded(version.versionId) })) };
  };

  const startChild = (extra: Record<string, string> = {}): Promise<CrashChild> => startCrashChild(standIn, { ...env, ...extra });
  const call = callCrashChild;
  const kill = killCrashChild;
  const tracker = async (child: CrashChild): Promise<TrackerJson> => (await (await call(child, `/api/v1/cases/${CASE_ID}/tracker`)).json()) as TrackerJson;


  const logEntries = async (): Promise<RedactionLogEntry[]> => (await state.list<RedactionLogEntry>(REDACTION_LOG_TABLE, CASE_ID)).map((entity) => entity.value);
  const closedSaves = async (): Promise<RedactionSaveRecord[]> => (await state.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'closed')).map((entity) => entity.value);
  const openSaves = async (): Promise<RedactionSaveRecord[]> => (await state.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'open')).map((entity) => entity.value);

  async function waitUntilIndexed(child: CrashChild, documentId: string, versionId: string): Promise<TrackerJson['documents'][number]> {
    let snapshot: TrackerJson | null = null;
    const current = () => snapshot?.documents.find((document) => document.documentId === documentId);
    await eventually(async () => {
      snapshot = await tracker(child);
      return current()?.versionId === versionId && (current()?.status === 'indexed' || current()?.status === 'failed');
    }, `version ${versionId} of document ${documentId} to be indexed`, { ceilingMs: WAIT_UNTIL_DONE_CEILING_MS, intervalMs: 200, state: () => current() });
    return current()!;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-save-crash-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
    // Deadlines a loaded machine never reaches; a short save lease so a restarted facade recovers soon (a ceiling
    // for the wait, never asserted), and a recovery pass every quarter second.
    env = {
      APP_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: path.join(dataDir, 'facade'),
      OCR: 'off',
      CASE_ACCESS_CACHE_MS: '0',
      LEGACY_TIMEOUT_MS: '120000',
      SANDBOX_TIMEOUT_MS: '300000',
      REDACTION_SAVE_LEASE_MS: '5000',
      REDACTION_SAVE_RECOVERY_INTERVAL_MS: '250',
    };
    const child = await startChild();
    try {
      expect((await call(child, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
      let snapshot = await tracker(child);
      await eventually(async () => (snapshot = await tracker(child)).status === 'done', 'the case to be ingested', { ceilingMs: WAIT_UNTIL_DONE_CEILING_MS, intervalMs: 200, state: () => snapshot.progress });
      documentIds = snapshot.documents
        // One document per kill point (no e-mails: their attachments are documents of their own).
        .filter((document) => document.status === 'indexed' && document.childIndex === null && document.detectedType !== 'message/rfc822' && (document.lineCount ?? 0) > 0)
        .map((document) => document.documentId);
      expect(documentIds.length).toBeGreaterThanOrEqual(SAVE_CRASH_POINTS.length);
    } finally {
      await kill(child);
    }
    state = SqliteStateStore.fromConfig({ path: path.join(dataDir, 'facade', 'state.sqlite') });
    index = SqliteFtsSearchIndex.fromConfig({ path: path.join(dataDir, 'facade', 'search.sqlite') });
  }, WAIT_UNTIL_DONE_CEILING_MS + 120_000);

  afterAll(async () => {
    await state?.close();
    await index?.close?.();
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(SAVE_CRASH_POINTS.map((point, position) => [point, position] as const))(
    'killed at %s: nothing left checked out, no unredacted version searchable, the log entry neither lost nor doubled',
    async (point, position) => {
      const documentId = documentIds[position];
      const before = await standInDocument(documentId);
      const oldVersionId = before.versionId;
      const linesBefore = await index.countLines(CASE_ID, documentId, oldVersionId);
      expect(linesBefore).toBeGreaterThan(0);
      const closedBefore = (await closedSaves()).length;
      const logBefore = (await logEntries()).filter((entry) => entry.documentId === documentId && entry.oldVersionId === oldVersionId);
      expect(logBefore).toEqual([]);

      // The facade kills itself (SIGKILL) at the step: precisely there, however fast or slow the machine is. The box
      // is in the page's corner: what is under it does not matter here, only that a version is saved.
      const crashing = await startChild({ REDACTION_SAVE_CRASH_AT: point });
      const text = (await (await call(crashing, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${oldVersionId}/text`)).json()) as Json;
      const page = text.pages[0];
      const exited = new Promise<number | null>((resolve) => crashing.process.once('exit', (code) => resolve(code)));
      const answer = await call(crashing, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${oldVersionId}/redactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ x: 0, y: 0, width: 24, height: 24 }] }], reasonCodes: ['PII'] }),
      }).then(
        async (response) => `${response.status} ${await response.text()}`,
        () => 'no answer',
      );
      if (answer !== 'no answer') await kill(crashing);
      expect(answer).toBe('no answer');
      await exited;
      expect(crashing.process.signalCode).toBe('SIGKILL');
      expect(await openSaves()).toHaveLength(1);

      const restarted = await startChild();
      try {
        await eventually(async () => (await openSaves()).length === 0 && (await closedSaves()).length === closedBefore + 1, 'recovery to close the save', {
          ceilingMs: WAIT_UNTIL_DONE_CEILING_MS,
          intervalMs: 100,
        });
        const closed = (await closedSaves()).find((record) => record.documentId === documentId && record.oldVersionId === oldVersionId)!;
        const after = await standInDocument(documentId);
        const logged = (await logEntries()).filter((entry) => entry.documentId === documentId && entry.oldVersionId === oldVersionId);

        // Never left checked out, whatever the step.
        expect(after.checkedOutBy).toBeNull();
        expect(closed.recoveries).toBeGreaterThanOrEqual(1);

        if (UNDONE_AT.includes(point)) {
          expect(closed.step).toBe('undone');
          expect(after.versions).toHaveLength(before.versions.length);
          expect(logged).toEqual([]);
          // Nothing was saved: the current version stays indexed as it was.
          expect(await index.countLines(CASE_ID, documentId, oldVersionId)).toBe(linesBefore);
          return;
        }
        expect(closed.step).toBe('done');
        expect(after.versions).toHaveLength(before.versions.length + 1);
        const newVersionId = after.versionId;
        expect(closed.newVersionId).toBe(newVersionId);
        // Logged exactly once, for the version that was checked in.
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatchObject({ newVersionId, savedBy: 'alice.admin', reasonCodes: ['PII'] });
        // The unredacted version left the index; the redacted one is indexed in its place.
        expect(await index.countLines(CASE_ID, documentId, oldVersionId)).toBe(0);
        const indexed = await waitUntilIndexed(restarted, documentId, newVersionId);
        expect(indexed.status).toBe('indexed');
        expect(await index.countLines(CASE_ID, documentId, newVersionId)).toBe(indexed.lineCount);
        expect(await index.countLines(CASE_ID, documentId, oldVersionId)).toBe(0);
      } finally {
        await kill(restarted);
      }
    },
    WAIT_UNTIL_DONE_CEILING_MS + 120_000,
  );
});
