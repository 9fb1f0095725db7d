import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CaseRefresher } from '../../src/ingestion/case-refresher.js';
import { SEARCH_INDEX, type SearchIndex } from '../../src/search/search-index.port.js';
import { CountingLegacy, testCaller } from './helpers/counting-legacy.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from './helpers/ingestion-app.js';
import { REAL_WORLD } from '../fixtures/real-world-path.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
/** Files other projects wrote to break parsers; each must fail alone, with a reason. */
const HOSTILE = ['pdfjs/pr6531_1.pdf', 'pdfjs/helloworld-bad.pdf', 'pdfjs/Pages-tree-refs.pdf', 'pdfjs/PDFBOX-3148-2-fuzzed.pdf', 'mailparser/outofmemory.eml', 'mailparser/htmllargecallstack.eml'];
const WELL_FORMED = ['pdfjs/tracemonkey.pdf', 'mammoth/single-paragraph.docx', 'mailparser/mixed.eml'];
const REASONS = ['ENCRYPTED', 'PASSWORD_PROTECTED', 'CORRUPT', 'UNSUPPORTED_TYPE', 'CONVERTER_UNAVAILABLE', 'TIMEOUT', 'OUT_OF_MEMORY', 'TOO_LARGE', 'EXTRACTION_FAILED', 'OCR_FAILED', 'FETCH_FAILED'];

describe('ingestion pipeline (e2e: stand-in → refresh → convert → extract → OCR → index → search)', () => {
  let t: IngestionTestApp;
  const legacy = new CountingLegacy();
  const uploaded = new Map<string, string>();
  let first: TrackerJson;

  const doc = (tracker: TrackerJson, documentId: string) => tracker.documents.find((document) => document.documentId === documentId)!;
  const index = (): SearchIndex => t.app.get<SearchIndex>(SEARCH_INDEX, { strict: false });

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '512' }, { ingestion: { wrapLegacy: legacy.wrap } });
    for (const file of [...HOSTILE, ...WELL_FORMED]) {
      const response = await fetch(`${t.standIn.adminUrl}/cases/${CASE_ID}/documents`, {
        method: 'POST',
        headers: { 'x-admin-key': t.standIn.adminKey, 'content-type': 'application/octet-stream', 'x-file-name': path.basename(file) },
        body: await readFile(path.join(REAL_WORLD, file)),
      });
      expect(response.status).toBe(201);
      uploaded.set(file, String(Number(((await response.json()) as Json).documentId)));
    }
    const refresh = await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
    expect(refresh.status).toBe(202);
    first = await t.waitUntilDone(CASE_ID, 'alice.admin');
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('tracks every document to indexed, or failed with a reason', () => {
    expect(first.progress.total).toBe(first.documents.length);
    expect(first.progress.percent).toBe(100);
    for (const document of first.documents) {
      expect(['indexed', 'failed']).toContain(document.status);
      if (document.status === 'failed') expect(REASONS).toContain(document.reason);
    }
  });

  it('indexes every seeded document while hostile real-world files fail one by one with reasons', () => {
    const uploadedIds = new Set(uploaded.values());
    const seeded = first.documents.filter((document) => !uploadedIds.has(document.documentId) && !uploadedIds.has(document.parentDocumentId ?? ''));
    expect(seeded.length).toBeGreaterThan(10);
    expect(seeded.filter((document) => document.status !== 'indexed')).toEqual([]);
    for (const file of WELL_FORMED) expect([file, doc(first, uploaded.get(file)!).status]).toEqual([file, 'indexed']);
    const hostileFailed = HOSTILE.map((file) => doc(first, uploaded.get(file)!)).filter((document) => document.status === 'failed');
    expect(hostileFailed.length).toBeGreaterThanOrEqual(3);
    for (const document of hostileFailed) expect(REASONS).toContain(document.reason);
    expect(doc(first, uploaded.get('pdfjs/pr6531_1.pdf')!).reason).toMatch(/PASSWORD_PROTECTED|ENCRYPTED/);
  });

  it('finds a word of a born-digital witness statement through the search API, with boxes and page sizes', async () => {
    const statement = first.documents.find((document) => document.detectedType === 'application/pdf' && document.status === 'indexed' && document.ocrPageCount === 0 && document.fileName.includes('MG11'));
    const candidate = statement ?? first.documents.find((document) => document.mimeType === 'application/pdf' && document.ocrPageCount === 0 && document.status === 'indexed' && !uploaded.has(document.fileName))!;
    const truth = (await (await fetch(`${t.standIn.adminUrl}/ground-truth/${CASE_ID}/${candidate.documentId}/${candidate.versionId}`, { headers: { 'x-admin-key': t.standIn.adminKey } })).json()) as Json;
    const phone = (truth.items as { category: string; text: string }[]).find((item) => item.category === 'phone')!;
    const response = await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/search?q=${encodeURIComponent(`"${phone.text}"`)}`);
    expect(response.status).toBe(200);
    const hit = ((await response.json()) as Json).documents.find((document: Json) => document.documentId === candidate.documentId);
    expect(hit.versionId).toBe(candidate.versionId);
    const words = hit.pages[0].hits[0].words as { text: string; box: { width: number } }[];
    expect(words.map((word) => word.text).join(' ')).toContain(phone.text.split(' ')[1]);
    expect(words[0].box.width).toBeGreaterThan(0);
    expect(hit.pages[0].pageWidth).toBeGreaterThan(500);
  });

  it("OCRs image-only scanned pages: their words come with boxes from the OCR engine", async () => {
    const scanned = first.documents.find((document) => document.detectedType === 'application/pdf' && (document.ocrPageCount ?? 0) > 0 && (document.lineCount ?? 0) > 3);
    expect(scanned).toBeDefined();
    const text = (await (await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/documents/${scanned!.documentId}/versions/${scanned!.versionId}/text`)).json()) as Json;
    const page = text.pages.find((candidate: Json) => candidate.source === 'ocr');
    expect(page.lines.length).toBeGreaterThan(3);
    // Every page OCR looked at says what it made of it; the tracker counts those that gave no words.
    expect(page.ocr).toMatchObject({ status: 'text' });
    expect(page.ocr.dpi).toBeGreaterThanOrEqual(72);
    const withoutText = text.pages.filter((candidate: Json) => candidate.ocr !== undefined && candidate.ocr.status !== 'text').length;
    expect(scanned!.pagesWithoutText).toBe(withoutText);
    const word = page.lines[0].words[0];
    expect(word.box.x).toBeGreaterThanOrEqual(0);
    expect(word.box.x + word.box.width).toBeLessThanOrEqual(page.width + 1);
  });

  it("turns an e-mail's attachments into child documents linked to it, each indexed", () => {
    const children = first.documents.filter((document) => document.childIndex !== null);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      const parent = doc(first, child.parentDocumentId!);
      expect(parent.detectedType).toBe('message/rfc822');
      expect(child.documentId).toBe(`${parent.documentId}-${child.childIndex}`);
      expect(child.versionId).toBe(parent.versionId);
    }
    expect(children.filter((child) => child.status === 'indexed').length).toBeGreaterThan(0);
  });

  it('streams the converted PDF, whole or by range', async () => {
    const document = first.documents.find((candidate) => candidate.detectedType?.includes('wordprocessingml') && candidate.status === 'indexed')!;
    const url = `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}/pdf`;
    const whole = await t.as('alice.admin', url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(whole.headers.get('content-disposition')).toMatch(/\.pdf/);
    const part = await t.as('alice.admin', url, { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${bytes.length}`);
    expect(await part.text()).toBe('%PDF');
    expect((await t.as('alice.admin', url, { headers: { range: `bytes=${bytes.length + 10}-` } })).status).toBe(416);
    expect((await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/documents/99999/versions/1/pdf`)).status).toBe(404);
  });

  it('an unchanged refresh makes one list call and downloads nothing; concurrent refreshes share one run', async () => {
    legacy.reset();
    const unchanged = await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
    expect(unchanged.status).toBe(202);
    // Answered done at once, from one list call: nothing to fetch, convert or index (its speed is bench/ingestion's "unchanged refresh").
    expect(((await unchanged.json()) as Json).status).toBe('done');
    expect(legacy.count('listDocuments')).toBe(1);
    expect(legacy.count('openDocumentContent')).toBe(0);

    // The legacy listing is held until both refreshes have reached the refresher, so that they overlap however slow the machine.
    legacy.reset();
    const refresher = t.app.get(CaseRefresher, { strict: false });
    const refresh = refresher.refresh.bind(refresher);
    let arrived = 0;
    let bothArrived!: () => void;
    const bothHaveArrived = new Promise<void>((resolve) => (bothArrived = resolve));
    const spy = jest.spyOn(refresher, 'refresh').mockImplementation((caller, caseId) => {
      const run = refresh(caller, caseId);
      if ((arrived += 1) === 2) bothArrived();
      return run;
    });
    const releaseListings = legacy.holdListings();
    let a: Response;
    let b: Response;
    try {
      const both = Promise.all([
        t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' }),
        t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' }),
      ]);
      await bothHaveArrived;
      releaseListings();
      [a, b] = await both;
    } finally {
      releaseListings();
      spy.mockRestore();
    }
    const [trackerA, trackerB] = [(await a.json()) as Json, (await b.json()) as Json];
    expect(trackerA.runId).toBe(trackerB.runId);
    expect(trackerA.status).toBe('done');
    expect(legacy.count('listDocuments')).toBe(1);
    expect(legacy.count('openDocumentContent')).toBe(0);
  });

  it('streams progress as server-sent events and ends when the case is done', async () => {
    const response = await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/tracker/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await response.text();
    expect(body).toMatch(/event: progress\ndata: \{"caseId":"1"/);
    expect(body).toMatch(/event: done\n/);
  });

  it('a new version replaces the old one in the index', async () => {
    const text = first.documents.find((document) => document.detectedType === 'text/plain' && document.childIndex === null && document.status === 'indexed')!;
    const caller = testCaller('alice.admin');
    const cms = legacy.legacy();
    await cms.checkOutDocument(caller, CASE_ID, text.documentId, text.versionId);
    const content = Buffer.from('Exhibit note: the zebraquartz holdall was recovered.\n');
    const newVersionId = await cms.checkInDocument(caller, { caseId: CASE_ID, documentId: text.documentId, fileName: 'note.txt', mimeType: 'text/plain', sizeBytes: content.length, content: Readable.from([content]) });
    expect((await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    const done = await t.waitUntilDone(CASE_ID);
    expect(doc(done, text.documentId)).toMatchObject({ versionId: newVersionId, status: 'indexed', indexedVersionId: newVersionId });
    expect(await index().countLines(CASE_ID, text.documentId, text.versionId)).toBe(0);
    expect(await index().countLines(CASE_ID, text.documentId, newVersionId)).toBe(doc(done, text.documentId).lineCount);
    const result = (await (await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/search?q=zebraquartz`)).json()) as Json;
    expect((result.documents as { documentId: string; versionId: string }[]).map((document) => [document.documentId, document.versionId])).toEqual([[text.documentId, newVersionId]]);
    expect((await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/documents/${text.documentId}/versions/${text.versionId}/pdf`)).status).toBe(404);
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  it('a deleted document leaves the index, the store and the tracker', async () => {
    const gone = first.documents.find((document) => document.detectedType === 'application/pdf' && document.childIndex === null && document.status === 'indexed' && document.ocrPageCount === 0)!;
    expect(await index().countLines(CASE_ID, gone.documentId, gone.versionId)).toBeGreaterThan(0);
    legacy.hidden.add(gone.documentId);
    try {
      const tracker = (await (await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).json()) as TrackerJson;
      expect(tracker.documents.some((document) => document.documentId === gone.documentId)).toBe(false);
      expect(await index().countLines(CASE_ID, gone.documentId, gone.versionId)).toBe(0);
      expect((await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/documents/${gone.documentId}/versions/${gone.versionId}/text`)).status).toBe(404);
    } finally {
      legacy.hidden.delete(gone.documentId);
    }
  });

  it.each([
    ['bob.north', '11'],
    ['carol.none', CASE_ID],
  ])('refuses %s on case %s: 403 on refresh, tracker, events, search, pdf and text', async (username, caseId) => {
    const any = first.documents[0];
    const paths: [string, string][] = [
      ['POST', `/api/v1/cases/${caseId}/refresh`],
      ['GET', `/api/v1/cases/${caseId}/tracker`],
      ['GET', `/api/v1/cases/${caseId}/tracker/events`],
      ['GET', `/api/v1/cases/${caseId}/search?q=statement`],
      ['GET', `/api/v1/cases/${caseId}/documents/${any.documentId}/versions/${any.versionId}/pdf`],
      ['GET', `/api/v1/cases/${caseId}/documents/${any.documentId}/versions/${any.versionId}/text`],
    ];
    for (const [method, pathname] of paths) {
      const response = await t.as(username, pathname, { method });
      expect([pathname, response.status]).toEqual([pathname, 403]);
      expect(((await response.json()) as Json).code).toBe('CASE_ACCESS_DENIED');
    }
  });
});
