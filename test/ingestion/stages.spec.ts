import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsBlobStore } from '../../src/storage/blob/fs-blob-store.adapter.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { parseConfig } from '../../src/config/app-config.js';
import { createIngestionTools } from '../../src/ingestion/create-ingestion-tools.js';
import { newTrackedDocument } from '../../src/ingestion/document-processor.js';
import { convertDocument } from '../../src/ingestion/stages/convert.stage.js';
import { extractDocumentText } from '../../src/ingestion/stages/extract.stage.js';
import { sniffDocument } from '../../src/ingestion/stages/sniff.stage.js';
import { loadJson, loadToFile, storeFile, storeJson } from '../../src/ingestion/stages/store.stage.js';
import { IngestionTracker } from '../../src/ingestion/tracker/ingestion-tracker.js';
import { REAL_WORLD } from '../fixtures/real-world-path.js';


describe('pipeline stages on real files (real conversion, poppler, blob and state stores)', () => {
  let dir: string;
  const tools = createIngestionTools({ ...parseConfig({ OCR: 'off' }).ingestion });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ingestion-stages-'));
  });
  afterAll(async () => {
    await tools.close?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('sniff: goes by the bytes, not the name or the declared type', async () => {
    const disguised = path.join(dir, 'statement.pdf');
    await copyFile(path.join(REAL_WORLD, 'mammoth/single-paragraph.docx'), disguised);
    expect(await sniffDocument(tools, disguised, 'application/pdf', 'statement.pdf')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(await sniffDocument(tools, path.join(REAL_WORLD, 'mailparser/mixed.eml'), 'application/octet-stream', 'x.bin')).toBe('message/rfc822');
  });

  it('convert: an e-mail becomes a PDF and hands back its attachments', async () => {
    const out = path.join(dir, 'mail');
    await mkdir(out);
    const source = path.join(dir, 'mail.eml');
    const attachment = Buffer.from('Exhibit list: holdall, knife, receipt.\n').toString('base64');
    await writeFile(
      source,
      [
        'From: a@example.org',
        'To: b@example.org',
        'Subject: Exhibits',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Please find the exhibit list attached.',
        '--b1',
        'Content-Type: text/plain; name="exhibits.txt"',
        'Content-Disposition: attachment; filename="exhibits.txt"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const converted = await convertDocument(tools, { path: source, mimeType: 'message/rfc822', fileName: 'mixed.eml', workDir: out });
    expect((await readFile(converted.pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(converted.attachments.map((each) => each.fileName)).toEqual(['exhibits.txt']);
    for (const attachment of converted.attachments) expect((await readFile(attachment.path)).length).toBeGreaterThan(0);
  }, 300_000);

  it('convert: a password-protected PDF fails with its reason', async () => {
    const out = path.join(dir, 'protected');
    await mkdir(out);
    await expect(convertDocument(tools, { path: path.join(REAL_WORLD, 'pdfjs/pr6531_1.pdf'), mimeType: 'application/pdf', fileName: 'a.pdf', workDir: out })).rejects.toMatchObject({
      reason: expect.stringMatching(/PASSWORD_PROTECTED|ENCRYPTED/),
    });
  }, 300_000);

  it('extract: a born-digital PDF gives pages, lines and words with boxes inside the page', async () => {
    const text = await extractDocumentText(tools, path.join(REAL_WORLD, 'pdfjs/tracemonkey.pdf'));
    expect(text.pageCount).toBe(14);
    const words = text.pages[0].lines.flatMap((line) => line.words);
    expect(words.map((word) => word.text)).toContain('Trace-based');
    for (const word of words) {
      expect(word.box.x).toBeGreaterThanOrEqual(0);
      expect(word.box.x + word.box.width).toBeLessThanOrEqual(text.pages[0].width + 0.5);
    }
  }, 300_000);

  it('store: blobs and JSON round-trip through the BlobStore', async () => {
    const blobs = FsBlobStore.fromConfig({ root: path.join(dir, 'blobs') });
    await storeFile(blobs, 'cases/1/documents/2/versions/3/original', path.join(REAL_WORLD, 'pdfjs/tracemonkey.pdf'), 'application/pdf');
    expect(await loadToFile(blobs, 'cases/1/documents/2/versions/3/original', path.join(dir, 'copy.pdf'))).toBe(true);
    expect((await readFile(path.join(dir, 'copy.pdf'))).equals(await readFile(path.join(REAL_WORLD, 'pdfjs/tracemonkey.pdf')))).toBe(true);
    await storeJson(blobs, 'cases/1/documents/2/versions/3/text.json', { pageCount: 1 });
    expect(await loadJson(blobs, 'cases/1/documents/2/versions/3/text.json')).toEqual({ pageCount: 1 });
    expect(await loadToFile(blobs, 'cases/1/documents/2/versions/9/original', path.join(dir, 'none'))).toBe(false);
  });

  it('tracker: progress, case status and concurrent updates that never lose a write', async () => {
    const tracker = new IngestionTracker(new InMemoryStateStore());
    expect((await tracker.snapshot('7')).status).toBe('idle');
    await tracker.putCaseRun({ caseId: '7', runId: 'r', startedAt: 'now', listedAt: 'now', finishedAt: null, refreshCount: 1 });
    const base = { caseId: '7', versionId: '1', parentDocumentId: null, childIndex: null, fileName: 'f', mimeType: 'm', sizeBytes: 1, requestedBy: 'u', indexedVersionId: null };
    await tracker.update('7', '1', () => newTrackedDocument({ ...base, documentId: '1' }));
    await tracker.update('7', '2', () => newTrackedDocument({ ...base, documentId: '2' }));
    await Promise.all(
      ['1', '2'].map((documentId) => tracker.update('7', documentId, (current) => ({ ...current!, status: 'indexed', pageCount: 3 }))),
    );
    let running = await tracker.snapshot('7');
    expect(running.progress).toMatchObject({ total: 2, indexed: 2, percent: 100, pages: 6 });
    expect(running.status).toBe('done');
    await tracker.update('7', '2', (current) => ({ ...current!, status: 'new', versionId: '2' }));
    running = await tracker.snapshot('7');
    expect([running.status, running.progress.percent]).toEqual(['running', 50]);
    expect(running.finishedAt).toBeNull();
  });
});
