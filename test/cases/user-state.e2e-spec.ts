/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import type { LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
/** Sees case 1 (unit 11). */
const LAWYER = 'bob.north';
/** Sees every case: the "other user" who checks out and changes documents in the legacy CMS. */
const OTHER = 'alice.admin';
const OTHER_CALLER: LegacyCaller = { username: OTHER, correlationId: 'e2e-user-state-other' };
/** Neither sees case 1. */
const OUTSIDERS = ['carol.none', 'dave.south'];

/**
 * Parts 6 and 8 of issue 14 over HTTP against the stand-in: capability flags with their reasons (a check-out by
 * another user, a failed ingestion, an e-mail held only in converted form), read marks, what changed since a visit
 * (after the legacy CMS renamed, reclassified, versioned, removed and added documents), notes on a document, and
 * 403 for a user without access to the case.
 */
describe('per-user state and capability flags (e2e: stand-in → facade)', () => {
  let t: IngestionTestApp;
  let tracker: TrackerJson;
  let broken: { documentId: string; versionId: string };
  let otherLegacy: LegacyCmsAdapter;

  const admin = (pathname: string, init: RequestInit = {}) =>
    fetch(`${t.standIn.adminUrl}${pathname}`, { ...init, headers: { 'x-admin-key': t.standIn.adminKey, ...(init.headers as Record<string, string> | undefined) } });
  const json = async (response: Response): Promise<Json> => (await response.json()) as Json;
  const documents = async (user = LAWYER): Promise<Json[]> => {
    const response = await t.as(user, `/api/v1/cases/${CASE_ID}/documents`);
    expect(response.status).toBe(200);
    return (await json(response)).documents as Json[];
  };
  const documentOf = async (documentId: string, user = LAWYER): Promise<Json> => (await documents(user)).find((document) => document.documentId === documentId);
  const changes = async (query = ''): Promise<Json> => {
    const response = await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/changes${query}`);
    expect(response.status).toBe(200);
    return json(response);
  };
  const send = (user: string, pathname: string, method: string, body?: unknown) =>
    t.as(user, pathname, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const addDocument = async (fileName: string, mimeType: string, bytes: Buffer, title: string): Promise<{ documentId: string; versionId: string }> => {
    const response = await admin(`/cases/${CASE_ID}/documents`, { method: 'POST', headers: { 'content-type': mimeType, 'x-file-name': fileName, 'x-title': title }, body: bytes });
    expect(response.status).toBe(201);
    const added = (await json(response)) as { documentId: string; versionId: string };
    return { documentId: String(Number(added.documentId)), versionId: String(Number(added.versionId)) };
  };

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    otherLegacy = LegacyCmsAdapter.fromConfig(t.config);
    // A "PDF" that is not one: ingestion fails on it with a reason.
    broken = await addDocument('broken.pdf', 'application/pdf', Buffer.from('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'), 'Broken scan');
    expect((await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    tracker = await t.waitUntilDone(CASE_ID, LAWYER);
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('says why a failed ingestion cannot be redacted, in the words the tracker now has too', async () => {
    const tracked = tracker.documents.find((document) => document.documentId === broken.documentId)!;
    expect(tracked.status).toBe('failed');
    const trackerJson = await json(await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/tracker`));
    const failure = trackerJson.documents.find((document: Json) => document.documentId === broken.documentId).failure;
    expect(failure).toEqual({ code: tracked.reason, message: expect.stringMatching(/\.$/), action: expect.stringMatching(/\.$/) });
    for (const document of trackerJson.documents as Json[]) if (document.status !== 'failed') expect(document.failure).toBeNull();

    const listed = await documentOf(broken.documentId);
    expect(listed.canRedact).toBe(false);
    expect(listed.canRedactReason.code).toBe(tracked.reason === 'UNSUPPORTED_TYPE' ? 'UNSUPPORTED_TYPE' : 'INGESTION_FAILED');
    expect(listed.canRedactReason.ingestionFailure).toEqual(failure);
    // Renaming and reclassifying do not depend on ingestion.
    expect(listed).toMatchObject({ canRename: true, canRenameReason: null, canReclassify: true, canReclassifyReason: null });
  });

  it('lets an ingested PDF be redacted, and refuses an e-mail held only in converted form', async () => {
    const list = await documents();
    const indexedPdf = tracker.documents.find((document) => document.status === 'indexed' && document.mimeType === 'application/pdf' && document.childIndex === null)!;
    expect(list.find((document) => document.documentId === indexedPdf.documentId)).toMatchObject({ canRedact: true, canRedactReason: null, canRename: true });
    const email = list.find((document) => document.mimeType === 'message/rfc822');
    expect(email).toMatchObject({ canRedact: false, canRedactReason: { code: 'CONVERTED_FORM_ONLY' }, canRename: true, canReclassify: true });
    expect(tracker.documents.find((document) => document.documentId === email.documentId)?.status).toBe('indexed');
  });

  it('refuses redact, rename and reclassify, naming the holder, while another user has the document checked out', async () => {
    const target = tracker.documents.find((document) => document.status === 'indexed' && document.mimeType === 'application/pdf' && document.childIndex === null)!;
    await otherLegacy.checkOutDocument(OTHER_CALLER, CASE_ID, target.documentId, target.versionId);
    try {
      const held = await documentOf(target.documentId);
      expect(held.isCheckedOut).toBe(true);
      for (const flag of ['Redact', 'Rename', 'Reclassify']) {
        expect(held[`can${flag}`]).toBe(false);
        expect(held[`can${flag}Reason`]).toMatchObject({ code: 'CHECKED_OUT_BY_OTHER', checkedOutBy: OTHER });
      }
      // The holder may go on.
      expect(await documentOf(target.documentId, OTHER)).toMatchObject({ canRedact: true, canRename: true, canReclassify: true });
    } finally {
      await otherLegacy.cancelCheckOut(OTHER_CALLER, CASE_ID, target.documentId);
    }
    expect(await documentOf(target.documentId)).toMatchObject({ canRedact: true, canRename: true, canReclassify: true });
  });

  it('keeps read and unread per user and per version', async () => {
    const [first] = await documents();
    const read = `/api/v1/cases/${CASE_ID}/documents/${first.documentId}/versions/${first.versionId}/read`;
    expect(first.readByMe).toBe(false);
    expect((await send(LAWYER, read, 'PUT')).status).toBe(204);
    const marked = await documentOf(first.documentId);
    expect(marked.readByMe).toBe(true);
    expect(marked.versions.at(-1).readByMe).toBe(true);
    expect((await documentOf(first.documentId, OTHER)).readByMe).toBe(false);
    expect((await send(LAWYER, read, 'DELETE')).status).toBe(204);
    expect((await documentOf(first.documentId)).readByMe).toBe(false);

    const unknownVersion = await send(LAWYER, `/api/v1/cases/${CASE_ID}/documents/${first.documentId}/versions/999999/read`, 'PUT');
    expect(unknownVersion.status).toBe(404);
    expect((await json(unknownVersion)).code).toBe('DOCUMENT_VERSION_NOT_FOUND');
  });

  it('lists what changed since the last visit: a new document, a new version, a rename, a reclassification and a removal', async () => {
    expect(await changes()).toMatchObject({ firstVisit: true, since: null, changes: [] }); // a visit: from here on, changes are counted
    const settled = await changes();
    expect(settled).toMatchObject({ caseId: CASE_ID, firstVisit: false, changes: [] });
    const visitedAt: string = settled.until;

    const list = await documents();
    const [renamed, reclassified, versioned, removed] = list.filter((document) => document.parentDocumentId === null && document.childDocumentIds.length === 0 && document.documentId !== broken.documentId);
    await otherLegacy.renameDocument(OTHER_CALLER, CASE_ID, renamed.documentId, 'Renamed in the legacy CMS');
    await otherLegacy.reclassifyDocument(OTHER_CALLER, CASE_ID, reclassified.documentId, 'Unused material');
    await otherLegacy.checkOutDocument(OTHER_CALLER, CASE_ID, versioned.documentId, versioned.versionId);
    const bytes = Buffer.from('A new version, checked in by another user.\n');
    const newVersionId = await otherLegacy.checkInDocument(OTHER_CALLER, {
      caseId: CASE_ID,
      documentId: versioned.documentId,
      fileName: 'new-version.txt',
      mimeType: 'text/plain',
      sizeBytes: bytes.length,
      content: Readable.from([bytes]),
    });
    expect((await admin(`/cases/${CASE_ID}/documents/${removed.documentId}`, { method: 'DELETE' })).status).toBe(200);
    const added = await addDocument('late-exhibit.txt', 'text/plain', Buffer.from('A late exhibit.\n'), 'Late exhibit');

    const since = await changes();
    expect(since).toMatchObject({ since: visitedAt, firstVisit: false });
    const seen = (since.changes as Json[]).map(({ kind, documentId, from, to }) => ({ kind, documentId, from, to }));
    expect(seen).toEqual(
      expect.arrayContaining([
        { kind: 'renamed', documentId: renamed.documentId, from: renamed.title, to: 'Renamed in the legacy CMS' },
        { kind: 'reclassified', documentId: reclassified.documentId, from: reclassified.category, to: 'Unused material' },
        { kind: 'newVersion', documentId: versioned.documentId, from: versioned.versionId, to: String(Number(newVersionId)) },
        { kind: 'removed', documentId: removed.documentId, from: null, to: null },
        { kind: 'added', documentId: added.documentId, from: null, to: null },
      ]),
    );
    expect(seen).toHaveLength(5);
    for (const change of since.changes as Json[]) expect(Date.parse(change.seenAt)).toBeGreaterThan(Date.parse(visitedAt));

    // The visit moved on; an explicit `since` still answers from the history, and records no visit.
    expect((await changes()).changes).toEqual([]);
    expect((await changes(`?since=${encodeURIComponent(visitedAt)}`)).changes).toEqual(since.changes);
    expect((await changes()).changes).toEqual([]);
    const bad = await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/changes?since=yesterday`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('VALIDATION_FAILED');
  });

  it('keeps notes on a document: author the caller, plain text only, length-limited', async () => {
    const [document] = await documents();
    const notes = `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/notes`;
    const created = await send(LAWYER, notes, 'POST', { text: 'Page 3: check the address with the OIC.' });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ documentId: document.documentId, text: 'Page 3: check the address with the OIC.', createdBy: LAWYER });
    expect((await send(OTHER, notes, 'POST', { text: 'Agreed; age < 18 so anonymise.' })).status).toBe(201);
    const listed = await json(await t.as(LAWYER, notes));
    expect((listed.notes as Json[]).map((note) => [note.createdBy, note.text])).toEqual([
      [LAWYER, 'Page 3: check the address with the OIC.'],
      [OTHER, 'Agreed; age < 18 so anonymise.'],
    ]);
    // Another document's notes are its own.
    const other = (await documents()).find((candidate) => candidate.documentId !== document.documentId);
    expect((await json(await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/documents/${other.documentId}/notes`))).notes).toEqual([]);

    for (const text of ['<b>bold</b>', 'x'.repeat(2001), '   ', 'bell\u0007']) {
      const refused = await send(LAWYER, notes, 'POST', { text });
      expect(refused.status).toBe(400);
      expect((await json(refused)).code).toBe('VALIDATION_FAILED');
    }
    const missing = await send(LAWYER, `/api/v1/cases/${CASE_ID}/documents/999999/notes`, 'POST', { text: 'nowhere' });
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe('DOCUMENT_NOT_FOUND');
  });

  it('answers 403 to a user without access to the case, on every per-user route', async () => {
    const [document] = await documents();
    const version = `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}`;
    for (const user of OUTSIDERS) {
      const attempts = [
        t.as(user, `/api/v1/cases/${CASE_ID}/documents`),
        t.as(user, `/api/v1/cases/${CASE_ID}/changes`),
        t.as(user, `/api/v1/cases/${CASE_ID}/changes?since=2026-01-01T00:00:00Z`),
        send(user, `${version}/read`, 'PUT'),
        send(user, `${version}/read`, 'DELETE'),
        t.as(user, `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/notes`),
        send(user, `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/notes`, 'POST', { text: 'not mine to add' }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(403);
        expect((await json(response)).code).toBe('CASE_ACCESS_DENIED');
      }
    }
    // Nothing of theirs was written.
    expect((await json(await t.as(LAWYER, `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/notes`))).notes.map((note: Json) => note.text)).not.toContain('not mine to add');
  });
});
