/**
 * The reader (issue 15, part 3) in Chromium against the real facade and stand-in: documents open as tabs and switch
 * by keyboard, pages turn by keyboard with the page indicator following, zoom and view rotation change what is drawn,
 * thumbnails, document notes (seen in the API too), the first page's canvas really drawn; axe on each state.
 * The case is the stand-in's case 3, which holds the 240-page phone download report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page, Response } from 'playwright-core';
import { eventually } from '../helpers/eventually.js';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

const CASE_ID = '3';
const USER = 'alice.admin';
/** Ingesting the case (OCR included) on a loaded machine: a ceiling for a broken build, never asserted. */
const INGESTION_CEILING_MS = 600_000;

interface TrackedDocument {
  documentId: string;
  versionId: string;
  parentDocumentId: string | null;
  detectedType: string | null;
  status: string;
  pageCount: number | null;
}
interface ListedDocument {
  documentId: string;
  versionId: string;
  title: string;
}

let kit: WebE2e;
let token: string;
let page: Page;
let report: ListedDocument;
let statement: ListedDocument;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const documentTabs = () => page.getByRole('tablist', { name: 'Open documents' }).getByRole('tab');
const tab = (document: ListedDocument) => documentTabs().filter({ hasText: document.title });
const panel = (document: ListedDocument) => page.locator(`#reader-panel-${document.documentId}`);
const viewer = (document: ListedDocument) => panel(document).getByRole('document');
const pageIndicator = (document: ListedDocument) => panel(document).getByTestId('page-indicator');
const pageBox = async (document: ListedDocument, pageIndex: number) => (await panel(document).locator(`.pdf-page[data-page-index="${pageIndex}"]`).boundingBox())!;

async function openFromDocuments(document: ListedDocument): Promise<void> {
  await page
    .getByRole('region', { name: 'Documents', exact: true })
    .getByRole('button', { name: new RegExp(`^${escape(document.title)}`) })
    .first()
    .click();
  await expect(tab(document).getAttribute('aria-selected')).resolves.toBe('true');
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === (element.ownerDocument.activeElement as unknown));
}

/** Waits for the page indicator to say "Page n of N". */
async function showsPage(document: ListedDocument, pageNumber: number): Promise<void> {
  await pageIndicator(document).filter({ hasText: new RegExp(`^Page ${pageNumber} of \\d+$`) }).waitFor();
}

/** How many of the canvas's pixels are not white, read back in the page. */
function inkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const target = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const { data } = target.getContext('2d').getImageData(0, 0, target.width, target.height);
    let inked = 0;
    for (let at = 0; at < data.length; at += 4) if (data[at + 3] > 0 && (data[at] < 200 || data[at + 1] < 200 || data[at + 2] < 200)) inked += 1;
    return inked;
  });
}

beforeAll(async () => {
  kit = await startWebE2e();
  token = await kit.tokenFor(USER);
  expect((await kit.api(token, `/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
  const listed = ((await (await kit.api(token, `/cases/${CASE_ID}/documents`)).json()) as { documents: ListedDocument[] }).documents;
  let tracked: TrackedDocument[] = [];
  const ready = () => tracked.filter((each) => each.status === 'indexed' && each.detectedType === 'application/pdf' && each.parentDocumentId === null);
  await eventually(
    async () => {
      tracked = ((await (await kit.api(token, `/cases/${CASE_ID}/tracker`)).json()) as { documents: TrackedDocument[] }).documents;
      return ready().some((each) => (each.pageCount ?? 0) >= 240) && ready().some((each) => each.pageCount === 1);
    },
    'the report and a one-page PDF indexed',
    { ceilingMs: INGESTION_CEILING_MS, intervalMs: 500 },
  );
  const byId = (id: string) => listed.find((each) => each.documentId === id)!;
  report = byId(ready().find((each) => (each.pageCount ?? 0) >= 240)!.documentId);
  statement = byId(ready().find((each) => each.pageCount === 1)!.documentId);
  ({ page } = await kit.signedInPage(USER));
  await page.goto(`${kit.base}/#/cases/${CASE_ID}`);
  await page.getByRole('region', { name: 'Documents', exact: true }).waitFor();
}, INGESTION_CEILING_MS + 120_000);

afterAll(async () => {
  await kit?.close();
});

describe('the reader', () => {
  it('opens two documents as tabs, draws the first page (pixels read back) from byte ranges, and switches tabs by keyboard', async () => {
    // pdf.js asks for byte ranges of a file larger than two of its chunks (256 kB in pdfjs.ts) and takes a smaller one whole.
    const answers: { status: number; bytes: number }[] = [];
    const onResponse = (response: Response) => {
      if (!response.url().includes(`/documents/${report.documentId}/versions/${report.versionId}/pdf`)) return;
      const range = /^bytes (\d+)-(\d+)\//.exec(response.headers()['content-range'] ?? '');
      answers.push({ status: response.status(), bytes: range === null ? Number(response.headers()['content-length']) : Number(range[2]) - Number(range[1]) + 1 });
    };
    page.on('response', onResponse);
    await openFromDocuments(report);
    const firstCanvas = panel(report).locator('.pdf-page[data-page-index="0"] canvas[data-drawn="true"]');
    await firstCanvas.waitFor();
    page.off('response', onResponse);
    const probe = await kit.api(token, `/cases/${CASE_ID}/documents/${report.documentId}/versions/${report.versionId}/pdf`, { headers: { range: 'bytes=0-0' } });
    await probe.arrayBuffer();
    const totalBytes = Number(/\/(\d+)$/.exec(probe.headers.get('content-range') ?? '')?.[1]);
    if (totalBytes > 2 * 256 * 1024) {
      expect(answers.filter((answer) => answer.status === 206).length).toBeGreaterThan(0);
      expect(answers.filter((answer) => answer.status === 206).reduce((sum, answer) => sum + answer.bytes, 0)).toBeLessThan(totalBytes);
    } else {
      expect(answers.map((answer) => answer.status)).toContain(200);
    }
    expect(await inkedPixels(firstCanvas)).toBeGreaterThan(500);
    await expect(pageIndicator(report).textContent()).resolves.toBe('Page 1 of 240');
    // The first page was told to the Performance API (what bench/web/first-page.mjs measures).
    expect(await page.evaluate((name) => performance.getEntriesByName(name).length, `reader:first-page-painted:${report.documentId}`)).toBe(1);

    await openFromDocuments(statement);
    await panel(statement).locator('.pdf-page[data-page-index="0"] canvas[data-drawn="true"]').waitFor();
    await expect(documentTabs().count()).resolves.toBe(2);
    await expect(panel(report).isHidden()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reader-01-two-tabs');

    // Arrow keys move between tabs and show each one's panel (automatic activation); focus follows.
    await tab(statement).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(tab(report).getAttribute('aria-selected')).resolves.toBe('true');
    await eventually(() => isFocused(tab(report)), 'focus on the report’s tab');
    await expect(tab(statement).getAttribute('tabindex')).resolves.toBe('-1');
    await panel(report).waitFor({ state: 'visible' });
    await expect(panel(statement).isHidden()).resolves.toBe(true);
    await page.keyboard.press('End');
    await expect(tab(statement).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect(tab(report).getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('turns pages by keyboard and by the go-to-page box; the indicator and the thumbnail strip follow, and scrolling updates them', async () => {
    const column = viewer(report);
    await column.focus();
    await page.keyboard.press('PageDown');
    await showsPage(report, 2);
    await page.keyboard.press('PageDown');
    await showsPage(report, 3);
    await page.keyboard.press('PageUp');
    await showsPage(report, 2);
    await page.keyboard.press('End');
    await showsPage(report, 240);
    await panel(report).locator('.pdf-page[data-page-index="239"] canvas[data-drawn="true"]').waitFor();
    await page.keyboard.press('Home');
    await showsPage(report, 1);

    await panel(report).getByLabel('Go to page').fill('120');
    await panel(report).getByLabel('Go to page').press('Enter');
    await showsPage(report, 120);
    await expect(panel(report).getByRole('button', { name: 'Page 120', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await panel(report).locator('.pdf-page[data-page-index="119"] canvas[data-drawn="true"]').waitFor();

    // Scrolling the column (not a key) moves the indicator too.
    await column.evaluate((element) => {
      const scroller = element as unknown as { scrollTop: number; querySelector(selector: string): { offsetTop: number } | null };
      scroller.scrollTop = scroller.querySelector('[data-page-slot="10"]')!.offsetTop - 8;
    });
    await showsPage(report, 11);

    // A thumbnail shows its page; the strip's thumbnails are drawn by pdf.js.
    await panel(report).getByRole('button', { name: 'Page 3', exact: true }).click();
    await showsPage(report, 3);
    await expect(panel(report).getByRole('button', { name: 'Page 3', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    const thumbnail = panel(report).getByRole('button', { name: 'Page 3', exact: true }).locator('canvas[data-drawn="true"]');
    await thumbnail.waitFor();
    expect(await inkedPixels(thumbnail)).toBeGreaterThan(0);
    await expect(panel(report).getByRole('button', { name: 'Page 3', exact: true }).getAttribute('tabindex')).resolves.toBe('0');
    await panel(report).getByRole('button', { name: 'Page 3', exact: true }).press('ArrowDown');
    await eventually(() => isFocused(panel(report).getByRole('button', { name: 'Page 4', exact: true })), 'focus on the thumbnail of page 4');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reader-02-page-navigation');
  });

  it('zooms with + and - and the buttons, fits the width, and the page is drawn at the new size', async () => {
    await viewer(report).focus();
    await page.keyboard.press('Home');
    await showsPage(report, 1);
    const before = await pageBox(report, 0);
    const zoomLevel = await panel(report).getByTestId('zoom-level').textContent();
    await page.keyboard.press('+');
    await eventually(async () => (await panel(report).getByTestId('zoom-level').textContent()) !== zoomLevel, 'the zoom level to change');
    const larger = await pageBox(report, 0);
    expect(larger.width).toBeGreaterThan(before.width * 1.1);
    expect(larger.height).toBeGreaterThan(before.height * 1.1);
    // The canvas is drawn again at the new size (its backing store follows the zoom).
    const canvas = panel(report).locator('.pdf-page[data-page-index="0"] canvas[data-drawn="true"]');
    await eventually(async () => (await canvas.count()) === 1 && (await canvas.evaluate((element) => (element as unknown as { width: number }).width)) >= Math.floor(larger.width) - 1, 'page 1 drawn at the new size');
    expect(await inkedPixels(canvas)).toBeGreaterThan(500);

    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await eventually(async () => (await pageBox(report, 0)).width < before.width * 0.95, 'the page to shrink');
    await panel(report).getByRole('button', { name: 'Zoom in' }).click();
    await eventually(async () => Math.abs((await pageBox(report, 0)).width - before.width) < 1, 'the page back at its first size');

    await panel(report).getByRole('button', { name: 'Fit width' }).click();
    const columnWidth = await viewer(report).evaluate((element) => (element as unknown as { clientWidth: number }).clientWidth);
    await eventually(async () => Math.abs((await pageBox(report, 0)).width - (columnWidth - 16)) < 2, 'the page to fit the column');
    await expect(panel(report).getByRole('button', { name: 'Fit width' }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reader-03-fit-width');
  });

  it('rotates the view a quarter turn at a time, the layers turning with the page', async () => {
    const upright = await pageBox(report, 0);
    expect(upright.height).toBeGreaterThan(upright.width);
    await panel(report).getByRole('button', { name: 'Rotate view clockwise' }).click();
    await expect(panel(report).getByTestId('rotation').textContent()).resolves.toBe('90°');
    await eventually(async () => {
      const box = await pageBox(report, 0);
      return box.width > box.height;
    }, 'the page to lie on its side');
    const turned = await pageBox(report, 0);
    // The layers' container turns with the canvas: both take the same place on screen.
    const layers = (await panel(report).locator('.pdf-page[data-page-index="0"] .pdf-page-layers').boundingBox())!;
    expect(Math.abs(layers.x - turned.x)).toBeLessThan(1);
    expect(Math.abs(layers.width - turned.width)).toBeLessThan(1);
    expect(Math.abs(layers.height - turned.height)).toBeLessThan(1);
    await panel(report).locator('.pdf-page[data-page-index="0"] canvas[data-drawn="true"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reader-04-rotated');

    await panel(report).getByRole('button', { name: 'Rotate view anticlockwise' }).click();
    await expect(panel(report).getByTestId('rotation').textContent()).resolves.toBe('0°');
    await eventually(async () => {
      const box = await pageBox(report, 0);
      return box.height > box.width;
    }, 'the page upright again');
  });

  it('adds a note to a document, lists it, and the API has it', async () => {
    await panel(report).getByRole('button', { name: 'Notes', exact: true }).click();
    await expect(panel(report).getByRole('button', { name: 'Notes', exact: true }).getAttribute('aria-expanded')).resolves.toBe('true');
    await panel(report).getByText('No notes yet.').waitFor();
    const text = 'Page 12: check the handset owner with the OIC.';
    await panel(report).getByLabel('Add a note').fill(text);
    await panel(report).getByRole('button', { name: 'Add note' }).click();
    await panel(report).getByRole('status').getByText('Note added.').waitFor();
    await panel(report).getByRole('list', { name: /^Notes on/ }).getByText(text).waitFor();
    const notes = (await (await kit.api(token, `/cases/${CASE_ID}/documents/${report.documentId}/notes`)).json()) as { notes: { text: string; createdBy: string }[] };
    expect(notes.notes).toEqual([expect.objectContaining({ text, createdBy: USER })]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reader-05-notes');
  });

  it('closes tabs by their close button and by Delete on the tab', async () => {
    await page.getByRole('button', { name: `Close ${statement.title}` }).click();
    await expect(documentTabs().count()).resolves.toBe(1);
    await expect(tab(report).getAttribute('aria-selected')).resolves.toBe('true');
    await tab(report).focus();
    await page.keyboard.press('Delete');
    await page.getByText('Choose a document to read it.').waitFor();
    await expect(documentTabs().count()).resolves.toBe(0);
  });
});
