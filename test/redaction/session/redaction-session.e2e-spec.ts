/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedactionSessionSweeper } from '../../../src/redaction/session/redaction-session-sweeper.service.js';
import { eventually } from '../../helpers/eventually.js';
import { SteerableClock } from '../../helpers/steerable-clock.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp } from '../../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
const BOB = 'bob.north';
const ALICE = 'alice.admin';
const TTL_MS = 600_000;

interface StandInDocument {
  versionId: string;
  checkedOutFlag: string;
  checkedOutBy: string | null;
  versions: { versionId: string; origin: string }[];
}

describe('redaction sessions over HTTP against the stand-in (e2e)', () => {
  const clock = new SteerableClock();
  let t: IngestionTestApp;
  let documents: { documentId: string; versionId: string }[];

  const standIn = async (documentId: string): Promise<StandInDocument> =>
    (await (await fetch(`${t.standIn.adminUrl}/cases/${CASE_ID}/documents/${documentId}`, { headers: { 'x-admin-key': t.standIn.adminKey } })).json()) as StandInDocument;
  const sessionPath = (document: { documentId: string; versionId: string }) => `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}/redaction-session`;
  const call = (user: string, pathname: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) =>
    t.as(user, pathname, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = async (response: Response): Promise<Json> => (await response.json()) as Json;
  const listed = async (user: string): Promise<Json[]> => (await json(await call(user, `/api/v1/cases/${CASE_ID}/documents`))).documents;
  const box = (x: number) => ({ pageIndex: 0, pageWidth: 612, pageHeight: 792, rect: { x, y: 100, width: 80, height: 14 }, redactionType: 'named-person' });

  beforeAll(async () => {
    t = await startIngestionTestApp(
      { SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024', REDACTION_SESSION_TTL_MS: String(TTL_MS), REDACTION_SESSION_SWEEP_MS: '3600000' },
      { redactionSessions: { now: clock.now } },
    );
    const all = await listed(ALICE);
    documents = all.filter((document) => document.parentDocumentId === null).map((document) => ({ documentId: document.documentId as string, versionId: document.versionId as string }));
    expect(documents.length).toBeGreaterThanOrEqual(5);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('two users race for one document: exactly one gets the session, the other a 409 naming them, and the document list shows it at once', async () => {
    const document = documents[0];
    const [a, b] = await Promise.all([call(ALICE, sessionPath(document), 'POST'), call(BOB, sessionPath(document), 'POST')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const [winner, loser, won, lost] = a.status === 201 ? [ALICE, BOB, a, b] : [BOB, ALICE, b, a];
    const session = await json(won);
    expect(session).toMatchObject({ holder: winner, heldByCaller: true, state: 'active', draft: { boxes: [], words: [], pageModifications: [] } });
    expect(won.headers.get('etag')).toBe(session.draftEtag);
    const problem = await json(lost);
    expect(problem).toMatchObject({ code: 'DOCUMENT_CHECKED_OUT', checkedOutBy: winner, sessionHolder: winner });
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutBy: winner });
    expect((await listed(loser)).find((entry) => entry.documentId === document.documentId)).toMatchObject({ isCheckedOut: true, checkedOutBy: winner });
    // The loser sees who holds it, not the draft; and cannot write it or cancel it.
    expect(await json(await call(loser, sessionPath(document)))).toMatchObject({ holder: winner, heldByCaller: false, draft: null, draftEtag: null });
    expect((await call(loser, `${sessionPath(document)}/draft`, 'PUT', { boxes: [box(10)] }, { 'if-match': session.draftEtag })).status).toBe(409);
    expect((await call(loser, sessionPath(document), 'DELETE')).status).toBe(409);
    // The winner on another device gets the same session back, with no second check-out.
    const again = await call(winner, sessionPath(document), 'POST');
    expect(again.status).toBe(200);
    expect((await json(again)).sessionId).toBe(session.sessionId);

    const cancelled = await call(winner, sessionPath(document), 'DELETE');
    expect(cancelled.status).toBe(204);
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutFlag: 'N', checkedOutBy: null });
    expect((await listed(loser)).find((entry) => entry.documentId === document.documentId)).toMatchObject({ isCheckedOut: false, checkedOutBy: null });
    expect((await call(winner, sessionPath(document))).status).toBe(404);
  });

  it('a draft saved on device A is restored on device B; a stale write is refused with 412, a write without If-Match with 428', async () => {
    const document = documents[1];
    const started = await json(await call(BOB, sessionPath(document), 'POST'));
    const deviceA = await call(BOB, `${sessionPath(document)}/draft`, 'PUT', { boxes: [box(10)], words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 0, redactionType: 'other', otherReason: 'nickname' }] }, { 'if-match': started.draftEtag });
    expect(deviceA.status).toBe(200);
    const etagA = deviceA.headers.get('etag')!;
    expect(etagA).not.toBe(started.draftEtag);

    // Device B: a new client of the same user starts (or reads) the session and finds the draft.
    const restored = await call(BOB, sessionPath(document), 'POST');
    expect(restored.status).toBe(200);
    const onB = await json(restored);
    expect(onB.draft).toEqual({ boxes: [box(10)], words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 0, redactionType: 'other', otherReason: 'nickname' }], pageModifications: [] });
    expect(onB.draftEtag).toBe(etagA);
    const deviceB = await call(BOB, `${sessionPath(document)}/draft`, 'PUT', { boxes: [box(10), box(200)] }, { 'if-match': onB.draftEtag });
    expect(deviceB.status).toBe(200);

    const stale = await call(BOB, `${sessionPath(document)}/draft`, 'PUT', { boxes: [box(300)] }, { 'if-match': etagA });
    expect(stale.status).toBe(412);
    expect((await json(stale)).code).toBe('PRECONDITION_FAILED');
    const unconditional = await call(BOB, `${sessionPath(document)}/draft`, 'PUT', { boxes: [box(300)] });
    expect(unconditional.status).toBe(428);
    const bad = await call(BOB, `${sessionPath(document)}/draft`, 'PUT', { boxes: [{ ...box(1), redactionType: 'has spaces in it' }] }, { 'if-match': deviceB.headers.get('etag')! });
    expect(bad.status).toBe(400);
    expect((await json(await call(BOB, sessionPath(document)))).draft.boxes).toEqual([box(10), box(200)]);

    const heartbeat = await call(BOB, `${sessionPath(document)}/heartbeat`, 'POST');
    expect(heartbeat.status).toBe(200);
    expect((await call(BOB, sessionPath(document), 'DELETE')).status).toBe(204);
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutBy: null });
  });

  it('refuses an unknown version (404) and a user the legacy CMS denies the case (403), starting nothing', async () => {
    const document = documents[2];
    const unknown = await call(BOB, sessionPath({ ...document, versionId: '99999999' }), 'POST');
    expect([unknown.status, (await json(unknown)).code]).toEqual([404, 'DOCUMENT_VERSION_NOT_FOUND']);
    const denied = await call('carol.none', sessionPath(document), 'POST');
    expect([denied.status, (await json(denied)).code]).toEqual([403, 'CASE_ACCESS_DENIED']);
    expect((await call(BOB, sessionPath(document))).status).toBe(404);
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutBy: null });
  });

  it('an expired session is cleaned up by the sweeper: the legacy check-out is cancelled and the document is free', async () => {
    const document = documents[3];
    expect((await call(ALICE, sessionPath(document), 'POST')).status).toBe(201);
    const sweeper = t.app.get(RedactionSessionSweeper, { strict: false });
    clock.advance(TTL_MS - 1_000);
    expect((await call(ALICE, `${sessionPath(document)}/heartbeat`, 'POST')).status).toBe(200);
    clock.advance(TTL_MS - 1_000);
    await sweeper.runOnce();
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutBy: ALICE });
    clock.advance(2_000);
    expect(await sweeper.runOnce()).toMatchObject({ leader: true, expired: 1 });
    expect(await standIn(document.documentId)).toMatchObject({ checkedOutFlag: 'N', checkedOutBy: null });
    expect((await call(ALICE, sessionPath(document))).status).toBe(404);
    expect((await listed(BOB)).find((entry) => entry.documentId === document.documentId)).toMatchObject({ checkedOutBy: null });
    expect((await call(BOB, sessionPath(document), 'POST')).status).toBe(201);
    expect((await call(BOB, sessionPath(document), 'DELETE')).status).toBe(204);
    clock.release();
  });

  it('saves through the session: a new version in the stand-in, the session ended, the tracker showed the holder meanwhile', async () => {
    expect((await call(ALICE, `/api/v1/cases/${CASE_ID}/refresh`, 'POST')).status).toBe(202);
    const tracker = await t.waitUntilDone(CASE_ID, ALICE);
    const target = tracker.documents.find(
      (document) => document.status === 'indexed' && document.ocrPageCount === 0 && document.childIndex === null && document.detectedType === 'application/pdf' && documents.some((candidate) => candidate.documentId === document.documentId),
    )!;
    expect(target).toBeDefined();
    const version = { documentId: target.documentId, versionId: target.versionId };
    const started = await json(await call(BOB, sessionPath(version), 'POST'));
    const trackerDocument = (await json(await call(ALICE, `/api/v1/cases/${CASE_ID}/tracker`))).documents.find((document: Json) => document.documentId === version.documentId);
    expect(trackerDocument.checkedOutBy).toBe(BOB);

    const text = await json(await call(BOB, `/api/v1/cases/${CASE_ID}/documents/${version.documentId}/versions/${version.versionId}/text`));
    const page = text.pages[0];
    const word = page.lines[0].words[0].box;
    const draft = {
      boxes: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rect: { x: word.x, y: word.y, width: word.width, height: word.height }, redactionType: 'named-person' }],
      words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 0, redactionType: 'named-person' }],
    };
    expect((await call(BOB, `${sessionPath(version)}/draft`, 'PUT', draft, { 'if-match': started.draftEtag })).status).toBe(200);
    const agencyFeedback = { agency: 'Thames Valley Police', underRedactions: [{ redactionType: 'named-person', count: 2 }], overRedactions: [], returnedToAgency: false };
    const saved = await call(BOB, `${sessionPath(version)}/save`, 'POST', { reasonCodes: ['PII'], agencyFeedback });
    const body = await json(saved);
    expect(saved.status === 201 ? 201 : body).toBe(201);
    expect(body).toMatchObject({ documentId: version.documentId, oldVersionId: version.versionId });
    const inStandIn = await standIn(version.documentId);
    expect(Number(inStandIn.versionId)).toBe(Number(body.newVersionId));
    expect(inStandIn).toMatchObject({ checkedOutFlag: 'N', checkedOutBy: null });
    expect(inStandIn.versions.at(-1)).toMatchObject({ origin: 'uploaded' });
    expect((await call(BOB, sessionPath(version))).status).toBe(404);
    const logged = (await json(await call(BOB, `/api/v1/cases/${CASE_ID}/redaction-log`))).entries.find((entry: Json) => entry.newVersionId === body.newVersionId);
    // The under/over-redaction entry travels with a session's save as with POST …/redactions.
    expect(logged).toMatchObject({ reasonCodes: ['PII'], agencyFeedback });
    // The old version can no longer be redacted.
    const old = await call(BOB, sessionPath(version), 'POST');
    expect([old.status, await json(old)]).toEqual([409, expect.objectContaining({ code: 'DOCUMENT_VERSION_NOT_CURRENT', currentVersionId: body.newVersionId })]);
    await eventually(async () => (await t.waitUntilDone(CASE_ID, ALICE)).documents.some((document) => document.documentId === version.documentId && document.versionId === body.newVersionId), 'the redacted version tracked');
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);
});
