/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Transform } from 'node:stream';
import { LegacyCmsAdapter } from '../../../src/legacy/legacy-cms.adapter.js';
import { LEGACY_CMS, type CheckInRequest, type LegacyCaller, type LegacyCms } from '../../../src/legacy/legacy-cms.port.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
const USER = 'alice.admin';

interface StandInDocument {
  versionId: string;
  checkedOutFlag: string;
  checkedOutBy: string | null;
  fileName: string;
  versions: { versionId: string; origin: string }[];
}

describe('redaction API (e2e: stand-in → ingest → redact → verify → check-in → log → re-ingest)', () => {
  let t: IngestionTestApp;
  let first: TrackerJson;
  let statement: TrackerJson['documents'][number];
  let other: TrackerJson['documents'][number];
  let phone: string;

  const admin = (pathname: string, init: RequestInit = {}) =>
    fetch(`${t.standIn.adminUrl}${pathname}`, { ...init, headers: { 'x-admin-key': t.standIn.adminKey, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const standInDocument = async (documentId: string): Promise<StandInDocument> => (await (await admin(`/cases/${CASE_ID}/documents/${documentId}`)).json()) as StandInDocument;
  const post = (user: string, pathname: string, body: unknown) =>
    t.as(user, pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const redactions = (documentId: string, versionId: string) => `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/redactions`;
  const search = async (q: string): Promise<Json> => (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/search?q=${encodeURIComponent(q)}&limit=500`)).json()) as Json;
  const text = async (documentId: string, versionId: string): Promise<Json> =>
    (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/text`)).json()) as Json;
  const firstRect = async (document: { documentId: string; versionId: string }) => {
    const page = (await text(document.documentId, document.versionId)).pages[0];
    return { redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ x: 40, y: 40, width: 120, height: 30 }] }] };
  };

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    expect((await t.as(USER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    first = await t.waitUntilDone(CASE_ID, USER);
    const bornDigital = first.documents.filter(
      (document) => document.detectedType === 'application/pdf' && document.status === 'indexed' && document.ocrPageCount === 0 && document.childIndex === null,
    );
    statement = bornDigital.find((document) => document.fileName.includes('MG11')) ?? bornDigital[0];
    other = first.documents.find((document) => document.status === 'indexed' && document.childIndex === null && document.documentId !== statement.documentId && (document.ocrPageCount ?? 0) === 0)!;
    const truth = (await (await admin(`/ground-truth/${CASE_ID}/${statement.documentId}/${statement.versionId}`)).json()) as Json;
    phone = (truth.items as { category: string; text: string }[]).find((item) => item.category === 'phone')!.text;
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a restricted user (403), bad geometry (400) and a body over the limits (400), before anything runs', async () => {
    const denied = await post('carol.none', redactions(statement.documentId, statement.versionId), { searchTerms: [phone] });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as Json).code).toBe('CASE_ACCESS_DENIED');
    const geometry = await post(USER, redactions(statement.documentId, statement.versionId), {
      redactions: [{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ x: 10, y: 10, width: -50, height: 20 }] }],
    });
    expect(geometry.status).toBe(400);
    expect(((await geometry.json()) as Json).code).toBe('INVALID_GEOMETRY');
    const missingPage = await post(USER, redactions(statement.documentId, statement.versionId), {
      redactions: [{ pageIndex: 999, pageWidth: 612, pageHeight: 792, rects: [{ x: 10, y: 10, width: 50, height: 20 }] }],
    });
    expect(((await missingPage.json()) as Json).code).toBe('INVALID_GEOMETRY');
    const tooMany = await post(USER, redactions(statement.documentId, statement.versionId), { searchTerms: Array.from({ length: 51 }, (_, i) => `term${i}`) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Json).code).toBe('VALIDATION_FAILED');
    expect((await standInDocument(statement.documentId)).versions).toHaveLength(1);
  });

  it('previews a redaction as a PDF without creating a version', async () => {
    const before = await standInDocument(other.documentId);
    const response = await post(USER, `${redactions(other.documentId, other.versionId)}/preview`, await firstRect(other));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Number(response.headers.get('x-redaction-box-count'))).toBe(1);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(Number(response.headers.get('content-length')));
    const after = await standInDocument(other.documentId);
    expect(after.versions).toEqual(before.versions);
    expect(after.checkedOutFlag).toBe('N');
  });

  it('redacts every occurrence of a phone number: a new version in the stand-in, not checked out, no longer searchable, other words still are', async () => {
    const before = await search(`"${phone}"`);
    expect(before.documents.map((document: Json) => document.documentId)).toContain(statement.documentId);
    const oldText = await text(statement.documentId, statement.versionId);
    const phoneTokens = new Set(phone.toLowerCase().split(/[^a-z0-9]+/));
    const keptWord = (oldText.pages[0].lines as Json[])
      .flatMap((line) => line.words.map((word: Json) => word.text as string))
      .find((word) => /^[A-Za-z]{7,}$/.test(word) && !phoneTokens.has(word.toLowerCase()))!;
    expect(keptWord).toBeDefined();

    const response = await post(USER, redactions(statement.documentId, statement.versionId), { searchTerms: [phone], reasonCodes: ['PII', 'S40'] });
    const saved = (await response.json()) as Json;
    expect(response.status === 201 ? 201 : saved).toBe(201);
    expect(saved).toMatchObject({ documentId: statement.documentId, oldVersionId: statement.versionId });
    expect(saved.boxCount).toBeGreaterThanOrEqual(phone.split(' ').length);
    expect(saved.pages.length).toBeGreaterThan(0);
    expect(saved.newVersionId).toMatch(/^[1-9][0-9]*$/);
    expect(saved.newVersionId).not.toBe(statement.versionId);

    const inStandIn = await standInDocument(statement.documentId);
    expect(Number(inStandIn.versionId)).toBe(Number(saved.newVersionId));
    expect(inStandIn.checkedOutFlag).toBe('N');
    expect(inStandIn.versions.at(-1)).toMatchObject({ origin: 'uploaded' });
    expect(inStandIn.fileName).toMatch(/-redacted\.pdf$/);

    const after = await t.waitUntilDone(CASE_ID, USER);
    const tracked = after.documents.find((document) => document.documentId === statement.documentId)!;
    expect([tracked.versionId, tracked.status]).toEqual([saved.newVersionId, 'indexed']);
    const phoneAfter = await search(`"${phone}"`);
    expect(phoneAfter.documents.map((document: Json) => document.documentId)).not.toContain(statement.documentId);
    const kept = await search(keptWord);
    expect(kept.documents.find((document: Json) => document.documentId === statement.documentId)?.versionId).toBe(saved.newVersionId);

    const log = (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/redaction-log`)).json()) as Json;
    expect(log.caseId).toBe(CASE_ID);
    expect(log.entries).toEqual([
      expect.objectContaining({
        documentId: statement.documentId,
        oldVersionId: statement.versionId,
        newVersionId: saved.newVersionId,
        pages: saved.pages,
        boxCount: saved.boxCount,
        reasonCodes: ['PII', 'S40'],
        savedBy: USER,
        engine: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(log)).not.toContain(phone);

    const stale = await post(USER, redactions(statement.documentId, statement.versionId), { searchTerms: [keptWord] });
    expect(stale.status).toBe(409);
    expect((await stale.json()) as Json).toMatchObject({ code: 'DOCUMENT_VERSION_NOT_CURRENT', currentVersionId: saved.newVersionId });
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  it('answers 409 with who holds the document when another user has checked it out, and leaves their check-out alone', async () => {
    const bob: LegacyCaller = { username: 'bob.north', correlationId: 'e2e-bob' };
    const bobsLegacy = LegacyCmsAdapter.fromConfig(t.config);
    const current = await standInDocument(other.documentId);
    const versionId = String(Number(current.versionId));
    await bobsLegacy.checkOutDocument(bob, CASE_ID, other.documentId, versionId);
    try {
      const response = await post(USER, redactions(other.documentId, versionId), await firstRect(other));
      expect(response.status).toBe(409);
      expect((await response.json()) as Json).toMatchObject({ code: 'DOCUMENT_CHECKED_OUT', checkedOutBy: 'bob.north' });
      expect(await standInDocument(other.documentId)).toMatchObject({ checkedOutFlag: 'Y', checkedOutBy: 'bob.north' });
    } finally {
      await bobsLegacy.cancelCheckOut(bob, CASE_ID, other.documentId);
    }
    expect((await standInDocument(other.documentId)).versions).toEqual(current.versions);
  });

  it('a legacy failure in the middle of the upload is answered, creates no version and leaves the document checked in', async () => {
    const legacy = t.app.get<LegacyCms>(LEGACY_CMS, { strict: false });
    const original = legacy.checkInDocument.bind(legacy);
    let faultsOn = false;
    // BeginCheckIn goes through; when the first chunk is read, every SOAP call starts failing.
    legacy.checkInDocument = async (caller: LegacyCaller, request: CheckInRequest) => {
      const failing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (faultsOn) return done(null, chunk);
          faultsOn = true;
          admin('/faults', { method: 'PUT', body: JSON.stringify({ target: 'soap', errorRate: 1 }) }).then(
            () => done(null, chunk),
            (error: unknown) => done(error as Error),
          );
        },
      });
      try {
        return await original(caller, { ...request, content: request.content.pipe(failing) });
      } finally {
        await admin('/faults', { method: 'DELETE' });
      }
    };
    const before = await standInDocument(other.documentId);
    try {
      const response = await post(USER, redactions(other.documentId, other.versionId), await firstRect(other));
      const problem = (await response.json()) as Json;
      expect(faultsOn ? 'the upload started' : problem).toBe('the upload started');
      expect([response.status, problem.code]).toEqual([503, 'LEGACY_UNAVAILABLE']);
    } finally {
      Reflect.deleteProperty(legacy, 'checkInDocument');
      await admin('/faults', { method: 'DELETE' });
    }
    const after = await standInDocument(other.documentId);
    expect(after.versions).toEqual(before.versions);
    expect(after.checkedOutFlag).toBe('N');
    const log = (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/redaction-log`)).json()) as Json;
    expect(log.entries.map((entry: Json) => entry.documentId)).not.toContain(other.documentId);
  });
});
