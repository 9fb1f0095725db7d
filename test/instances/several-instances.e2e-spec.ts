import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { SERVED_BY_HEADER } from '../../src/strangler/strangler-request.js';
import { eventually } from '../helpers/eventually.js';
import { buildFacadeIfStale } from '../helpers/facade-build.js';
import type { TrackerJson } from '../ingestion/helpers/ingestion-app.js';
import { startCluster, type Answer, type Cluster, type FacadeInstance } from './facade-cluster.js';
import { openApiAnswerCheck } from './openapi-answer-check.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

/**
 * Issue 16, item 2: two API (ROLE=api) and two worker (ROLE=worker) processes of the built facade (`node dist/main.js`)
 * share Azurite (blobs, queues, tables), one Azure AI Search index (the fake, over https), one legacy CMS (the stand-in)
 * and one identity provider, and behave as one facade.
 */
const CASE_ID = '1';
const ALICE = 'alice.admin';
const BOB = 'bob.north';
/**
 * The job lease (the queue's visibility timeout, renewed by heartbeat): a job whose worker died is delivered again once
 * it runs out, so the other worker takes it over within JOB_LEASE_MS (rounded up to whole seconds by the queue) plus one
 * poll of the queue (1 s). Short here so the takeover test is quick; never asserted, the wait has a ceiling of minutes.
 */
const JOB_LEASE_MS = 8_000;
/** Each instance re-reads the route table this often: a change is in force everywhere within it (plus one read). */
const ROUTE_REFRESH_MS = 1_000;
/** A ceiling for the whole case to be ingested on a loaded machine; never a measure of speed. */
const INGESTION_CEILING_MS = 900_000;

interface StandInDocument {
  versionId: string;
  checkedOutBy: string | null;
  versions: { versionId: string }[];
}

// The stand-in pads ids as the legacy CMS does (00000042); the facade's API carries them as 42.
const unpadded = (id: string): string => String(Number(id));

describe('several facade instances sharing Azure services (2 API + 2 worker processes)', () => {
  let cluster: Cluster;
  let apiA: FacadeInstance;
  let apiB: FacadeInstance;
  let admin: string;
  let bob: string;
  /** Top-level documents with text, from the first refresh (for the redaction tests). */
  let redactable: { documentId: string; versionId: string }[] = [];

  const tracker = async (instance: FacadeInstance): Promise<TrackerJson> => {
    const answer = await cluster.call(instance, admin, `/api/v1/cases/${CASE_ID}/tracker`);
    expect(answer.status).toBe(200);
    return answer.body as TrackerJson;
  };
  const standInDocument = async (documentId: string): Promise<StandInDocument> => {
    const document = (await (await fetch(`${cluster.standIn.adminUrl}/cases/${CASE_ID}/documents/${documentId}`, { headers: { 'x-admin-key': cluster.standIn.adminKey } })).json()) as StandInDocument;
    return { ...document, versionId: unpadded(document.versionId), versions: document.versions.map((version) => ({ versionId: unpadded(version.versionId) })) };
  };
  /** The index's lines of one document, per version. */
  const indexedLines = (documentId: string): Map<string, string[]> => {
    const byVersion = new Map<string, string[]>();
    for (const line of cluster.search.documents.values()) {
      if (line['caseId'] !== CASE_ID || line['documentId'] !== documentId) continue;
      const versionId = String(line['versionId']);
      byVersion.set(versionId, [...(byVersion.get(versionId) ?? []), `${String(line['pageIndex'])}/${String(line['lineIndex'])}`]);
    }
    return byVersion;
  };
  /** Every document current and indexed (or, for a file the pipeline cannot read, failed) per the tracker. */
  const ingested = async (instance: FacadeInstance): Promise<TrackerJson> => {
    let snapshot: TrackerJson | null = null;
    await eventually(async () => (snapshot = await tracker(instance)).status === 'done', 'the case to be ingested', {
      ceilingMs: INGESTION_CEILING_MS,
      intervalMs: 500,
      state: () => snapshot?.progress,
    });
    return snapshot!;
  };
  const migrationRoutes = async (instance: FacadeInstance): Promise<Json[]> => {
    const answer = await cluster.call(instance, admin, '/api/v1/migration');
    expect(answer.status).toBe(200);
    return answer.body.routes as Json[];
  };
  const routeMode = async (instance: FacadeInstance, route: string): Promise<string> => {
    const answer: Answer = await cluster.call(instance, admin, `/api/v1/admin/routes/${route}`);
    expect(answer.status).toBe(200);
    return answer.body.mode as string;
  };

  beforeAll(async () => {
    buildFacadeIfStale();
    cluster = await startCluster({
      apis: 2,
      workers: 2,
      env: { JOB_LEASE_MS: String(JOB_LEASE_MS), STRANGLER_ROUTE_REFRESH_MS: String(ROUTE_REFRESH_MS), STRANGLER_TRAFFIC_FLUSH_MS: '500' },
      check: openApiAnswerCheck(),
    });
    [apiA, apiB] = cluster.apis;
    admin = await cluster.token(ALICE, { admin: true });
    bob = await cluster.token(BOB);
    // A ceiling for a build and four start-ups on a loaded machine, never a measure of speed.
  }, 900_000);

  afterEach(() => {
    expect(cluster?.takeViolations() ?? []).toEqual([]);
  });

  afterAll(async () => {
    await cluster?.close();
    // The search fake's module loads nock, which patches node:http for this jest worker until restored: later test
    // files in the worker (a keep-alive pool test) must get the real one back.
    nock.restore();
  }, 300_000);

  it(
    'spreads a case refresh over both workers and indexes every document once',
    async () => {
      expect((await cluster.call(apiA, admin, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
      // Read through the other API instance: the tracker is shared.
      const done = await ingested(apiB);
      expect(done.documents.length).toBeGreaterThanOrEqual(5);
      for (const document of done.documents) {
        expect({ documentId: document.documentId, status: document.status, indexedVersionId: document.indexedVersionId }).toEqual({
          documentId: document.documentId,
          status: 'indexed',
          indexedVersionId: document.versionId,
        });
        // The shared index holds the current version's lines, each once, and nothing of another version.
        const lines = indexedLines(document.documentId);
        const current = lines.get(document.versionId) ?? [];
        expect([...lines.keys()].filter((versionId) => versionId !== document.versionId)).toEqual([]);
        expect(current.length).toBe(document.lineCount);
        expect(new Set(current).size).toBe(current.length);
      }

      redactable = done.documents
        .filter((document) => document.childIndex === null && document.detectedType !== 'message/rfc822' && (document.lineCount ?? 0) > 0)
        .map((document) => ({ documentId: document.documentId, versionId: document.versionId }));

      // Each worker fetched documents from the legacy CMS (the first step of a job), the API instances none; together the
      // workers fetched every legacy document (attachments unpacked from an e-mail come from the e-mail, not the CMS).
      const [first, second] = cluster.workers.map((worker) => worker.gate.documentIds(CASE_ID));
      expect(first.size).toBeGreaterThanOrEqual(1);
      expect(second.size).toBeGreaterThanOrEqual(1);
      for (const api of cluster.apis) expect(api.gate.documentIds(CASE_ID).size).toBe(0);
      const legacyDocuments = done.documents.filter((document) => document.childIndex === null).map((document) => document.documentId);
      expect(new Set([...first, ...second])).toEqual(new Set(legacyDocuments));
    },
    INGESTION_CEILING_MS + 60_000,
  );

  it(
    'finishes the job of a worker killed with SIGKILL mid-job on the other worker',
    async () => {
      // A new document in the legacy CMS: the next refresh queues one job, for it alone.
      const added = await fetch(`${cluster.standIn.adminUrl}/cases/${CASE_ID}/documents`, {
        method: 'POST',
        headers: { 'x-admin-key': cluster.standIn.adminKey, 'x-file-name': 'late-witness-statement.txt', 'content-type': 'text/plain' },
        body: 'Late witness statement.\nThe witness saw the van leave the yard at ten past nine.\n',
      });
      expect(added.status).toBe(201);
      const documentId = unpadded(((await added.json()) as { documentId: string }).documentId);

      // Its download waits at whichever worker claims the job: that worker is mid-job, for as long as the test likes.
      let victim: FacadeInstance | null = null;
      for (const worker of cluster.workers)
        worker.gate.hold([documentId], () => {
          victim ??= worker;
        });
      expect((await cluster.call(apiB, admin, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
      await eventually(() => victim !== null, 'a worker to start the job');
      const killed = victim!;
      const survivor = cluster.workers.find((worker) => worker !== killed)!;
      expect(survivor.gate.documentIds(CASE_ID).has(documentId)).toBe(false);

      await cluster.kill(killed);
      expect(killed.process.signalCode).toBe('SIGKILL');
      for (const worker of cluster.workers) worker.gate.release();

      // The lease runs out (JOB_LEASE_MS after the last heartbeat) and the survivor takes the job over.
      let snapshot: TrackerJson | null = null;
      const current = () => snapshot?.documents.find((document) => document.documentId === documentId);
      await eventually(async () => {
        snapshot = await tracker(apiA);
        return current()?.status === 'indexed';
      }, 'the killed worker’s job to be finished by the other worker', { intervalMs: 250, state: () => current() });
      expect(survivor.gate.documentIds(CASE_ID).has(documentId)).toBe(true);
      const document = current()!;
      expect(document.indexedVersionId).toBe(document.versionId);
      const lines = indexedLines(documentId);
      expect([...lines.keys()]).toEqual([document.versionId]);
      expect(lines.get(document.versionId)!.length).toBe(document.lineCount);
      expect(document.lineCount).toBeGreaterThan(0);
    },
    INGESTION_CEILING_MS,
  );

  it('puts a route change made on one API instance in force on the other', async () => {
    const route = 'cases.getSummary';
    expect(await routeMode(apiB, route)).toBe('legacy');
    const before = await cluster.call(apiB, bob, `/api/v1/cases/${CASE_ID}`);
    expect(before.status).toBe(200);
    expect(before.headers.get(SERVED_BY_HEADER)).toBe('legacy');

    const change = await cluster.call(apiA, admin, `/api/v1/admin/routes/${route}`, { method: 'PUT', body: { mode: 'modern', fallback: true, reason: 'serve the summary from GraphQL everywhere' } });
    expect(change.status).toBe(200);

    // B serves the route the new way once it has re-read the route table (within STRANGLER_ROUTE_REFRESH_MS).
    let servedBy: string | null = null;
    await eventually(async () => {
      const answer = await cluster.call(apiB, bob, `/api/v1/cases/${CASE_ID}`);
      servedBy = answer.headers.get(SERVED_BY_HEADER);
      return answer.status === 200 && servedBy === 'modern';
    }, 'the other instance to serve the route from modern', { intervalMs: 100, state: () => servedBy });
    expect(await routeMode(apiB, route)).toBe('modern');
  });

  it('counts traffic through both API instances once, and both report the same migration figures', async () => {
    // A route no other test calls, so no instance holds unflushed counts of it when the test starts.
    const route = 'cases.getWitnesses';
    const callsOf = (routes: Json[]): { total: number; legacy: number; modern: number } => routes.find((each) => each.name === route).calls as { total: number; legacy: number; modern: number };
    const before = callsOf(await migrationRoutes(apiA));
    const CALLS = 6;
    for (let i = 0; i < CALLS; i += 1) {
      const answer = await cluster.call(i % 2 === 0 ? apiA : apiB, bob, `/api/v1/cases/${CASE_ID}/witnesses`);
      expect(answer.status).toBe(200);
    }
    // Each instance flushes its own counts into the shared table; each report sums every instance's.
    let reports: Json[][] = [];
    await eventually(async () => {
      reports = [await migrationRoutes(apiA), await migrationRoutes(apiB)];
      return reports.every((routes) => callsOf(routes).total === before.total + CALLS) && JSON.stringify(reports[0]) === JSON.stringify(reports[1]);
    }, 'both instances to report every call', { intervalMs: 200, state: () => reports.map(callsOf) });
    expect(callsOf(reports[0])).toEqual({ total: before.total + CALLS, legacy: before.legacy + CALLS, modern: before.modern });
    expect(reports[1]).toEqual(reports[0]);
  });

  it('lets one of two users saving redactions of one document on two instances win; the other gets 409; nothing is duplicated', async () => {
    expect(redactable.length).toBeGreaterThanOrEqual(2);
    const { documentId, versionId } = redactable[0];
    const before = await standInDocument(documentId);
    expect(before.versionId).toBe(versionId);
    const text = await cluster.call(apiA, admin, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/text`);
    expect(text.status).toBe(200);
    const page = text.body.pages[0];
    const save = (instance: FacadeInstance, token: string): Promise<Answer> =>
      cluster.call(instance, token, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/redactions`, {
        method: 'POST',
        body: { redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ x: 0, y: 0, width: 24, height: 24 }] }], reasonCodes: ['PII'] },
      });

    const [onA, onB] = await Promise.all([save(apiA, admin), save(apiB, bob)]);
    expect([onA.status, onB.status].sort()).toEqual([201, 409]);
    const [winner, loser] = onA.status === 201 ? [onA, onB] : [onB, onA];
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    expect(['DOCUMENT_CHECKED_OUT', 'DOCUMENT_VERSION_NOT_CURRENT']).toContain(loser.body.code);

    const after = await standInDocument(documentId);
    expect(after.versions).toHaveLength(before.versions.length + 1);
    expect(after.checkedOutBy).toBeNull();
    expect(winner.body.newVersionId).toBe(after.versionId);
    const log = await cluster.call(apiB, admin, `/api/v1/cases/${CASE_ID}/redaction-log`);
    expect(log.status).toBe(200);
    const entries = (log.body.entries as Json[]).filter((entry) => entry.documentId === documentId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ oldVersionId: versionId, newVersionId: after.versionId });
  });

  it('shows a redaction session held on one instance as held on the other, which refuses a second holder', async () => {
    const { documentId, versionId } = redactable[1];
    const session = `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/redaction-session`;
    const started = await cluster.call(apiA, admin, session, { method: 'POST' });
    expect(started.status).toBe(201);

    const seen = await cluster.call(apiB, bob, session);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ holder: ALICE, heldByCaller: false, draft: null });
    const second = await cluster.call(apiB, bob, session, { method: 'POST' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'DOCUMENT_CHECKED_OUT', checkedOutBy: ALICE, sessionHolder: ALICE });

    // The holder resumes it on the other instance (another device): the same session, no second check-out.
    const resumed = await cluster.call(apiB, admin, session, { method: 'POST' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.sessionId).toBe(started.body.sessionId);
    expect((await cluster.call(apiB, admin, session, { method: 'DELETE' })).status).toBe(204);
    expect((await cluster.call(apiA, bob, session)).status).toBe(404);
    expect((await standInDocument(documentId)).checkedOutBy).toBeNull();
  });
});
