import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Page } from 'playwright-core';
import type { Schemas } from '../client/casework-client.js';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';
import { eventually } from '../helpers/eventually.js';

type SearchResult = Schemas['SearchResultDto'];
type SearchCount = Schemas['SearchCountDto'];
type Tracker = Schemas['CaseTrackerDto'];
type Witness = Schemas['WitnessDto'];

/** A lawyer of the Northshire unit and one of its cases (not the 240-page report's nor the scanned bundle's). */
const LAWYER = 'bob.north';
const CASE_ID = '1';
/** Ingestion of a whole case on a loaded machine: a ceiling for a stuck build, never a measure of speed. */
const INGESTION_CEILING_MS = 900_000;

/** A statement with a fake redaction: a black box drawn over "Jane Doe", the text still under it, on page 2. */
async function fakeRedaction(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('Covering note: nothing hidden on this page.', { x: 72, y: 760, size: 12, font });
  const second = pdf.addPage([595, 842]);
  second.drawText('The witness', { x: 20, y: 600, size: 12, font });
  second.drawText('Jane Doe', { x: 100, y: 600, size: 12, font });
  second.drawText('saw the tractor.', { x: 200, y: 600, size: 12, font });
  second.drawRectangle({ x: 96, y: 596, width: 92, height: 18, color: rgb(0, 0, 0) });
  return pdf.save();
}

let kit: WebE2e;
let token: string;
let surname: string;
let firstNames: string;
/** The statement that names the witness (its title says "Statement of …"). */
let statementId: string;

const json = async <T>(route: string): Promise<T> => {
  const response = await kit.api(token, route);
  if (response.status !== 200) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
const searchApi = (query: Record<string, string>) => json<SearchResult>(`/cases/${CASE_ID}/search?${new URLSearchParams(query).toString()}`);
const countApi = (query: Record<string, string>) => json<SearchCount>(`/cases/${CASE_ID}/search/count?${new URLSearchParams(query).toString()}`);
const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
/** What the live region should say first, from the API's own count (more may follow after a semicolon). */
const says = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(;|$)`);
const announced = (count: SearchCount) => says(`${plural(count.hitCount, 'hit')} in ${plural(count.documentCount, 'document')}`);

beforeAll(async () => {
  kit = await startWebE2e({ OCR: 'off', SANDBOX_TIMEOUT_MS: '300000' });
  token = await kit.tokenFor(LAWYER);
  const upload = await fetch(`${kit.standIn.adminUrl}/cases/${CASE_ID}/documents`, {
    method: 'POST',
    headers: { 'x-admin-key': kit.standIn.adminKey, 'content-type': 'application/octet-stream', 'x-file-name': 'statement-fake-redaction.pdf' },
    body: await fakeRedaction(),
  });
  expect(upload.status).toBe(201);
  expect((await kit.api(token, `/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
  await eventually(async () => (await json<Tracker>(`/cases/${CASE_ID}/tracker`)).status === 'done', `case ${CASE_ID} ingested`, {
    ceilingMs: INGESTION_CEILING_MS,
    intervalMs: 500,
    state: async () => (await json<Tracker>(`/cases/${CASE_ID}/tracker`)).progress,
  });
  // A witness whose surname the case's statements mention.
  const { witnesses } = await json<{ witnesses: Witness[] }>(`/cases/${CASE_ID}/witnesses`);
  for (const witness of witnesses) {
    const found = await searchApi({ q: witness.surname });
    const statement = found.documents.find((document) => document.title?.startsWith('MG11 Statement of') === true && document.title.includes(witness.surname) && document.pages.length > 0);
    if (statement !== undefined) {
      ({ surname, firstNames } = witness);
      statementId = statement.documentId;
      break;
    }
  }
  if (statementId === undefined) throw new Error(`no statement of case ${CASE_ID} names a witness: ${JSON.stringify(witnesses.map((witness) => witness.surname))}`);
}, INGESTION_CEILING_MS + 120_000);

afterAll(async () => {
  await kit?.close();
});

async function casePage(): Promise<Page> {
  const { page } = await kit.signedInPage(LAWYER);
  await page.goto(`${kit.base}/#/cases/${CASE_ID}`);
  await page.getByRole('heading', { name: 'Search', level: 2 }).waitFor();
  return page;
}

/** Types a query as a person does and waits for the live region to announce the answer to it. */
async function typeQuery(page: Page, query: string, expected: string | RegExp): Promise<void> {
  const box = page.getByLabel('Search for');
  await box.fill('');
  await box.pressSequentially(query);
  await page.locator('.search-status').filter({ hasText: expected }).waitFor();
}

/** The documents and their pages as the results list shows them. */
async function listedResults(page: Page): Promise<{ documentId: string; pages: string[] }[]> {
  const documents = page.locator('.search-results > li');
  const listed: { documentId: string; pages: string[] }[] = [];
  for (const document of await documents.all()) {
    listed.push({ documentId: (await document.getAttribute('data-document-id'))!, pages: await document.locator('h4').allTextContents() });
  }
  return listed;
}

/** Waits until the results list shows these documents in this order (a re-sort keeps the announcement as it was). */
async function waitForListed(page: Page, result: SearchResult): Promise<void> {
  const ids = result.documents.map((document) => document.documentId).join(',');
  // A function, not a string: the app's CSP forbids eval, which a string predicate would need.
  await page.waitForFunction((expected) => {
    const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ dataset: Record<string, string | undefined> }> } };
    return [...document.querySelectorAll('.search-results > li')].map((li) => li.dataset['documentId']).join(',') === expected;
  }, ids);
}

/** The emphasised words of the results list, and the words the API matched, in display order (lower case). */
const marks = async (page: Page) => (await page.locator('.search-results mark').allTextContents()).map((text) => text.toLowerCase());
const matchedWords = (result: SearchResult) => result.documents.flatMap((document) => document.pages.flatMap((page) => page.hits.flatMap((line) => line.words.map((word) => word.text.toLowerCase()))));

/** axe over the whole page, reader and tools included. */
function axeClean(page: Page): Promise<string[]> {
  return axeViolations(page);
}

const expectedResults = (result: SearchResult) => result.documents.map((document) => ({ documentId: document.documentId, pages: document.pages.map((page) => `Page ${page.pageIndex + 1}`) }));

describe('the web app: search', () => {
  it('searches a witness surname, lists the hits by document and page, and highlights a chosen hit at its word boxes', async () => {
    const page = await casePage();
    const count = await countApi({ q: surname });
    await typeQuery(page, surname, announced(count));
    const result = await searchApi({ q: surname });
    expect(await listedResults(page)).toEqual(expectedResults(result));
    // the matched words are emphasised in the line text
    expect(await marks(page)).toEqual(matchedWords(result));
    expect((await marks(page)).some((text) => text === surname.toLowerCase())).toBe(true);
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-01-hits-listed');

    // choose the statement's first hit: the document opens at its page, and every hit word there is highlighted
    const statement = result.documents.find((document) => document.documentId === statementId)!;
    const hitPage = statement.pages[0];
    await page.locator(`.search-results > li[data-document-id="${statementId}"] .search-hit`).first().click();
    await page.getByRole('tab', { name: statement.title!, selected: true }).waitFor();
    const pageElement = page.locator(`.pdf-page[data-page-index="${hitPage.pageIndex}"]`);
    const highlights = pageElement.locator('.search-highlight');
    const expectedBoxes = hitPage.hits.flatMap((line) => line.words.map((word) => word.box));
    await highlights.nth(expectedBoxes.length - 1).waitFor();
    expect(await highlights.count()).toBe(expectedBoxes.length);
    const pageBox = (await pageElement.boundingBox())!;
    const scale = pageBox.width / hitPage.pageWidth;
    expect(pageBox.height / hitPage.pageHeight).toBeCloseTo(scale, 2);
    const drawn = [];
    for (const highlight of await highlights.all()) {
      const data = await highlight.evaluate((element) => ({ ...(element as unknown as { dataset: Record<string, string> }).dataset }));
      const at = (await highlight.boundingBox())!;
      drawn.push({ box: { x: Number(data.x), y: Number(data.y), width: Number(data.w), height: Number(data.h) }, at, pageIndex: data.pageIndex, label: await highlight.getAttribute('aria-label') });
    }
    expect(drawn.map((each) => each.box)).toEqual(expectedBoxes);
    for (const { box, at, pageIndex, label } of drawn) {
      expect(pageIndex).toBe(String(hitPage.pageIndex));
      expect(label).toMatch(new RegExp(`^Search hit \\d+ of \\d+: .+, page ${hitPage.pageIndex + 1}$`));
      expect(label?.toLowerCase()).toContain(surname.toLowerCase());
      expect(Math.abs(at.x - pageBox.x - box.x * scale)).toBeLessThanOrEqual(1);
      expect(Math.abs(at.y - pageBox.y - box.y * scale)).toBeLessThanOrEqual(1);
      expect(Math.abs(at.width - box.width * scale)).toBeLessThanOrEqual(1);
      expect(Math.abs(at.height - box.height * scale)).toBeLessThanOrEqual(1);
    }
    expect(await page.locator('.search-highlight[aria-current="true"]').count()).toBeGreaterThan(0);
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-02-hit-highlighted');
  });

  it('finds "phrases" and prefix* terms, with Enter and the next/previous keys', async () => {
    const page = await casePage();
    const phrase = `"${firstNames} ${surname}"`;
    const phraseCount = await countApi({ q: phrase });
    expect(phraseCount.hitCount).toBeGreaterThan(0);
    await typeQuery(page, phrase, announced(phraseCount));
    const phraseResult = await searchApi({ q: phrase });
    expect(await listedResults(page)).toEqual(expectedResults(phraseResult));
    expect(await marks(page)).toEqual(matchedWords(phraseResult));
    expect(await marks(page)).toEqual(expect.arrayContaining([firstNames.split(' ')[0].toLowerCase(), surname.toLowerCase()]));

    // a prefix: the first letters of the surname and *, run at once with Enter
    const prefix = `${surname.slice(0, 3)}*`;
    const prefixCount = await countApi({ q: prefix });
    expect(prefixCount.hitCount).toBeGreaterThanOrEqual((await countApi({ q: surname })).hitCount);
    await page.getByLabel('Search for').fill(prefix);
    await page.getByLabel('Search for').press('Enter');
    await page.locator('.search-status').filter({ hasText: announced(prefixCount) }).waitFor();
    const prefixResult = await searchApi({ q: prefix });
    expect(await listedResults(page)).toEqual(expectedResults(prefixResult));
    expect(await marks(page)).toEqual(matchedWords(prefixResult));
    expect(matchedWords(prefixResult)).toEqual(expect.arrayContaining([surname.toLowerCase()]));

    // F3 chooses the first hit, Shift+F3 goes back round to the last, the buttons walk them too
    const total = prefixResult.documents.reduce((sum, document) => sum + document.pages.reduce((lines, each) => lines + each.hits.length, 0), 0);
    await page.keyboard.press('F3');
    await page.locator('.search-position').filter({ hasText: `Hit 1 of ${total}` }).waitFor();
    await page.locator('.search-highlight[aria-current="true"]').first().waitFor();
    await page.keyboard.press('Shift+F3');
    await page.locator('.search-position').filter({ hasText: `Hit ${total} of ${total}` }).waitFor();
    await page.getByRole('button', { name: 'Next hit' }).click();
    await page.locator('.search-position').filter({ hasText: `Hit 1 of ${total}` }).waitFor();
    expect(await page.locator('.search-hit[aria-current="true"]').getAttribute('data-hit-index')).toBe('0');
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-03-prefix-keyboard');
  });

  it('finds documents by name, narrows by a category filter and sorts, and searches within the open document', async () => {
    const page = await casePage();
    // photographs hold no text (OCR is off): found by their names only
    const byName = await searchApi({ q: 'photograph' });
    const named = byName.documents.filter((document) => document.pages.length === 0);
    expect(named.length).toBeGreaterThan(0);
    await typeQuery(page, 'photograph', announced(await countApi({ q: 'photograph' })));
    expect(await listedResults(page)).toEqual(expectedResults(byName));
    const first = page.locator(`.search-results > li[data-document-id="${named[0].documentId}"]`);
    expect(await first.locator('.search-document-facts').textContent()).toContain('name matches (title');
    await first.getByRole('button', { name: `Open ${named[0].title!}` }).click();
    await page.getByRole('tab', { name: named[0].title!, selected: true }).waitFor();
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-04-by-name');

    // the surname in witness statements only, most hits first
    await typeQuery(page, surname, announced(await countApi({ q: surname })));
    await page.locator('summary', { hasText: 'Filters and sort' }).click();
    await page.getByLabel('MG11 Witness statement', { exact: true }).check();
    const filtered = { q: surname, category: 'MG11 Witness statement' };
    await page.locator('.search-status').filter({ hasText: announced(await countApi(filtered)) }).waitFor();
    await page.getByLabel('Sort by').selectOption('hits');
    const sorted = await searchApi({ ...filtered, sort: 'hits' });
    expect(sorted.documents.every((document) => document.category === 'MG11 Witness statement')).toBe(true);
    await waitForListed(page, sorted);
    expect(await listedResults(page)).toEqual(expectedResults(sorted));
    // and only documents whose ingestion failed: none of the statements
    await page.getByLabel('Ingestion').selectOption('failed');
    const failed = await searchApi({ ...filtered, sort: 'hits', state: 'failed' });
    await page.locator('.search-status').filter({ hasText: `No hits for ${surname}` }).waitFor();
    expect(failed.documents).toEqual([]);
    expect(await page.locator('.search-results > li').count()).toBe(0);
    expect(await page.getByText('Filters and sort (3 on)').count()).toBe(1);
    await page.getByLabel('Ingestion').selectOption('indexed');
    await waitForListed(page, await searchApi({ ...filtered, sort: 'hits', state: 'indexed' }));
    expect(await listedResults(page)).toEqual(expectedResults(sorted));
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-05-filtered');

    // within the open document: open the statement, then search in it alone
    await page.locator(`.search-results > li[data-document-id="${statementId}"] .search-hit`).first().click();
    await page.getByLabel(/The open document:/).check();
    const inDocument = await json<SearchResult>(`/cases/${CASE_ID}/documents/${statementId}/search?q=${encodeURIComponent('statement')}`);
    await typeQuery(page, 'statement', says(`${plural(inDocument.hitCount, 'hit')} in 1 document`));
    expect((await listedResults(page)).map((each) => each.documentId)).toEqual([statementId]);
    expect(await listedResults(page)).toEqual(expectedResults(inDocument));
  });

  it('warns when a hit lies under a box that is not a true redaction', async () => {
    const page = await casePage();
    const tracker = await json<Tracker>(`/cases/${CASE_ID}/tracker`);
    const faked = tracker.documents.find((document) => document.fileName === 'statement-fake-redaction.pdf')!;
    expect(faked.hasCoveredText).toBe(true);
    // the line around the box is found; its document is flagged from the tracker's findings
    await typeQuery(page, 'tractor', announced(await countApi({ q: 'tractor' })));
    const warning = page.locator(`.search-results > li[data-document-id="${faked.documentId}"] > .covered-warning`);
    expect(await warning.textContent()).toContain('page 2 of this document has text under a box that is not a true redaction');
    // the covered words themselves, only when asked for: the hit and its highlight say so
    await page.getByLabel('Also find text under boxes that are not true redactions').check();
    const doe = await searchApi({ q: 'Doe', includeCovered: 'true' });
    expect(doe.documents.map((document) => [document.documentId, document.hitCount])).toEqual([[faked.documentId, 1]]);
    await typeQuery(page, 'Doe', announced(await countApi({ q: 'Doe', includeCovered: 'true' })));
    const hit = page.locator('.search-hit.covered');
    expect(await hit.locator('.covered-warning').textContent()).toContain('under a box that is not a true redaction');
    await hit.click();
    const highlight = page.locator('.pdf-page[data-page-index="1"] .search-highlight.covered');
    await highlight.waitFor();
    expect(await highlight.getAttribute('aria-label')).toBe('Search hit 1 of 1: Doe, page 2, under a box that is not a true redaction');
    expect(await axeClean(page)).toEqual([]);
    await screenshot(page, 'search-06-covered-warning');
  });
});
