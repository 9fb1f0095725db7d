/* eslint-disable @typescript-eslint/no-unsafe-return -- the tests read the API's JSON freely */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { ResolvedConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.tokens.js';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import type { LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { PATIENT_SANDBOX_TIMEOUT_MS } from '../ingestion/helpers/ingestion-app.js';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, read freely
type Json = any;

/**
 * Issue 15 parts 1 and 2 in Chromium against the real facade and stand-in: find a case (header facts as the API
 * has them), watch its ingestion finish through the tracker's live events (failures explained), the documents by
 * category with e-mail attachments nested, read marks, why a document cannot be redacted, thumbnails, what changed
 * since the last visit, a check-out, and recent cases; axe on every screen.
 */
const LAWYER = 'bob.north';
/** The legacy CMS user who changes documents behind the lawyer's back. */
const OTHER: LegacyCaller = { username: 'alice.admin', correlationId: 'web-e2e-documents-other' };
const CASE_ID = '1';
const SECOND_CASE_ID = '7';
/** Ingesting a case with OCR and office conversions on a loaded machine: a ceiling, never a measure. */
const INGESTION_CEILING_MS = 900_000;

let kit: WebE2e;
let token: string;
let page: Page;
let other: LegacyCmsAdapter;
let broken: { documentId: string; versionId: string };
/** Requests the page made for the case's tracker events. */
let trackerStreams = 0;

const json = async (route: string): Promise<Json> => {
  const response = await kit.api(token, route);
  expect(response.status).toBe(200);
  return response.json();
};
const admin = (pathname: string, init: RequestInit = {}) =>
  fetch(`${kit.standIn.adminUrl}${pathname}`, { ...init, headers: { 'x-admin-key': kit.standIn.adminKey, ...(init.headers as Record<string, string> | undefined) } });
const addDocument = async (fileName: string, mimeType: string, bytes: Buffer, title: string): Promise<{ documentId: string; versionId: string }> => {
  const response = await admin(`/cases/${CASE_ID}/documents`, { method: 'POST', headers: { 'content-type': mimeType, 'x-file-name': fileName, 'x-title': title }, body: bytes });
  expect(response.status).toBe(201);
  const added = (await response.json()) as { documentId: string; versionId: string };
  return { documentId: String(Number(added.documentId)), versionId: String(Number(added.versionId)) };
};
const row = (documentId: string) => page.locator(`li.document-row[data-document-id="${documentId}"]`);
/** A row's own facts, not its attachments'. */
const ownFacts = (documentId: string) => row(documentId).locator(':scope > .document-main .document-facts');
const findCase = async (urn: string) => {
  await page.getByLabel('Case URN').fill(urn);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(urn) }).waitFor();
};

beforeAll(async () => {
  kit = await startWebE2e({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
  token = await kit.tokenFor(LAWYER);
  other = LegacyCmsAdapter.fromConfig(kit.app.get<ResolvedConfig>(APP_CONFIG, { strict: false }));
  // A "PDF" that is not one: its ingestion fails, and the panel must say why.
  broken = await addDocument('broken.pdf', 'application/pdf', Buffer.from('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'), 'Broken scan');
  ({ page } = await kit.signedInPage(LAWYER));
});

afterAll(async () => {
  await kit?.close();
});

describe('the web app: a case, its header and its documents (Chromium)', () => {
  it('finds a case by URN and shows the header facts and defendants as the API has them', async () => {
    await page.getByText('No recent cases yet').waitFor();
    const summary = await json(`/cases/${CASE_ID}`);
    expect((await json(`/cases/${CASE_ID}/tracker`)).status).toBe('idle');
    // The first connection to the live events breaks: the app must reconnect (with backoff) and still follow the run.
    await page.route(`**/api/v1/cases/${CASE_ID}/tracker/events`, async (route) => {
      trackerStreams += 1;
      if (trackerStreams === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    await findCase(summary.urn);

    const fact = (name: string) => page.locator(`.case-facts dd[data-fact="${name}"]`);
    expect(await fact('unit').textContent()).toBe(summary.unitName);
    expect(await fact('status').textContent()).toBe(summary.status);
    expect(await fact('custody').textContent()).toBe(summary.isCustody ? 'In custody' : 'Not in custody');
    if (summary.nextHearingDate === null) expect(await fact('next-hearing').textContent()).toBe('None listed');
    else expect(await fact('next-hearing').locator('time').getAttribute('datetime')).toBe(summary.nextHearingDate);

    const { defendants } = await json(`/cases/${CASE_ID}/defendants`);
    await page.locator('.defendant').first().waitFor();
    expect(await page.locator('.defendant').count()).toBe(defendants.length);
    for (const defendant of defendants) {
      const shown = page.locator(`.defendant[data-defendant-id="${defendant.defendantId}"]`);
      expect(await shown.locator('.defendant-name').textContent()).toBe(`${defendant.surname.toUpperCase()}, ${defendant.firstNames}`);
      const charges = await shown.locator('.charge code').allTextContents();
      expect(charges).toEqual(defendant.charges.map((charge: Json) => charge.code));
      for (const charge of defendant.charges) expect(await shown.locator(`.charge[data-charge-id="${charge.chargeId}"]`).textContent()).toContain(charge.description);
    }
  });

  it('starts ingestion of a case never ingested and follows it live (reconnecting once) to the tracker totals, explaining each failure', async () => {
    const bar = page.getByRole('progressbar', { name: 'Processing' });
    await bar.waitFor();
    // The case was idle when the page opened: "All … processed" can only come from the live events' `done`.
    await page.locator('.ingestion-status').getByText(/^All \d+ documents processed/).waitFor({ timeout: INGESTION_CEILING_MS });
    const tracker = await json(`/cases/${CASE_ID}/tracker`);
    expect(tracker.status).toBe('done');
    expect(Number(await bar.getAttribute('aria-valuemax'))).toBe(tracker.progress.total);
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBe(tracker.progress.indexed + tracker.progress.failed);
    expect(trackerStreams).toBeGreaterThanOrEqual(2);
    expect(await bar.getAttribute('aria-valuetext')).toBe(`${tracker.progress.total} of ${tracker.progress.total} documents processed, ${tracker.progress.failed} failed`);

    const failed = (tracker.documents as Json[]).filter((document) => document.status === 'failed');
    expect(failed.map((document) => document.documentId)).toContain(broken.documentId);
    const failures = page.locator('.ingestion-failures li');
    expect(await failures.count()).toBe(failed.length);
    for (const document of failed) {
      const text = await page.locator(`.ingestion-failures li[data-document-id="${document.documentId}"]`).textContent();
      expect(text).toContain(document.failure.message);
      expect(text).toContain(`What to do: ${document.failure.action}`);
    }
    expect(await page.locator('.ingestion-failures li[data-document-id="' + broken.documentId + '"] strong').textContent()).toBe('Broken scan');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('groups the documents by category with the API counts, nests an email’s attachments, says why one cannot be redacted, and shows thumbnails', async () => {
    const { documents } = await json(`/cases/${CASE_ID}/documents`);
    const byId = new Map<string, Json>(documents.map((document: Json) => [document.documentId, document]));
    const topLevel = documents.filter((document: Json) => document.parentDocumentId === null || !byId.has(document.parentDocumentId));
    const expected = new Map<string, { count: number; attachments: number }>();
    for (const document of topLevel) {
      const entry = expected.get(document.category) ?? { count: 0, attachments: 0 };
      expected.set(document.category, { count: entry.count + 1, attachments: entry.attachments + document.childDocumentIds.length });
    }
    await page.locator('section.document-category').first().waitFor();
    const shown = await page.locator('section.document-category[data-category]').evaluateAll((sections) =>
      sections.map((section) => ({
        category: section.getAttribute('data-category'),
        count: Number(section.querySelector('.category-count')?.getAttribute('data-count')),
        attachments: Number(section.querySelector('.category-attachments')?.getAttribute('data-attachments') ?? 0),
        heading: section.querySelector('h3')?.textContent,
      })),
    );
    expect(new Map(shown.map(({ category, count, attachments }) => [category, { count, attachments }]))).toEqual(expected);
    for (const group of shown) expect(group.heading).toContain(`(${group.count})`);
    expect(await page.locator('li.document-row').count()).toBe(documents.length);

    const email = documents.find((document: Json) => document.mimeType === 'message/rfc822' && document.childDocumentIds.length > 0);
    const nested = await row(email.documentId).locator(':scope > ul.document-attachments > li.document-row').evaluateAll((rows) => rows.map((each) => each.getAttribute('data-document-id')));
    expect(nested).toEqual(email.childDocumentIds);
    expect(await row(email.documentId).getAttribute('data-document-id')).toBe(email.documentId);
    expect(await page.locator(`section[data-category="${email.category}"] li.document-row[data-document-id="${email.childDocumentIds[0]}"]`).count()).toBe(1);

    // An e-mail is held only in its converted form: it cannot be redacted, and the panel says why in the API's words.
    expect(email.canRedact).toBe(false);
    const denial = ownFacts(email.documentId).locator('.capability-denial').first();
    expect(await denial.getAttribute('data-code')).toBe(email.canRedactReason.code);
    expect(await denial.textContent()).toContain(`Cannot redact`);
    expect(await denial.textContent()).toContain(email.canRedactReason.message);
    const brokenDenial = ownFacts(broken.documentId).locator('.capability-denial[data-actions~="redact"]');
    expect(await brokenDenial.textContent()).toContain(byId.get(broken.documentId).canRedactReason.ingestionFailure.action);

    // Page 1 thumbnails, fetched with the bearer token, decode to real images.
    const statement = documents.find((document: Json) => document.category === 'MG11 Witness statement');
    await row(statement.documentId).scrollIntoViewIfNeeded();
    const thumbnail = row(statement.documentId).locator(':scope > .document-main img.document-thumbnail');
    await thumbnail.waitFor();
    await page.waitForFunction((element) => (element as { complete: boolean }).complete, await thumbnail.elementHandle());
    expect(await thumbnail.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(1);
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);

    // Opening a document reads it in a tab and marks it read through the API.
    expect(statement.readByMe).toBe(false);
    expect(await row(statement.documentId).getAttribute('data-read')).toBe('false');
    const marked = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith(`/documents/${statement.documentId}/versions/${statement.versionId}/read`));
    await row(statement.documentId).getByRole('button', { name: statement.title, exact: true }).click();
    expect((await marked).status()).toBe(204);
    await page.getByRole('tab', { name: statement.title }).waitFor();
    expect(await row(statement.documentId).getAttribute('data-read')).toBe('true');
    expect((await json(`/cases/${CASE_ID}/documents`)).documents.find((document: Json) => document.documentId === statement.documentId).readByMe).toBe(true);

    await page.locator('.documents-panel').evaluate((panel) => panel.scrollTo(0, 0));
    await screenshot(page, '10-case-documents');
    // The reader's tab strip is the reader's to make accessible (part 3); this checks the documents panel's screen.
    await page.getByRole('button', { name: `Close ${statement.title}` }).click();
    await page.getByText('Choose a document to read it.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('highlights documents new and changed since the last visit, and shows a check-out', async () => {
    const { documents } = await json(`/cases/${CASE_ID}/documents`);
    const plain = documents.filter((document: Json) => document.parentDocumentId === null && document.childDocumentIds.length === 0 && document.mimeType === 'text/plain');
    const [versioned, held] = plain;
    await other.checkOutDocument(OTHER, CASE_ID, versioned.documentId, versioned.versionId);
    const bytes = Buffer.from('A new version, checked in by another user.\n');
    const newVersionId = String(
      Number(await other.checkInDocument(OTHER, { caseId: CASE_ID, documentId: versioned.documentId, fileName: 'new-version.txt', mimeType: 'text/plain', sizeBytes: bytes.length, content: Readable.from([bytes]) })),
    );
    const added = await addDocument('late-exhibit.txt', 'text/plain', Buffer.from('A late exhibit.\n'), 'Late exhibit');
    await other.checkOutDocument(OTHER, CASE_ID, held.documentId, held.versionId);
    try {
      await page.reload();
      await row(added.documentId).waitFor();
      expect(await row(added.documentId).getAttribute('data-changed')).toBe('added');
      expect(await ownFacts(added.documentId).textContent()).toContain('New since your last visit');
      await page.locator(`li.document-row[data-document-id="${versioned.documentId}"][data-changed]`).waitFor();
      expect(await row(versioned.documentId).getAttribute('data-changed')).toBe('newVersion');
      expect(await ownFacts(versioned.documentId).textContent()).toContain('New version since your last visit');
      expect(await page.locator('li.document-row.is-changed').count()).toBe(2);
      expect(await page.locator('.changes-summary').getAttribute('data-changed')).toBe('2');
      // A new version is unread again.
      expect(await row(versioned.documentId).getAttribute('data-read')).toBe('false');
      expect((await json(`/cases/${CASE_ID}/documents`)).documents.find((document: Json) => document.documentId === versioned.documentId).versionId).toBe(newVersionId);

      const lock = ownFacts(held.documentId).locator('.badge-lock');
      expect(await lock.textContent()).toContain(`Checked out by ${OTHER.username}`);
      expect(await ownFacts(held.documentId).locator('.capability-denial').getAttribute('data-code')).toBe('CHECKED_OUT_BY_OTHER');
      expect(await axeViolations(page)).toEqual([]);
      await row(added.documentId).scrollIntoViewIfNeeded();
      await screenshot(page, '11-case-changes-since-last-visit');

      // The visit moved on: reloaded again, nothing is new.
      await page.reload();
      await page.locator('.changes-summary').getByText(/^Nothing new or changed/).waitFor();
      expect(await page.locator('li.document-row.is-changed').count()).toBe(0);
    } finally {
      await other.cancelCheckOut(OTHER, CASE_ID, held.documentId);
    }
  });

  it('lists recent cases on the home page, most recent first, as the API records the visits', async () => {
    const second = await json(`/cases/${SECOND_CASE_ID}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Find a case' }).waitFor();
    await findCase(second.urn);
    await page.locator('.changes-summary').waitFor(); // the visit is recorded by the panel's first call

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    const recent = page.getByRole('region', { name: 'Recent cases' });
    await recent.locator('li').nth(1).waitFor();
    const shown = await recent.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-case-id')));
    expect(shown).toEqual([SECOND_CASE_ID, CASE_ID]);
    const { cases } = await json('/me/recent-cases');
    expect(cases.map((each: Json) => each.caseId)).toEqual(shown);
    expect(await recent.locator('li').first().getByRole('link').textContent()).toBe(`${second.urn} ${second.title}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '09-home-recent-cases');

    // A recent case opens from the list.
    await recent.getByRole('link', { name: new RegExp(second.urn) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(second.urn) }).waitFor();
  });
});
