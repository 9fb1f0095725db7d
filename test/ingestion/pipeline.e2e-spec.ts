import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startIngestionTestApp, type IngestionTestApp } from './helpers/ingestion-app.js';
import { MemoryJobQueue } from './helpers/memory-job-queue.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

describe('ingestion pipeline (e2e, stand-in → refresh → index → search)', () => {
  let t: IngestionTestApp;

  beforeAll(async () => {
    t = await startIngestionTestApp({}, { ingestion: { jobQueue: new MemoryJobQueue() } });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refreshes a case: 202 with the tracker, then every document indexed or failed with a reason', async () => {
    const response = await t.as('alice.admin', '/api/v1/cases/1/refresh', { method: 'POST' });
    expect(response.status).toBe(202);
    const tracker = (await response.json()) as Json;
    expect(tracker.caseId).toBe('1');
    expect(tracker.progress.total).toBeGreaterThan(0);
    const done = await t.waitUntilDone('1');
    console.log(done.documents.map((d) => `${d.documentId} ${d.mimeType} ${d.status} ${d.reason ?? ''} pages=${d.pageCount} ocr=${d.ocrPageCount} lines=${d.lineCount}`).join('\n'));
    expect(done.progress.indexed).toBeGreaterThan(0);
    for (const document of done.documents) {
      if (document.status === 'failed') expect(document.reason).toEqual(expect.any(String));
      else expect(document.status).toBe('indexed');
    }
  }, 120_000);

  it('finds a word of a born-digital witness statement through the search API, with boxes', async () => {
    const tracker = await t.waitUntilDone('1');
    const statement = tracker.documents.find((document) => document.mimeType === 'application/pdf' && document.status === 'indexed' && (document.ocrPageCount ?? 0) === 0);
    expect(statement).toBeDefined();
    const truth = (await (await fetch(`${t.standIn.adminUrl}/ground-truth/1/${statement!.documentId}/${statement!.versionId}`, { headers: { 'x-admin-key': t.standIn.adminKey } })).json()) as Json;
    const phone = truth.items.find((item: Json) => item.category === 'phone');
    expect(phone).toBeDefined();
    const response = await t.as('alice.admin', `/api/v1/cases/1/search?q=${encodeURIComponent(`"${phone.text}"`)}`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as Json;
    const hit = result.documents.find((document: Json) => document.documentId === statement!.documentId);
    expect(hit).toBeDefined();
    const word = hit.pages[0].hits[0].words[0];
    expect(word.box.width).toBeGreaterThan(0);
    expect(hit.pages[0].pageWidth).toBeGreaterThan(100);
  }, 60_000);
});
