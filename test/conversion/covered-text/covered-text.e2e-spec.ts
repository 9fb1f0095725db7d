import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { INGESTED_VERSIONS, type IngestedVersions } from '../../../src/ingestion/ingested-versions.port.js';
import { buildSeedModel } from '../../../src/stand-in/seed/seed-model.js';
import { startStandIn, type RunningStandIn } from '../../../src/stand-in/stand-in.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp } from '../../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

/** The fake redaction: a black box drawn over "Jane Doe" after the text, on the second page. */
const BOX = { x: 96, y: 596, width: 92, height: 18 };
const PAGE_HEIGHT = 842;

async function fakeRedaction(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const first = pdf.addPage([595, PAGE_HEIGHT]);
  first.drawText('Statement of witness, page one: nothing hidden here.', { x: 72, y: 760, size: 12, font });
  const second = pdf.addPage([595, PAGE_HEIGHT]);
  second.drawText('The witness', { x: 20, y: 600, size: 12, font });
  second.drawText('Jane Doe', { x: 100, y: 600, size: 12, font });
  second.drawText('saw the vehicle.', { x: 200, y: 600, size: 12, font });
  second.drawRectangle({ ...BOX, color: rgb(0, 0, 0) });
  // a banner with white text on it: visible, not a redaction
  second.drawRectangle({ x: 40, y: 700, width: 515, height: 28, color: rgb(0.05, 0.05, 0.1) });
  second.drawText('RESTRICTED', { x: 60, y: 708, size: 14, font, color: rgb(1, 1, 1) });
  return pdf.save();
}

describe('under-redaction detection at ingestion (e2e: stand-in upload → refresh → tracker, text, port)', () => {
  let t: IngestionTestApp;
  let caseId: string;
  let documentId: string;
  let tracker: Json;
  let standIn: RunningStandIn | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-covered-'));
    // a case of its own (one generated report) keeps the run short
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0, generatedCases: [{ documents: 1, pagesPerDocument: 2 }] });
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, OCR: 'off' }, {}, { standIn, dataDir });
    caseId = String(buildSeedModel().cases.length + 1);
    const upload = await fetch(`${standIn.adminUrl}/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { 'x-admin-key': standIn.adminKey, 'content-type': 'application/octet-stream', 'x-file-name': 'witness-statement-redacted.pdf' },
      body: await fakeRedaction(),
    });
    expect(upload.status).toBe(201);
    documentId = String(Number(((await upload.json()) as Json).documentId));
    expect((await t.as('alice.admin', `/api/v1/cases/${caseId}/refresh`, { method: 'POST' })).status).toBe(202);
    tracker = await t.waitUntilDone(caseId, 'alice.admin');
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
    await standIn?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const tracked = (id: string): Json => (tracker.documents as Json[]).find((document) => (document as { documentId: string }).documentId === id);

  it('shows the covered page and box in the tracker, and nothing on a clean report', () => {
    const document = tracked(documentId);
    expect(document.status).toBe('indexed');
    expect(document.hasCoveredText).toBe(true);
    expect(document.coveredText).toHaveLength(1);
    const [page] = document.coveredText;
    expect(page.pageIndex).toBe(1);
    expect(page.boxes).toHaveLength(1);
    const [box] = page.boxes;
    const expected = { x: BOX.x, y: PAGE_HEIGHT - BOX.y - BOX.height, width: BOX.width, height: BOX.height };
    // the render is 96 dpi at most: a box is found to within a pixel or two
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(box[key] - expected[key])).toBeLessThanOrEqual(2);
    const report = tracker.documents.find((entry: Json) => entry.documentId !== documentId);
    expect(report.status).toBe('indexed');
    expect({ hasCoveredText: report.hasCoveredText, coveredText: report.coveredText }).toEqual({ hasCoveredText: false, coveredText: [] });
  });

  it('marks exactly the words under the box in the stored text (GET …/text)', async () => {
    const document = tracked(documentId);
    const response = await t.as('alice.admin', `/api/v1/cases/${caseId}/documents/${documentId}/versions/${document.versionId}/text`);
    expect(response.status).toBe(200);
    const text = (await response.json()) as Json;
    type TextJson = { pages: { pageIndex: number; lines: { words: { text: string; covered?: true }[] }[] }[] };
    const words = (text as TextJson).pages.flatMap((page) => page.lines.flatMap((line) => line.words.map((word) => ({ page: page.pageIndex, text: word.text, covered: word.covered === true }))));
    expect(words.filter((word) => word.covered)).toEqual([
      { page: 1, text: 'Jane', covered: true },
      { page: 1, text: 'Doe', covered: true },
    ]);
    expect(words.filter((word) => word.text === 'RESTRICTED' || word.text === 'witness,')).toHaveLength(2);
  });

  it('answers the detection through the IngestedVersions port, for an under-redaction entry to start from', async () => {
    const ingested = t.app.get<IngestedVersions>(INGESTED_VERSIONS, { strict: false });
    const versionId = tracked(documentId).versionId as string;
    const covered = await ingested.coveredText({ caseId, documentId, versionId });
    expect(covered?.pages.map((page) => ({ pageIndex: page.pageIndex, words: page.words, boxes: page.boxes.length }))).toEqual([{ pageIndex: 1, words: ['Jane', 'Doe'], boxes: 1 }]);
    expect(await ingested.coveredText({ caseId, documentId, versionId: 'not-this-one' })).toBeNull();
  });

  it('keeps covered words out of search unless asked, then flags the hit (ingestion → index → search)', async () => {
    const search = async (query: string): Promise<Json> => {
      const response = await t.as('alice.admin', `/api/v1/cases/${caseId}/search?${query}`);
      expect(response.status).toBe(200);
      const body: Json = await response.json();
      return body;
    };
    const hidden = await search('q=jane');
    expect((hidden.documents as Json[]).filter((document) => document.documentId === documentId)).toEqual([]);
    const visible = await search('q=vehicle');
    const line = (visible.documents as Json[]).find((document) => document.documentId === documentId).pages[0].hits[0];
    expect(line.text).not.toMatch(/Jane|Doe/);
    const asked = await search('q=jane&includeCovered=true');
    const [hit] = (asked.documents as Json[]).filter((document) => document.documentId === documentId);
    expect((hit.pages as Json[]).map((page: Json) => page.pageIndex as number)).toEqual([1]);
    const [matched] = hit.pages[0].hits;
    expect(matched.covered).toBe(true);
    expect((matched.words as Json[]).map((word: Json) => ({ text: word.text as string, covered: word.covered as boolean }))).toEqual([{ text: 'Jane', covered: true }]);
  });
});
