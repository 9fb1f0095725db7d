/**
 * Issue 14 part 3 over HTTP: the previews that answered 422 REDACTION_VERIFICATION_FAILED (a box over the
 * MG11 header line, full-width boxes 100 pt and taller from the top) answer the redacted PDF, and the PDF
 * has nothing of the header left while the rest of the statement is still text.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;

const CASE_ID = '1';
const USER = 'alice.admin';
const run = promisify(execFile);

describe('large redaction boxes over HTTP (e2e)', () => {
  let t: IngestionTestApp;
  let work: string;
  let statement: TrackerJson['documents'][number];
  let page: Json;

  const versionPath = () => `/api/v1/cases/${CASE_ID}/documents/${statement.documentId}/versions/${statement.versionId}`;
  const preview = (rects: { x: number; y: number; width: number; height: number }[]) =>
    t.as(USER, `${versionPath()}/redactions/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects }] }),
    });
  const textOf = async (response: Response, name: string): Promise<string> => {
    const path = join(work, `${name}.pdf`);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    return (await run('pdftotext', ['-q', path, '-'])).stdout;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'large-boxes-e2e-'));
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    expect((await t.as(USER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    const tracker = await t.waitUntilDone(CASE_ID, USER);
    statement = tracker.documents.find((document) => document.status === 'indexed' && document.detectedType === 'application/pdf' && document.ocrPageCount === 0 && document.fileName.includes('MG11'))!;
    page = ((await (await t.as(USER, `${versionPath()}/text`)).json()) as Json).pages[0];
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('previews a box over the header line "WITNESS STATEMENT (CJ Act 1967 …)": no header left, the statement still text', async () => {
    const header = (page.lines as Json[]).find((line) => line.words[0].text === 'WITNESS');
    expect(header).toBeDefined();
    const boxes = (header.words as { box: { x: number; y: number; width: number; height: number } }[]).map((word) => word.box);
    const xs = boxes.flatMap((box) => [box.x, box.x + box.width]);
    const ys = boxes.flatMap((box) => [box.y, box.y + box.height]);
    const response = await preview([{ x: Math.min(...xs) - 2, y: Math.min(...ys) - 2, width: Math.max(...xs) - Math.min(...xs) + 4, height: Math.max(...ys) - Math.min(...ys) + 4 }]);
    expect(response.status === 200 ? 200 : await response.json()).toBe(200);
    const text = await textOf(response, 'header');
    expect(text).not.toContain('1967');
    expect(text).not.toContain('WITNESS');
    expect(text).toContain('Signed:');
  });

  it.each([100, 200, 400])('previews a full-width box %i pt tall from the top of the page', async (height) => {
    const response = await preview([{ x: 0, y: 0, width: page.width, height }]);
    expect(response.status === 200 ? 200 : await response.json()).toBe(200);
    const text = await textOf(response, `full-${height}`);
    expect(text).not.toContain('1967');
    // the footer is below every box: its words survive (the invisible text layer may order them differently)
    expect(text.split(/\s+/)).toEqual(expect.arrayContaining(['Page', 'of']));
  });
});
