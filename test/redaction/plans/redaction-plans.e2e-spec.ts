/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';
import { readEvents } from './plan-events.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
const USER = 'alice.admin';
const run = promisify(execFile);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const inside = (word: { box: Rect }, rects: Rect[]): boolean => {
  const cx = word.box.x + word.box.width / 2;
  const cy = word.box.y + word.box.height / 2;
  return rects.some((rect) => cx >= rect.x && cx <= rect.x + rect.width && cy >= rect.y && cy <= rect.y + rect.height);
};
const tokens = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

describe('case-wide redaction plans (e2e over HTTP against the stand-in)', () => {
  let t: IngestionTestApp;
  let scratch: string;
  let tracker: TrackerJson;
  let witness: Json;
  let nameDocuments: string[];
  let plan: Json;
  let etag: string;

  const plans = `/api/v1/cases/${CASE_ID}/redaction-plans`;
  const json = async (response: Response): Promise<Json> => response.json();
  const send = (user: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.as(user, pathname, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = async (documentId: string, versionId: string): Promise<Json> => json(await t.as(USER, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/text`));
  const admin = async (pathname: string): Promise<Json> => json(await fetch(`${t.standIn.adminUrl}${pathname}`, { headers: { 'x-admin-key': t.standIn.adminKey } }));
  const standInVersions = async (documentId: string): Promise<string[]> => ((await admin(`/cases/${CASE_ID}/documents/${documentId}`)).versions as { versionId: string }[]).map((version) => String(Number(version.versionId)));
  const allDocuments = async (planId: string): Promise<Json[]> => {
    const documents: Json[] = [];
    let after: string | null = null;
    do {
      const page = await json(await t.as(USER, `${plans}/${planId}?limit=2${after === null ? '' : `&after=${after}`}`));
      documents.push(...page.documents);
      after = page.nextAfter;
    } while (after !== null);
    return documents;
  };
  const pdfText = async (documentId: string, versionId: string): Promise<string> => {
    const response = await t.as(USER, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/pdf`);
    expect(response.status).toBe(200);
    const file = path.join(scratch, `${documentId}-${versionId}.pdf`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return (await run('pdftotext', ['-layout', file, '-'])).stdout;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'facade-plans-'));
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024', OCR: 'off' });
    expect((await t.as(USER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    tracker = await t.waitUntilDone(CASE_ID, USER);
    const redactable = new Set(tracker.documents.filter((document) => document.status === 'indexed' && document.childIndex === null).map((document) => document.documentId));
    // The witness named in the most (legacy, redactable) documents, as search finds their full name in the text.
    const witnesses = (await json(await t.as(USER, `/api/v1/cases/${CASE_ID}/witnesses`))).witnesses as Json[];
    let best: { witness: Json; documents: string[] } | null = null;
    for (const candidate of witnesses) {
      const found = await json(await t.as(USER, `/api/v1/cases/${CASE_ID}/search?q=${encodeURIComponent(`"${candidate.firstNames} ${candidate.surname}"`)}&limit=500`));
      // Search also finds documents by title (ADR 0033); a plan boxes the words of the content.
      const inContent = (found.documents as Json[]).filter((document) => (document.matchedIn as string[]).includes('content'));
      const documents = [...new Set(inContent.map((document) => document.documentId as string))].filter((id) => redactable.has(id));
      if (best === null || documents.length > best.documents.length) best = { witness: candidate, documents };
    }
    witness = best!.witness;
    nameDocuments = best!.documents;
    expect(nameDocuments.length).toBeGreaterThanOrEqual(4);
  }, WAIT_UNTIL_DONE_CEILING_MS + 120_000);

  afterAll(async () => {
    await t?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses a user without access to the case, an empty request and an unknown plan', async () => {
    const denied = await send('carol.none', 'POST', plans, { terms: ['anything'] });
    expect(denied.status).toBe(403);
    expect((await json(denied)).code).toBe('CASE_ACCESS_DENIED');
    const empty = await send(USER, 'POST', plans, {});
    expect(empty.status).toBe(400);
    expect((await json(empty)).code).toBe('VALIDATION_FAILED');
    const nobody = await send(USER, 'POST', plans, { people: [{ kind: 'witness', id: '99999' }] });
    expect((await json(nobody)).code).toBe('VALIDATION_FAILED');
    const unknown = await t.as(USER, `${plans}/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).code).toBe('REDACTION_PLAN_NOT_FOUND');
  });

  it('builds a plan for a witness’s name across the case: every document that names them, boxes that cover exactly the words of the name', async () => {
    const response = await send(USER, 'POST', plans, { people: [{ kind: 'witness', id: witness.witnessId, categories: ['name'] }] });
    expect(response.status).toBe(201);
    plan = await json(response);
    etag = response.headers.get('etag')!;
    expect(etag).toBe(`"${plan.planId}.1"`);
    expect(plan).toMatchObject({ caseId: CASE_ID, status: 'review', createdBy: USER, selectors: { termCount: 0, people: [{ kind: 'witness', id: witness.witnessId, categories: ['name'] }] } });
    const documents = await allDocuments(plan.planId);
    expect(documents).toHaveLength(plan.documentCount);
    expect(documents.map((document) => document.documentId)).toEqual(expect.arrayContaining(nameDocuments));

    const surname = witness.surname.toLowerCase();
    const nameTokens = new Set(tokens(`${witness.firstNames} ${witness.surname}`));
    let boxes = 0;
    for (const document of documents) {
      expect(document.decision).toBe(document.blockedBy === null ? 'accepted' : 'rejected');
      const words = await text(document.documentId, document.versionId);
      for (const page of document.pages) {
        const lines = words.pages[page.pageIndex].lines as Json[];
        const pageWords = lines.flatMap((line) => line.words as Json[]);
        for (const box of page.boxes) {
          boxes += 1;
          expect(box.origin).toEqual({ kind: 'person', personIndex: 0, category: 'name' });
          // The words under the box are the box's text, and they are the witness's name.
          const under = pageWords.filter((word) => inside(word, box.rects));
          expect(under.map((word) => word.text).join(' ')).toBe(box.text);
          expect(tokens(box.text)).toContain(surname);
          for (const token of tokens(box.text)) expect(nameTokens.has(token) || /^s$/.test(token)).toBe(true);
        }
        // Every capitalised occurrence of the surname on the page is under a box.
        const occurrences = pageWords.filter((word) => tokens(word.text).includes(surname) && /^\p{Lu}/u.test(word.text));
        for (const word of occurrences) expect(page.boxes.some((box: Json) => inside(word, box.rects))).toBe(true);
      }
    }
    expect(boxes).toBe(plan.boxCount);
    // The plan stores no text: not the name, not the words.
    const stored = JSON.stringify(await t.app.get((await import('../../../src/storage/state/state-store.port.js')).STATE_STORE).list('redactionplans', plan.planId));
    expect(stored.toLowerCase()).not.toContain(surname);
  });

  it('reviews with If-Match: a document rejected, a box rejected; a stale or missing ETag is refused', async () => {
    const documents = (await allDocuments(plan.planId)).filter((document) => document.blockedBy === null);
    const rejectedDocument = documents[0];
    const partly = documents.find((document) => document.documentId !== rejectedDocument.documentId && document.boxCount >= 2)!;
    expect(partly).toBeDefined();
    const rejectedBox = partly.pages[0].boxes[0];
    const changes = { documents: [{ documentId: rejectedDocument.documentId, decision: 'rejected' }, { documentId: partly.documentId, rejectBoxes: [rejectedBox.boxId] }] };

    const missing = await send(USER, 'PATCH', `${plans}/${plan.planId}`, changes);
    expect([missing.status, (await json(missing)).code]).toEqual([428, 'PRECONDITION_REQUIRED']);
    const reviewed = await send(USER, 'PATCH', `${plans}/${plan.planId}`, changes, { 'if-match': etag });
    expect(reviewed.status).toBe(200);
    const stale = await send(USER, 'PATCH', `${plans}/${plan.planId}`, { documents: [{ documentId: partly.documentId, decision: 'rejected' }] }, { 'if-match': etag });
    expect([stale.status, (await json(stale)).code]).toEqual([412, 'PRECONDITION_FAILED']);
    etag = reviewed.headers.get('etag')!;
    expect(etag).toBe(`"${plan.planId}.2"`);
    const unknownBox = await send(USER, 'PATCH', `${plans}/${plan.planId}`, { documents: [{ documentId: partly.documentId, rejectBoxes: ['999.0'] }] }, { 'if-match': etag });
    expect(unknownBox.status).toBe(400);

    const after = await allDocuments(plan.planId);
    expect(after.find((document) => document.documentId === rejectedDocument.documentId)).toMatchObject({ decision: 'rejected', acceptedBoxCount: 0 });
    const partlyAfter = after.find((document) => document.documentId === partly.documentId);
    expect(partlyAfter).toMatchObject({ decision: 'accepted', acceptedBoxCount: partly.boxCount - 1 });
    expect(partlyAfter.pages[0].boxes[0]).toMatchObject({ boxId: rejectedBox.boxId, decision: 'rejected' });
    plan = { ...plan, rejectedDocumentId: rejectedDocument.documentId, partlyDocumentId: partly.documentId, rejectedBoxText: rejectedBox.text };
  });

  it(
    'applies the plan as a job: progress over SSE to the end, a report of saved, skipped (rejected, version moved on) documents; the saved PDFs no longer hold the name',
    async () => {
      const documents = (await allDocuments(plan.planId)).filter((document) => document.blockedBy === null);
      // A document whose version moves on after the plan was built: it must be skipped, not redacted blindly.
      const moved = documents.find((document) => document.documentId !== plan.rejectedDocumentId && document.documentId !== plan.partlyDocumentId)!;
      const movedPage = (await text(moved.documentId, moved.versionId)).pages[0];
      const corner = await send(USER, 'POST', `/api/v1/cases/${CASE_ID}/documents/${moved.documentId}/versions/${moved.versionId}/redactions`, {
        redactions: [{ pageIndex: 0, pageWidth: movedPage.width, pageHeight: movedPage.height, rects: [{ x: 0, y: 0, width: 12, height: 12 }] }],
      });
      expect(corner.status).toBe(201);
      const movedTo = (await json(corner)).newVersionId as string;
      const versionsBefore = new Map(await Promise.all(documents.map(async (document) => [document.documentId, (await standInVersions(document.documentId)).length] as const)));

      const events = t.as(USER, `${plans}/${plan.planId}/events`);
      const applied = await send(USER, 'POST', `${plans}/${plan.planId}/apply`, { reasonCodes: ['PII'] }, { 'if-match': etag });
      expect(applied.status).toBe(202);
      expect(await json(applied)).toMatchObject({ status: 'applying', appliedBy: USER });
      const review = await send(USER, 'PATCH', `${plans}/${plan.planId}`, { documents: [] }, { 'if-match': applied.headers.get('etag')! });
      expect((await json(review)).code).toBe('REDACTION_PLAN_NOT_EDITABLE');

      const stream = await events;
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const received = await readEvents(stream);
      expect(received.at(-1)?.event).toBe('done');
      const documentEvents = received.filter((event) => event.event === 'document');
      expect(documentEvents).toHaveLength(plan.documentCount);
      for (const document of documents) expect(documentEvents.map((event) => (event.data as Json).documentId)).toContain(document.documentId);
      const ids = received.map((event) => event.id!);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));

      const final = await json(await t.as(USER, `${plans}/${plan.planId}`));
      expect(final.status).toBe('applied');
      const report = final.report;
      expect(report.pending).toBe(0);
      expect(report.failed).toEqual([]);
      expect(report.skipped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ documentId: plan.rejectedDocumentId, reason: 'REJECTED' }),
          expect.objectContaining({ documentId: moved.documentId, versionId: moved.versionId, reason: 'DOCUMENT_VERSION_NOT_CURRENT' }),
        ]),
      );
      const expectedSaved = documents.filter((document) => document.documentId !== plan.rejectedDocumentId && document.documentId !== moved.documentId).map((document) => document.documentId);
      expect(report.saved.map((saved: Json) => saved.documentId).sort()).toEqual(expectedSaved.sort());
      expect(report.saved.length + report.skipped.length).toBe(plan.documentCount);
      for (const skipped of report.skipped as Json[]) expect(['REJECTED', 'DOCUMENT_VERSION_NOT_CURRENT', 'ATTACHMENT_NOT_REDACTABLE']).toContain(skipped.reason);

      // The stand-in: one new version per saved document (none for skipped ones beyond the corner redaction).
      for (const document of documents) {
        const versions = await standInVersions(document.documentId);
        const saved = report.saved.find((entry: Json) => entry.documentId === document.documentId);
        if (saved !== undefined) {
          expect(versions).toHaveLength(versionsBefore.get(document.documentId)! + 1);
          expect(versions.at(-1)).toBe(saved.newVersionId);
        } else {
          expect(versions).toHaveLength(versionsBefore.get(document.documentId)!);
        }
      }
      expect((await standInVersions(moved.documentId)).at(-1)).toBe(movedTo);

      // The saved PDFs no longer contain the name as written (capitalised or in capitals); the box rejected in review was kept.
      const surname: string = witness.surname;
      const named = new RegExp(`(?<![\\p{L}\\p{N}])(?:${surname}|${surname.toUpperCase()})(?![\\p{L}\\p{N}])`, 'u');
      for (const saved of report.saved as Json[]) {
        const words = await pdfText(saved.documentId, saved.newVersionId);
        expect([saved.documentId, named.test(words)]).toEqual([saved.documentId, saved.documentId === plan.partlyDocumentId]);
      }
      const rejected = documents.find((document) => document.documentId === plan.rejectedDocumentId);
      expect(named.test(await pdfText(rejected.documentId, rejected.versionId))).toBe(true);

      // The redaction log has one entry per saved document, with the plan's reason code.
      const log = await json(await t.as(USER, `/api/v1/cases/${CASE_ID}/redaction-log?limit=200`));
      for (const saved of report.saved as Json[]) {
        expect(log.entries.filter((entry: Json) => entry.documentId === saved.documentId && entry.newVersionId === saved.newVersionId)).toEqual([expect.objectContaining({ reasonCodes: ['PII'], savedBy: USER })]);
      }

      // A reconnect with Last-Event-ID gets only what came after it, and the stream ends.
      const middle = documentEvents[0].id!;
      const again = await readEvents(await t.as(USER, `${plans}/${plan.planId}/events`, { headers: { 'last-event-id': String(middle) } }));
      expect(again.map((event) => event.id)).toEqual(ids.filter((id) => id > middle));
      // Applied: a second apply is refused.
      const twice = await send(USER, 'POST', `${plans}/${plan.planId}/apply`, {});
      expect((await json(twice)).code).toBe('REDACTION_PLAN_NOT_EDITABLE');
    },
    WAIT_UNTIL_DONE_CEILING_MS + 240_000,
  );
});
