/**
 * Page thumbnails over HTTP against the stand-in: PNG and WebP by Accept or format=, the width asked
 * for and the page's proportions, kept in the blob store under the version (so a second request is not
 * rendered again, and concurrent first requests render once), ETag/304, and the refusals: another
 * user's case, a page out of range, a width out of bounds, a version that is not the ingested one, and
 * a superseded version whose thumbnails went with it.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { versionPrefix } from '../../../src/ingestion/blob-keys.js';
import { BLOB_STORE, type BlobStore } from '../../../src/storage/blob/blob-store.port.js';
import { imageSize } from '../../../src/ingestion/thumbnails/thumbnail-format.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
const USER = 'alice.admin';

describe('page thumbnails (e2e)', () => {
  let t: IngestionTestApp;
  let blobs: BlobStore;
  let statement: TrackerJson['documents'][number];
  let page: { width: number; height: number };
  let pageCount: number;

  const versionPath = (document: { documentId: string; versionId: string }) => `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}`;
  const thumbnail = (pageIndex: number, query = '', init: RequestInit = {}, user = USER) => t.as(user, `${versionPath(statement)}/pages/${pageIndex}/thumbnail${query}`, init);
  const bytesOf = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer());
  const thumbnailKeys = (document: { documentId: string; versionId: string }) => blobs.list(`${versionPrefix(CASE_ID, document.documentId, document.versionId)}thumbnails/`);

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    blobs = t.app.get<BlobStore>(BLOB_STORE, { strict: false });
    expect((await t.as(USER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    const tracker = await t.waitUntilDone(CASE_ID, USER);
    statement = tracker.documents.find((document) => document.status === 'indexed' && document.detectedType === 'application/pdf' && document.ocrPageCount === 0 && document.fileName.includes('MG11'))!;
    expect(statement).toBeDefined();
    const text = (await (await t.as(USER, `${versionPath(statement)}/text`)).json()) as Json;
    page = text.pages[0];
    pageCount = text.pageCount;
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers a PNG 200 px wide by default, in the page’s proportions, private and tagged', async () => {
    const response = await thumbnail(0);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/^private\b/);
    expect(response.headers.get('etag')).toMatch(/^"thumb-/);
    const bytes = await bytesOf(response);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const size = imageSize(bytes)!;
    expect(size.width).toBe(200);
    expect(Math.abs(size.height - (200 * page.height) / page.width)).toBeLessThanOrEqual(1);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
  });

  it('answers WebP when Accept names it or format=webp asks, at the width asked for', async () => {
    const byAccept = await thumbnail(0, '?width=120', { headers: { accept: 'image/avif,image/webp,*/*;q=0.8' } });
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers.get('content-type')).toBe('image/webp');
    const bytes = await bytesOf(byAccept);
    expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
    expect(bytes.toString('latin1', 8, 12)).toBe('WEBP');
    expect(imageSize(bytes)).toMatchObject({ format: 'webp', width: 120 });
    const byQuery = await thumbnail(0, '?width=120&format=webp');
    expect(byQuery.headers.get('content-type')).toBe('image/webp');
    expect(await bytesOf(byQuery)).toEqual(bytes);
    const pngWins = await thumbnail(0, '?width=120&format=png', { headers: { accept: 'image/webp' } });
    expect(pngWins.headers.get('content-type')).toBe('image/png');
    await pngWins.arrayBuffer();
  });

  it('keeps each thumbnail in the blob store under the version; a repeat is served from there, If-None-Match answers 304', async () => {
    const first = await thumbnail(0, '?width=64');
    const firstBytes = await bytesOf(first);
    expect(await thumbnailKeys(statement)).toEqual(expect.arrayContaining([expect.stringMatching(/thumbnails\/p0-w64\.png$/)]));
    const put = jest.spyOn(blobs, 'put');
    try {
      const again = await thumbnail(0, '?width=64');
      expect(await bytesOf(again)).toEqual(firstBytes);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(put).not.toHaveBeenCalled();
    } finally {
      put.mockRestore();
    }
    const notModified = await thumbnail(0, '?width=64', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('renders once for concurrent first requests in one instance', async () => {
    const put = jest.spyOn(blobs, 'put');
    try {
      const responses = await Promise.all(Array.from({ length: 6 }, () => thumbnail(0, '?width=88')));
      const bodies = await Promise.all(responses.map(bytesOf));
      expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
      for (const body of bodies) expect(body).toEqual(bodies[0]);
      expect(put.mock.calls.map(([key]) => key).filter((key) => key.endsWith('/thumbnails/p0-w88.png'))).toHaveLength(1);
    } finally {
      put.mockRestore();
    }
  });

  it('refuses a page out of range (404), a width out of bounds or a bad page index (400), and a user without access (403)', async () => {
    const missing = await thumbnail(pageCount);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json).code).toBe('PAGE_NOT_FOUND');
    for (const query of ['?width=5000', '?width=0', '?format=gif']) {
      const bad = await thumbnail(0, query);
      expect([query, bad.status]).toEqual([query, 400]);
      expect(((await bad.json()) as Json).code).toBe('VALIDATION_FAILED');
    }
    for (const index of ['-1', 'first', '1.5']) {
      const badIndex = await t.as(USER, `${versionPath(statement)}/pages/${index}/thumbnail`);
      expect([index, badIndex.status]).toEqual([index, 400]);
      await badIndex.arrayBuffer();
    }
    const denied = await thumbnail(0, '', {}, 'carol.none');
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as Json).code).toBe('CASE_ACCESS_DENIED');
  });

  it('answers 409 DOCUMENT_NOT_INGESTED for a version ingestion does not hold, and 404 for an unknown document', async () => {
    const other = await t.as(USER, `${versionPath({ documentId: statement.documentId, versionId: '99999999' })}/pages/0/thumbnail`);
    expect(other.status).toBe(409);
    expect((await other.json()) as Json).toMatchObject({ code: 'DOCUMENT_NOT_INGESTED', currentVersionId: statement.versionId });
    const unknown = await t.as(USER, `${versionPath({ documentId: '99999999', versionId: '1' })}/pages/0/thumbnail`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).code).toBe('DOCUMENT_NOT_FOUND');
  });

  it('removes a superseded version’s thumbnails with it: a redaction’s new version gets its own', async () => {
    expect((await thumbnailKeys(statement)).length).toBeGreaterThan(0);
    const saved = await t.as(USER, `${versionPath(statement)}/redactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ x: 0, y: 0, width: page.width, height: 120 }] }], reasonCodes: ['PII'] }),
    });
    const body = (await saved.json()) as Json;
    expect(saved.status === 201 ? 201 : body).toBe(201);
    expect(await thumbnailKeys(statement)).toEqual([]);
    const old = await thumbnail(0);
    expect(old.status).toBe(409);
    expect((await old.json()) as Json).toMatchObject({ code: 'DOCUMENT_NOT_INGESTED', currentVersionId: body.newVersionId });
    await t.waitUntilDone(CASE_ID, USER);
    const next = { documentId: statement.documentId, versionId: body.newVersionId as string };
    const fresh = await t.as(USER, `${versionPath(next)}/pages/0/thumbnail`);
    expect(fresh.status).toBe(200);
    expect(imageSize(await bytesOf(fresh))).toMatchObject({ format: 'png', width: 200 });
    expect(fresh.headers.get('etag')).toContain(body.newVersionId);
  });
});
