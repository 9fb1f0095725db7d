import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

const run = promisify(execFile);
const CASE_ID = '1';
const USER = 'alice.admin';
/** Ingestion of a whole case on a loaded machine: a ceiling for a stuck build, never a measure of speed. */
const INGESTION_CEILING_MS = 600_000;

interface Box {
  boxId: string;
  decision: string;
  text: string | null;
  rects: unknown[];
}
interface PlanDocument {
  documentId: string;
  versionId: string;
  decision: string;
  blockedBy: string | null;
  boxCount: number;
  pages: { pageIndex: number; boxes: Box[] }[];
}
interface Plan {
  planId: string;
  status: string;
  documentCount: number;
  documents: PlanDocument[];
  nextAfter: string | null;
  report: { saved: { documentId: string; oldVersionId: string; newVersionId: string }[]; failed: unknown[]; skipped: { documentId: string; reason: string }[]; pending: number } | null;
}
interface Witness {
  witnessId: string;
  firstNames: string;
  surname: string;
}

let kit: WebE2e;
let token: string;
let scratch: string;
let witness: Witness;

const json = async <T,>(response: Response): Promise<T> => {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
/** Between polls of the tracker: a pause so the poll does not spin, never an assertion on time. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 250));

async function waitForIngestion(): Promise<{ documentId: string; status: string; childIndex: number | null }[]> {
  for (;;) {
    const tracker = await json<{ status: string; documents: { documentId: string; status: string; childIndex: number | null }[] }>(await kit.api(token, `/cases/${CASE_ID}/tracker`));
    if (tracker.status === 'done') return tracker.documents;
    await pause();
  }
}

async function allPlanDocuments(planId: string): Promise<PlanDocument[]> {
  const documents: PlanDocument[] = [];
  let after: string | null = null;
  do {
    const page: Plan = await json<Plan>(await kit.api(token, `/cases/${CASE_ID}/redaction-plans/${planId}?limit=50${after === null ? '' : `&after=${after}`}`));
    documents.push(...page.documents);
    after = page.nextAfter;
  } while (after !== null);
  return documents;
}

/** The text of a saved version: the file the legacy CMS holds (a saved redaction is a PDF). */
async function pdfText(documentId: string, versionId: string): Promise<string> {
  const response = await kit.api(token, `/cases/${CASE_ID}/documents/${documentId}/versions/${versionId}/content`);
  expect(response.status).toBe(200);
  const file = path.join(scratch, `${documentId}-${versionId}.pdf`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

/** Pages through the plan one document at a time, as a reviewer does, from `from` to `to` (1-based). */
async function pageTo(page: Page, from: number, to: number, total: number): Promise<number> {
  for (let at = from; at !== to; ) {
    at += to > at ? 1 : -1;
    await page.getByRole('button', { name: to > from ? 'Next document' : 'Previous document' }).click();
    await page.getByRole('heading', { level: 3, name: new RegExp(`^Document ${at} of ${total}:`) }).waitFor();
  }
  return to;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'facade-web-plans-'));
  kit = await startWebE2e({ SANDBOX_TIMEOUT_MS: '300000', SANDBOX_MEMORY_MB: '1024', OCR: 'off' });
  token = await kit.tokenFor(USER);
  expect((await kit.api(token, `/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
  const tracked = await waitForIngestion();
  const redactable = new Set(tracked.filter((document) => document.status === 'indexed' && document.childIndex === null).map((document) => document.documentId));
  // The witness whose full name is in the most redactable documents' text.
  const { witnesses } = await json<{ witnesses: Witness[] }>(await kit.api(token, `/cases/${CASE_ID}/witnesses`));
  let best: { witness: Witness; count: number } | null = null;
  for (const candidate of witnesses) {
    const found = await json<{ documents: { documentId: string; matchedIn: string[] }[] }>(await kit.api(token, `/cases/${CASE_ID}/search?q=${encodeURIComponent(`"${candidate.firstNames} ${candidate.surname}"`)}&limit=500`));
    const count = new Set(found.documents.filter((document) => document.matchedIn.includes('content') && redactable.has(document.documentId)).map((document) => document.documentId)).size;
    if (best === null || count > best.count) best = { witness: candidate, count };
  }
  witness = best!.witness;
  expect(best!.count).toBeGreaterThanOrEqual(2);
}, INGESTION_CEILING_MS + 120_000);

afterAll(async () => {
  await kit?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('the web app: case-wide redaction plans', () => {
  it('builds a plan for a witness, reviews it document by document (a box rejected, a stale review reloaded, a document accepted), applies it with live progress, and the saved PDFs keep only the rejected words', async () => {
    const { urn } = await json<{ urn: string }>(await kit.api(token, `/cases/${CASE_ID}`));
    const { page } = await kit.signedInPage(USER);
    await page.getByLabel('Case URN').fill(urn);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: 'Case-wide redaction plans' }).click();
    await page.getByRole('heading', { level: 2, name: 'Case-wide redaction plans' }).waitFor();
    expect(await page.getByText('No plans built or opened in this browser yet').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-01-build');

    // Nothing chosen: the form says so instead of asking the API.
    await page.getByRole('button', { name: 'Build the plan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose at least one person, term or category.' }).waitFor();

    const name = `${witness.firstNames} ${witness.surname}`;
    await page.getByLabel(`${name} (witness)`).check();
    const theirData = page.getByRole('group', { name: 'Their data to find' });
    for (const category of ['Address', 'Postcode', 'Phone number', 'Date of birth']) await theirData.getByLabel(category, { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Build the plan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Redaction plan', exact: true }).waitFor();
    const planId = /\/plans\/([0-9a-f-]{36})$/.exec(page.url())![1];
    expect(await page.getByText(`${name} (witness): name`).first().isVisible()).toBe(true);

    const documents = await allPlanDocuments(planId);
    const total = documents.length;
    expect(total).toBeGreaterThanOrEqual(2);
    const open = documents.filter((document) => document.blockedBy === null);
    const partly = open.find((document) => document.boxCount >= 2);
    expect(partly).toBeDefined();
    const accepted = open.find((document) => document.documentId !== partly!.documentId)!;
    expect(accepted).toBeDefined();
    const rejectedBox = partly!.pages[0].boxes[0];

    // Document by document: the first one is shown with its boxes and matched text.
    await page.getByRole('heading', { level: 3, name: new RegExp(`^Document 1 of ${total}:`) }).waitFor();
    const firstBox = documents[0].pages[0].boxes[0];
    expect(await page.locator(`tr[data-box-id="${firstBox.boxId}"] th`).textContent()).toBe(firstBox.text);
    await page.getByRole('region', { name: /with the plan’s boxes/ }).getByRole('group', { name: /^Page 1 of/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-02-review');

    // Reject one box of a document with several.
    const position = await pageTo(page, 1, documents.indexOf(partly!) + 1, total);
    const row = page.locator(`tr[data-box-id="${rejectedBox.boxId}"]`);
    await row.getByRole('button', { name: /^Show / }).click();
    // By keyboard: the focus stays on the box's button, which now offers to accept it again.
    await row.getByRole('button', { name: /^Reject / }).focus();
    await page.keyboard.press('Enter');
    await row.getByRole('button', { name: /^Accept / }).waitFor();
    expect(await row.getByRole('button', { name: /^Accept / }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect(await row.locator('td').nth(3).textContent()).toBe('Keep');
    expect(await page.getByRole('status').filter({ hasText: 'will be kept' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-03-box-rejected');

    // Another reviewer changes the plan meanwhile: this reviewer's change is refused (412), the plan reloads, and they are told.
    await pageTo(page, position, documents.indexOf(accepted) + 1, total);
    const current = await kit.api(token, `/cases/${CASE_ID}/redaction-plans/${planId}?limit=0`);
    const otherReview = await kit.api(token, `/cases/${CASE_ID}/redaction-plans/${planId}`, { method: 'PATCH', body: { documents: [] }, headers: { 'if-match': current.headers.get('etag')! } });
    expect(otherReview.status).toBe(200);
    await page.getByRole('button', { name: 'Reject document' }).click();
    await page.getByRole('alert').filter({ hasText: 'Another reviewer changed this plan' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-04-changed-by-another-reviewer');
    // Now on the reloaded plan: reject the document, then accept it after all.
    await page.getByRole('button', { name: 'Reject document' }).click();
    await page.getByText('this document will not be redacted').waitFor();
    await page.getByRole('button', { name: 'Accept document' }).click();
    await page.getByText(/will be redacted \(version/).waitFor();
    const reviewed = await allPlanDocuments(planId);
    expect(reviewed.find((document) => document.documentId === accepted.documentId)).toMatchObject({ decision: 'accepted' });
    expect(reviewed.find((document) => document.documentId === partly!.documentId)!.pages[0].boxes[0]).toMatchObject({ boxId: rejectedBox.boxId, decision: 'rejected' });

    // Apply, and follow the progress live to the end.
    await page.getByLabel(/Reason codes/).fill('PII');
    await page.getByRole('button', { name: /^Apply the plan/ }).click();
    const progress = page.getByRole('progressbar', { name: 'Documents finished' });
    await progress.waitFor();
    await page.getByRole('table', { name: 'Result per document' }).waitFor();
    expect(await progress.getAttribute('aria-valuenow')).toBe(String(total));
    expect(await progress.getAttribute('aria-valuemax')).toBe(String(total));
    expect(await page.getByText(`${total} of ${total} documents finished`).isVisible()).toBe(true);
    expect(await page.getByTestId('plan-status').textContent()).toBe('Applied.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-05-applied');

    // The API agrees: new versions for the accepted documents, the rejected box's words kept, the others gone.
    const plan = await json<Plan>(await kit.api(token, `/cases/${CASE_ID}/redaction-plans/${planId}?limit=0`));
    expect(plan.status).toBe('applied');
    expect(plan.report!.failed).toEqual([]);
    const savedPartly = plan.report!.saved.find((saved) => saved.documentId === partly!.documentId)!;
    const savedAccepted = plan.report!.saved.find((saved) => saved.documentId === accepted.documentId)!;
    expect(savedPartly).toBeDefined();
    expect(savedAccepted).toBeDefined();
    for (const saved of plan.report!.saved) {
      expect(saved.newVersionId).not.toBe(saved.oldVersionId);
      expect(await page.getByRole('row', { name: new RegExp(`Version ${saved.oldVersionId} → ${saved.newVersionId}`) }).count()).toBe(1);
    }
    const { documents: listed } = await json<{ documents: { documentId: string; versions: { versionId: string }[] }[] }>(await kit.api(token, `/cases/${CASE_ID}/documents`));
    for (const saved of [savedPartly, savedAccepted]) {
      expect(listed.find((document) => document.documentId === saved.documentId)!.versions.map((version) => version.versionId)).toContain(saved.newVersionId);
    }
    const surname = witness.surname;
    const named = new RegExp(`(?<![\\p{L}\\p{N}])(?:${surname}|${surname.toUpperCase()})(?![\\p{L}\\p{N}])`, 'u');
    const partlyText = await pdfText(partly!.documentId, savedPartly.newVersionId);
    expect(named.test(partlyText)).toBe(true);
    if (rejectedBox.rects.length === 1) expect(partlyText.replace(/\s+/g, ' ')).toContain(rejectedBox.text);
    expect(named.test(await pdfText(accepted.documentId, savedAccepted.newVersionId))).toBe(false);
    // …where the plan had found the name before (the old version's PDF is no longer served once a new one is current).
    expect(named.test(accepted.pages[0].boxes[0].text ?? '')).toBe(true);

    // The plan list remembers it, with its status.
    await page.getByRole('link', { name: 'Redaction plans' }).click();
    await page.getByRole('table', { name: 'Plans for this case' }).getByText('Applied').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-06-list');
  });
});
