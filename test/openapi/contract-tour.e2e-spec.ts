import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DevTokenIssuer } from '../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { ROLES } from '../../src/auth/roles.js';
import { buildSeedModel } from '../../src/stand-in/seed/seed-model.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, type IngestionTestApp, type TrackerJson } from '../ingestion/helpers/ingestion-app.js';
import { eventually } from '../helpers/eventually.js';
import { operationsNotYetAnswered } from './traffic-contract.js';

/**
 * A tour of every operation in openapi.yaml against the real app and the stand-in. The test app checks
 * every response against the contract (status, headers, body, each server-sent event); the last test
 * fails if any documented operation was not answered with a success here, so a new operation needs a
 * stop on this tour.
 */
const LAWYER = 'bob.north';
const ADMIN = 'alice.admin';
const CASE_ID = '1';
const CASE_URN = buildSeedModel().cases.find((record) => record.caseId === 1)!.urn;
const ROUTE = 'cases.getSummary';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the tour reads answers freely; their shapes are what the contract check asserts

describe('a tour of every operation, each response checked against openapi.yaml (e2e)', () => {
  let t: IngestionTestApp;
  let adminToken: string;
  let version: { documentId: string; versionId: string };
  const json = async (response: Response): Promise<Json> => (await response.json()) as Json;
  const jsonList = async (response: Response): Promise<Json[]> => (await response.json()) as Json[];
  const lawyer = (pathname: string, init?: RequestInit) => t.as(LAWYER, pathname, init);
  const admin = (pathname: string, init: RequestInit = {}) =>
    fetch(`${t.base}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' } });
  const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const versionPath = () => `/api/v1/cases/${CASE_ID}/documents/${version.documentId}/versions/${version.versionId}`;

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024', READINESS_TIMEOUT_MS: '60000' });
    adminToken = (await t.app.get(DevTokenIssuer, { strict: false }).issue({ username: ADMIN, roles: [ROLES.caseworker, ROLES.admin] })).accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('health: liveness and readiness', async () => {
    expect((await fetch(`${t.base}/health/live`)).status).toBe(200);
    expect((await fetch(`${t.base}/health/ready`)).status).toBe(200);
  });

  it('cases: find by URN, summary, defendants, witnesses, notes', async () => {
    expect((await json(await lawyer(`/api/v1/cases?urn=${encodeURIComponent(CASE_URN)}`))).cases[0].caseId).toBe(CASE_ID);
    expect((await json(await lawyer(`/api/v1/cases/${CASE_ID}`))).urn).toBe(CASE_URN);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/defendants`)).status).toBe(200);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/witnesses`)).status).toBe(200);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/notes`, post({ text: 'Tour note: exhibits to follow.' }))).status).toBe(201);
    expect((await json(await lawyer(`/api/v1/cases/${CASE_ID}/notes`))).notes.map((note: Json) => note.text as string)).toContain('Tour note: exhibits to follow.');
  });

  it('documents: list, content (whole and a range), rename', async () => {
    const documents = (await json(await lawyer(`/api/v1/cases/${CASE_ID}/documents`))).documents as Json[];
    const first = documents[0];
    const path = `/api/v1/cases/${CASE_ID}/documents/${first.documentId}/versions/${first.versionId}/content`;
    expect((await lawyer(path)).status).toBe(200);
    const range = await lawyer(path, { headers: { range: 'bytes=0-9' } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(10);
    const renamed = await lawyer(`/api/v1/cases/${CASE_ID}/documents/${first.documentId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Renamed on the tour' }) });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).title).toBe('Renamed on the tour');
  });

  it('ingestion: refresh, tracker, the tracker as server-sent events, PDF, text and a page thumbnail of a version', async () => {
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    const tracker: TrackerJson = await t.waitUntilDone(CASE_ID, LAWYER);
    const indexed = tracker.documents.find((document) => document.status === 'indexed' && document.ocrPageCount === 0 && document.parentDocumentId === null);
    if (indexed === undefined) throw new Error(`no born-digital document indexed: ${JSON.stringify(tracker.progress)}`);
    version = { documentId: indexed.documentId, versionId: indexed.versionId };
    // The case is done, so the stream sends its state and `done`, then ends.
    const events = await lawyer(`/api/v1/cases/${CASE_ID}/tracker/events`);
    expect(events.status).toBe(200);
    expect(await events.text()).toContain('event: done');
    expect((await lawyer(`${versionPath()}/pdf`)).headers.get('content-type')).toBe('application/pdf');
    expect((await lawyer(`${versionPath()}/pdf`, { headers: { range: 'bytes=0-4' } })).status).toBe(206);
    expect((await json(await lawyer(`${versionPath()}/text`))).pages.length).toBeGreaterThan(0);
    const thumbnail = await lawyer(`${versionPath()}/pages/0/thumbnail?width=100`, { headers: { accept: 'image/webp' } });
    expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/webp']);
    await thumbnail.arrayBuffer();
  });

  it('user state: capability flags, read marks, what changed since my last visit, notes on a document', async () => {
    const listed = ((await json(await lawyer(`/api/v1/cases/${CASE_ID}/documents`))).documents as Json[]).find((document) => document.documentId === version.documentId)!;
    expect(listed).toMatchObject({ canRedact: true, canRename: true, canReclassify: true, readByMe: false });
    expect((await lawyer(`${versionPath()}/read`, { method: 'PUT' })).status).toBe(204);
    expect((await lawyer(`${versionPath()}/read`, { method: 'DELETE' })).status).toBe(204);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/changes`)).status).toBe(200);
    expect((await json(await lawyer(`/api/v1/cases/${CASE_ID}/changes?since=2026-01-01T00:00:00Z`))).caseId).toBe(CASE_ID);
    // The visit above (changes without `since`) makes the case a recent one.
    expect((await json(await lawyer('/api/v1/me/recent-cases?limit=5'))).cases[0].caseId).toBe(CASE_ID);
    const notes = `/api/v1/cases/${CASE_ID}/documents/${version.documentId}/notes`;
    expect((await lawyer(notes, post({ text: 'Tour note on a document.' }))).status).toBe(201);
    expect((await json(await lawyer(notes))).notes.map((note: Json) => note.text as string)).toContain('Tour note on a document.');
  });

  it('search, suggestions, redaction preview, redaction and its log', async () => {
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/search?q=statement`)).status).toBe(200);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/search?q=statement&type=pdf,word&sort=date&from=2020-01-01&state=indexed`)).status).toBe(200);
    expect((await json(await lawyer(`/api/v1/cases/${CASE_ID}/search/count?q=statement`))).hitCount).toBeGreaterThanOrEqual(0);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}/documents/${version.documentId}/search?q=statement&includeCovered=true`)).status).toBe(200);
    const suggested = await json(await lawyer(`${versionPath()}/redaction-suggestions`));
    const text = await json(await lawyer(`${versionPath()}/text`));
    const page = text.pages[0];
    const word = page.lines[0].words[0].box;
    const redactions = [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ x: word.x, y: word.y, width: word.width, height: word.height, redactionType: 'named-person' }] }];
    expect(suggested.suggestionCount).toBe(suggested.suggestions.length);
    expect((await json(await lawyer('/api/v1/redaction-types'))).types.map((type: Json) => type.id as string)).toContain('named-person');
    const preview = await lawyer(`${versionPath()}/redactions/preview`, post({ redactions }));
    expect(preview.status).toBe(200);
    expect(preview.headers.get('x-redaction-box-count')).toBe('1');
    const words = await json(await lawyer(`${versionPath()}/redactions/preview/words`, post({ redactions })));
    expect(words.wordCount).toBeGreaterThan(0);
    const saved = await lawyer(`${versionPath()}/redactions`, post({ redactions, agencyFeedback: { agency: 'Tour Police', underRedactions: [{ redactionType: 'phone', count: 1 }], overRedactions: [], returnedToAgency: false } }));
    expect(saved.status).toBe(201);
    const { newVersionId } = await json(saved);
    const entry = (await json(await lawyer(`/api/v1/cases/${CASE_ID}/redaction-log`))).entries.find((candidate: Json) => candidate.newVersionId === newVersionId);
    expect(entry.byType).toEqual([{ redactionType: 'named-person', count: 1 }]);
    const proof = await admin(`/api/v1/cases/${CASE_ID}/redaction-log/${encodeURIComponent(entry.entryId as string)}/prove`, { method: 'POST', body: JSON.stringify({ candidates: [page.lines[0].words[0].text] }) });
    expect((await json(proof)).results[0].matched).toBe(true);
    const summary = await json(await admin('/api/v1/redaction-log/summary'));
    expect(summary.byAgency.map((agency: Json) => agency.agency as string)).toContain('Tour Police');
  });

  it('redaction sessions: start, read, draft, heartbeat, cancel; start again, save through the session', async () => {
    const tracker = (await json(await lawyer(`/api/v1/cases/${CASE_ID}/tracker`))) as TrackerJson;
    const other = tracker.documents.find((document) => document.status === 'indexed' && document.ocrPageCount === 0 && document.parentDocumentId === null && document.documentId !== version.documentId);
    if (other === undefined) throw new Error('no second born-digital document indexed');
    const sessionPath = `/api/v1/cases/${CASE_ID}/documents/${other.documentId}/versions/${other.versionId}/redaction-session`;
    const put = (etag: string, body: unknown): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': etag }, body: JSON.stringify(body) });
    const started = await lawyer(sessionPath, { method: 'POST' });
    expect(started.status).toBe(201);
    const etag = started.headers.get('etag')!;
    expect((await json(await lawyer(sessionPath))).holder).toBe(LAWYER);
    const text = await json(await lawyer(`/api/v1/cases/${CASE_ID}/documents/${other.documentId}/versions/${other.versionId}/text`));
    const page = text.pages[0];
    const word = page.lines[0].words[0].box;
    const draft = { boxes: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rect: { x: word.x, y: word.y, width: word.width, height: word.height }, redactionType: 'named-person' }] };
    expect((await lawyer(`${sessionPath}/draft`, put(etag, draft))).status).toBe(200);
    expect((await lawyer(`${sessionPath}/heartbeat`, { method: 'POST' })).status).toBe(200);
    expect((await lawyer(sessionPath, { method: 'DELETE' })).status).toBe(204);
    const again = await lawyer(sessionPath, { method: 'POST' });
    expect((await lawyer(`${sessionPath}/draft`, put(again.headers.get('etag')!, draft))).status).toBe(200);
    const saved = await lawyer(`${sessionPath}/save`, post({ reasonCodes: ['PII'] }));
    expect(saved.status).toBe(201);
    expect((await json(saved)).oldVersionId).toBe(other.versionId);
  });

  it('case-wide redaction plan: built, read, reviewed with If-Match, applied, followed over server-sent events', async () => {
    const plans = `/api/v1/cases/${CASE_ID}/redaction-plans`;
    const witnesses = (await json(await lawyer(`/api/v1/cases/${CASE_ID}/witnesses`))).witnesses as Json[];
    const built = await lawyer(plans, post({ people: [{ kind: 'witness', id: witnesses[0].witnessId, categories: ['phone'] }], terms: ['statement'] }));
    expect(built.status).toBe(201);
    const { planId } = await json(built);
    const read = await lawyer(`${plans}/${planId}?limit=99`);
    expect(read.status).toBe(200);
    const documents = (await json(read)).documents as Json[];
    // Every document rejected: the tour follows the apply to its end without redacting anything.
    const reviewed = await lawyer(`${plans}/${planId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': read.headers.get('etag')! },
      body: JSON.stringify({ documents: documents.map((document) => ({ documentId: document.documentId, decision: 'rejected' })) }),
    });
    expect(reviewed.status).toBe(200);
    const applied = await lawyer(`${plans}/${planId}/apply`, post({ reasonCodes: ['PII'] }));
    expect(applied.status).toBe(202);
    const events = await lawyer(`${plans}/${planId}/events`);
    expect(events.status).toBe(200);
    expect(await events.text()).toContain('event: done');
  });

  it('strangler: migration report and page, and the admin route table', async () => {
    // The report needs Facade.Admin or Facade.Migration (issue 11): a caseworker is refused.
    expect((await lawyer('/api/v1/migration')).status).toBe(403);
    expect((await admin('/api/v1/migration')).status).toBe(200);
    expect((await admin('/api/v1/migration/page')).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await jsonList(await admin('/api/v1/admin/routes'))).map((route) => route.name as string)).toContain(ROUTE);
    expect((await admin(`/api/v1/admin/routes/${ROUTE}`)).status).toBe(200);
    const changed = await admin(`/api/v1/admin/routes/${ROUTE}`, { method: 'PUT', body: JSON.stringify({ mode: 'shadow', reason: 'compare on the tour' }) });
    expect(changed.status).toBe(200);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}`)).status).toBe(200);
    expect((await admin(`/api/v1/admin/routes/${ROUTE}/diff-samples`)).status).toBe(200);
    expect((await jsonList(await admin(`/api/v1/admin/routes/${ROUTE}/history?limit=5`))).length).toBeGreaterThan(0);
    const killed = await admin(`/api/v1/admin/routes/${ROUTE}/kill-switch`, { method: 'POST', body: JSON.stringify({ reason: 'end of the tour' }) });
    expect(killed.status).toBe(200);
  });

  it('strangler: record a route, replay it against modern, stop; the legacy-operation coverage', async () => {
    const started = await admin(`/api/v1/admin/routes/${ROUTE}/recording`, { method: 'PUT', body: JSON.stringify({ maxSamples: 5, reason: 'record on the tour' }) });
    expect(started.status).toBe(200);
    expect((await lawyer(`/api/v1/cases/${CASE_ID}`)).status).toBe(200);
    await eventually(async () => (await json(await admin(`/api/v1/admin/routes/${ROUTE}/recording`))).samples === 1, 'one sample recorded');
    const replayed = await admin(`/api/v1/admin/routes/${ROUTE}/replay`, { method: 'POST', body: JSON.stringify({ as: LAWYER }) });
    expect(replayed.status).toBe(200);
    expect((await json(replayed)).compared).toBe(1);
    const stopped = await fetch(`${t.base}/api/v1/admin/routes/${ROUTE}/recording?reason=end%20of%20the%20tour`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
    expect(stopped.status).toBe(200);
    expect((await admin('/api/v1/migration/legacy-operations?windowHours=1')).status).toBe(200);
  });

  it('strangler: a ramp plan started, read and stopped', async () => {
    const plan = { steps: [5, 25, 100], bakeSeconds: 600, minCalls: 10, gates: { maxMismatchAboveNoise: 0.05, maxFallbackRate: 0.02, maxModernErrorRate: 0.02, maxP99Ratio: 2 }, fallback: true };
    const started = await admin('/api/v1/admin/routes/cases.getDefendants/ramp', { method: 'PUT', body: JSON.stringify(plan) });
    expect(started.status).toBe(200);
    expect((await json(await admin('/api/v1/admin/routes/cases.getDefendants/ramp'))).plan.steps).toEqual(plan.steps);
    const stopped = await admin('/api/v1/admin/routes/cases.getDefendants/ramp', { method: 'DELETE', body: JSON.stringify({ reason: 'end of the tour' }) });
    expect(stopped.status).toBe(200);
  });

  it('audit: the trail of this tour, for an auditor', async () => {
    const auditorToken = (await t.app.get(DevTokenIssuer, { strict: false }).issue({ username: 'ada.auditor', roles: [ROLES.auditor] })).accessToken;
    const page = await fetch(`${t.base}/api/v1/audit?user=${LAWYER}&caseId=${CASE_ID}&limit=5`, { headers: { authorization: `Bearer ${auditorToken}` } });
    expect(page.status).toBe(200);
    expect((await json(page)).records.length).toBeGreaterThan(0);
  });

  it('has answered every documented operation with a success', () => {
    expect(operationsNotYetAnswered()).toEqual([]);
  });
});
