/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REDACTION_LOG_TABLE, type RedactionLogEntry } from '../../../src/redaction/redaction-log.js';
import { REDACTION_PLANS_TABLE, runKeyOf, type StoredDocumentRun } from '../../../src/redaction/plans/redaction-plan.model.js';
import { PLAN_CRASH_POINT } from '../../../src/redaction/plans/redaction-plan.runner.js';
import { startStandIn, type RunningStandIn } from '../../../src/stand-in/stand-in.js';
import { SqliteStateStore } from '../../../src/storage/state/sqlite-state-store.adapter.js';
import { eventually } from '../../helpers/eventually.js';
import { callCrashChild, killCrashChild, startCrashChild, type CrashChild } from '../../ingestion/helpers/crash-child-process.js';
import { WAIT_UNTIL_DONE_CEILING_MS, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';
import { readEvents } from './plan-events.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';

describe('applying a redaction plan survives kill -9: the restarted facade resumes, and no document is saved twice (e2e)', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let env: Record<string, string>;
  let state: SqliteStateStore;

  const plans = `/api/v1/cases/${CASE_ID}/redaction-plans`;
  const json = async (response: Response): Promise<Json> => response.json();
  const standInVersions = async (documentId: string): Promise<string[]> => {
    const document = (await (await fetch(`${standIn.adminUrl}/cases/${CASE_ID}/documents/${documentId}`, { headers: { 'x-admin-key': standIn.adminKey } })).json()) as Json;
    return (document.versions as { versionId: string }[]).map((version) => String(Number(version.versionId)));
  };
  const send = (child: CrashChild, method: string, pathname: string, body: unknown, headers: Record<string, string> = {}) =>
    callCrashChild(child, pathname, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-plan-crash-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
    // Deadlines a loaded machine never reaches; short leases so the restarted facade takes the job and the save over
    // soon (ceilings for the waits, never asserted).
    env = {
      APP_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: path.join(dataDir, 'facade'),
      OCR: 'off',
      CASE_ACCESS_CACHE_MS: '0',
      LEGACY_TIMEOUT_MS: '120000',
      SANDBOX_TIMEOUT_MS: '300000',
      JOB_LEASE_MS: '3000',
      REDACTION_SAVE_LEASE_MS: '5000',
      REDACTION_SAVE_RECOVERY_INTERVAL_MS: '250',
    };
    state = SqliteStateStore.fromConfig({ path: path.join(dataDir, 'facade', 'state.sqlite') });
  }, 120_000);

  afterAll(async () => {
    await state?.close();
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'killed right after a document was saved (before its progress was written): resumed, that document recorded as saved once, the rest saved',
    async () => {
      // Ingest, build the plan and keep two documents of it.
      let planId: string;
      let kept: Json[];
      const first = await startCrashChild(standIn, env);
      try {
        expect((await callCrashChild(first, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
        let tracker: TrackerJson | null = null;
        await eventually(async () => (tracker = (await json(await callCrashChild(first, `/api/v1/cases/${CASE_ID}/tracker`))) as TrackerJson).status === 'done', 'the case to be ingested', {
          ceilingMs: WAIT_UNTIL_DONE_CEILING_MS,
          intervalMs: 200,
          state: () => tracker?.progress,
        });
        const witnesses = (await json(await callCrashChild(first, `/api/v1/cases/${CASE_ID}/witnesses`))).witnesses as Json[];
        let best: Json = null;
        for (const witness of witnesses) {
          const built = await send(first, 'POST', plans, { people: [{ kind: 'witness', id: witness.witnessId, categories: ['name'] }] });
          expect(built.status).toBe(201);
          const plan = await json(built);
          const redactable = (plan.documents as Json[]).filter((document) => document.blockedBy === null);
          if (best === null || redactable.length > best.redactable.length) best = { plan, redactable, etag: built.headers.get('etag') };
        }
        expect(best.redactable.length).toBeGreaterThanOrEqual(2);
        planId = best.plan.planId;
        kept = best.redactable.slice(0, 2);
        const all = (await json(await callCrashChild(first, `${plans}/${planId}?limit=100`))).documents as Json[];
        expect(all).toHaveLength(best.plan.documentCount);
        const rejected = all.filter((document) => !kept.some((keep) => keep.documentId === document.documentId));
        const reviewed = await send(first, 'PATCH', `${plans}/${planId}`, { documents: rejected.map((document) => ({ documentId: document.documentId, decision: 'rejected' })) }, { 'if-match': best.etag });
        expect(reviewed.status).toBe(200);
      } finally {
        await killCrashChild(first);
      }
      const before = new Map(await Promise.all(kept.map(async (document) => [document.documentId as string, await standInVersions(document.documentId)] as const)));

      // The apply kills its process right after the first save returned, before the plan records it.
      const crashing = await startCrashChild(standIn, { ...env, REDACTION_SAVE_CRASH_AT: PLAN_CRASH_POINT });
      const exited = new Promise<void>((resolve) => crashing.process.once('exit', () => resolve()));
      const applied = await send(crashing, 'POST', `${plans}/${planId}/apply`, { reasonCodes: ['PII'] });
      expect(applied.status).toBe(202);
      await exited;
      expect(crashing.process.signalCode).toBe('SIGKILL');
      const runs = (await state.list<StoredDocumentRun>(REDACTION_PLANS_TABLE, planId, { keyPrefix: 'run:' })).map((entity) => entity.value);
      expect(runs.map((run) => [run.documentId, run.state])).toEqual([[kept[0].documentId, 'saving']]);
      const savedBeforeCrash = await standInVersions(kept[0].documentId);
      expect(savedBeforeCrash).toHaveLength(before.get(kept[0].documentId)!.length + 1);

      // A restarted facade takes the job over once its lease expires and finishes the plan.
      const restarted = await startCrashChild(standIn, env);
      try {
        const events = await readEvents(await callCrashChild(restarted, `${plans}/${planId}/events`, { headers: { 'last-event-id': '1' } }));
        expect(events.at(-1)?.event).toBe('done');
        expect(events.find((event) => event.event === 'progress')?.data).toMatchObject({ attempt: expect.any(Number) });
        expect((events.find((event) => event.event === 'progress')?.data as Json).attempt).toBeGreaterThanOrEqual(2);

        const plan = await json(await callCrashChild(restarted, `${plans}/${planId}`));
        expect(plan.status).toBe('applied');
        expect(plan.report.failed).toEqual([]);
        expect(plan.report.saved.map((saved: Json) => saved.documentId).sort()).toEqual(kept.map((document) => document.documentId).sort());
        for (const document of kept) {
          const versions = await standInVersions(document.documentId);
          // Exactly one new version: the document saved before the crash was not saved again.
          expect(versions).toHaveLength(before.get(document.documentId)!.length + 1);
          expect(plan.report.saved.find((saved: Json) => saved.documentId === document.documentId).newVersionId).toBe(versions.at(-1));
        }
        expect(savedBeforeCrash.at(-1)).toBe((await standInVersions(kept[0].documentId)).at(-1));
        const stored = await state.get<StoredDocumentRun>(REDACTION_PLANS_TABLE, planId, runKeyOf(kept[0].documentId));
        expect(stored?.value).toMatchObject({ state: 'saved', newVersionId: savedBeforeCrash.at(-1) });

        // The redaction log: one entry per saved document, neither lost nor doubled (save recovery finished the first).
        await eventually(async () => {
          const log = (await state.list<RedactionLogEntry>(REDACTION_LOG_TABLE, CASE_ID)).map((entity) => entity.value);
          return kept.every((document) => log.filter((entry) => entry.documentId === document.documentId).length === 1);
        }, 'one redaction log entry per saved document', { ceilingMs: WAIT_UNTIL_DONE_CEILING_MS, intervalMs: 100 });
      } finally {
        await killCrashChild(restarted);
      }
    },
    2 * WAIT_UNTIL_DONE_CEILING_MS + 240_000,
  );
});
