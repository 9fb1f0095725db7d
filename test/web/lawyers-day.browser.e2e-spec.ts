/* eslint-disable @typescript-eslint/no-unsafe-return -- the API's JSON is walked freely to check the browser against it */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { runProgram } from '../../src/conversion/sandbox/index.js';
import { PATIENT_SANDBOX_TIMEOUT_MS } from '../ingestion/helpers/ingestion-app.js';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, checked against openapi.yaml by the kit
type Json = any;
interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A lawyer's whole day in the casework web app (issue 15), in Chromium against the real facade and the real
 * stand-in: find a case, watch its ingestion finish live, open a witness statement, search the witness's surname and
 * see the hits highlighted where the API says the words are, accept the suggestions for that witness, draw one more
 * box by keyboard, keep the draft through a reload while a colleague sees the lock, save, and prove with pdftotext
 * that the redacted words are gone from the saved version and the rest remains. axe on every screen; screenshots
 * under test-artefacts/web/day-*.png (web/README.md).
 *
 * The steps share one browser page and build on each other, in order.
 */
const LAWYER = 'bob.north';
const COLLEAGUE = 'alice.admin';
const CASE_ID = '1';
/** Ingesting a case with OCR and office conversions on a loaded machine: ceilings, never measures. */
const INGESTION_CEILING_MS = 900_000;
const STEP_CEILING_MS = 1_200_000;
/** How far (CSS px) a highlight may sit from the API's word box at the page's scale: rounding of the layout only. */
const PX_TOLERANCE = 1.5;
const KEYBOARD_BOX_REASON = 'Identifies the statement form';

let kit: WebE2e;
let token: string;
let page: Page;
let caseSummary: Json;
let witness: Json;
let statement: Json;
/** The statement's words as the API has them (version before the save). */
let statementText: Json;
/** The box drawn by keyboard, in PDF points, and the word it covers. */
let keyboardBox: Box;
let keyboardWord: Json;
let redactionCount = 0;
let newVersionId: string;

const api = async (route: string, init?: { method?: string; body?: unknown }): Promise<Json> => {
  const response = await kit.api(token, route, init);
  if (response.status >= 300) throw new Error(`${init?.method ?? 'GET'} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
};
const versionPath = (versionId: string) => `/cases/${CASE_ID}/documents/${statement.documentId}/versions/${versionId}`;
const sessionOf = (): Promise<Json> => api(`${versionPath(statement.versionId)}/redaction-session`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const touches = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const documentsPanel = () => page.locator('.documents-panel');
const openStatement = async () => {
  await documentsPanel().getByRole('button', { name: statement.title, exact: true }).first().click();
  await page.getByRole('tab', { name: statement.title, selected: true }).waitFor();
};
const toolTab = (name: 'Search' | 'Redact') => page.getByRole('tablist', { name: 'Tools' }).getByRole('tab', { name });
/** The statement's first page in the reader (its layers are drawn inside it). */
const statementPage = (on: Page = page): Locator => on.locator(`[role="tabpanel"]:not([hidden]) .pdf-page[data-page-index="0"]`);
/** Waits until pdf.js has painted the statement's first page (for screenshots that show it). */
const pagePainted = (on: Page = page) => statementPage(on).locator('canvas[data-drawn="true"]').waitFor();
const findCase = async (on: Page) => {
  await on.getByLabel('Case URN').fill(caseSummary.urn);
  await on.getByRole('button', { name: 'Find' }).click();
  await on.getByRole('heading', { level: 1, name: new RegExp(caseSummary.urn) }).waitFor();
};

beforeAll(async () => {
  kit = await startWebE2e({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
  token = await kit.tokenFor(LAWYER);
  caseSummary = await api(`/cases/${CASE_ID}`);
  // A witness whose surname is theirs alone in the case, and their statement.
  const { witnesses } = await api(`/cases/${CASE_ID}/witnesses`);
  const { documents } = await api(`/cases/${CASE_ID}/documents`);
  witness = witnesses.find((each: Json) => witnesses.filter((other: Json) => other.surname === each.surname).length === 1 && documents.some((document: Json) => document.category === 'MG11 Witness statement' && document.title.endsWith(` ${each.surname}`)));
  statement = documents.find((document: Json) => document.category === 'MG11 Witness statement' && document.title.endsWith(` ${witness.surname}`));
  ({ page } = await kit.signedInPage(LAWYER));
}, STEP_CEILING_MS);

afterAll(async () => {
  await kit?.close();
});

describe("a lawyer's day in the web app (Chromium)", () => {
  it(
    'finds the case by URN and watches its ingestion finish, live',
    async () => {
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'day-01-find-a-case');
      expect((await api(`/cases/${CASE_ID}/tracker`)).status).toBe('idle');

      // Every value the progress bar takes while the page is open, to show that it moved while we watched.
      await page.evaluate(`(() => {
        const seen = [];
        globalThis.dayProgressSeen = seen;
        const note = () => {
          const bar = document.querySelector('[role="progressbar"]');
          const value = bar && bar.getAttribute('aria-valuenow');
          if (value !== null && value !== undefined && seen[seen.length - 1] !== value) seen.push(value);
        };
        new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      })()`);
      await findCase(page);
      const bar = page.getByRole('progressbar', { name: 'Processing' });
      await bar.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'day-02-ingestion-live');

      await page.getByText(/^All \d+ documents processed/).waitFor({ timeout: INGESTION_CEILING_MS });
      const tracker = await api(`/cases/${CASE_ID}/tracker`);
      expect(tracker.status).toBe('done');
      const total = tracker.progress.total;
      expect(Number(await bar.getAttribute('aria-valuemax'))).toBe(total);
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBe(tracker.progress.indexed + tracker.progress.failed);
      const seen = await page.evaluate<string[]>('globalThis.dayProgressSeen');
      expect(seen.map(Number).some((value) => value < total)).toBe(true);
      expect(seen.map(Number).at(-1)).toBe(total);
      expect(tracker.documents.find((document: Json) => document.documentId === statement.documentId).status).toBe('indexed');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'day-03-case-ingested');
    },
    STEP_CEILING_MS,
  );

  it(
    "opens the witness's statement, searches their surname and sees each hit highlighted on the word the API boxes",
    async () => {
      await openStatement();
      await statementPage().waitFor();
      statementText = await api(`${versionPath(statement.versionId)}/text`);

      await toolTab('Search').click();
      await page.getByLabel('Search for').fill(witness.surname);
      await page.getByLabel('Search for').press('Enter');
      const result = await api(`/cases/${CASE_ID}/search?q=${encodeURIComponent(witness.surname)}`);
      const found = result.documents.find((document: Json) => document.documentId === statement.documentId);
      const apiPage = found.pages.find((each: Json) => each.pageIndex === 0);
      const words: Json[] = apiPage.hits.flatMap((hit: Json) => hit.words);
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.every((word: Json) => new RegExp(escapeRegExp(witness.surname), 'i').test(word.text))).toBe(true);

      const highlights = statementPage().locator('.search-highlight');
      await highlights.nth(words.length - 1).waitFor();
      expect(await highlights.count()).toBe(words.length);
      const pageBox = (await statementPage().boundingBox())!;
      const scale = pageBox.width / apiPage.pageWidth;
      expect(pageBox.height / apiPage.pageHeight).toBeCloseTo(scale, 3);
      const drawn: Box[] = [];
      for (let at = 0; at < words.length; at += 1) {
        const box = (await highlights.nth(at).boundingBox())!;
        drawn.push({ x: (box.x - pageBox.x) / scale, y: (box.y - pageBox.y) / scale, width: box.width / scale, height: box.height / scale });
      }
      // Each of the API's word boxes has a highlight on it, to the pixel, and no highlight is anywhere else.
      const tolerance = PX_TOLERANCE / scale;
      const near = (a: Box, b: Box) => Math.abs(a.x - b.x) <= tolerance && Math.abs(a.y - b.y) <= tolerance && Math.abs(a.width - b.width) <= tolerance && Math.abs(a.height - b.height) <= tolerance;
      const unhighlighted = words.filter((word: Json) => !drawn.some((box) => near(box, word.box)));
      expect({ unhighlighted, drawn }).toEqual({ unhighlighted: [], drawn });
      // And the word under each is the surname, in the statement's own text.
      const textWords: Json[] = statementText.pages[0].lines.flatMap((line: Json) => line.words);
      for (const word of words) expect(textWords.some((each: Json) => each.text === word.text && touches(each.box, word.box))).toBe(true);

      await page.locator('.search-status').getByText(/^\d+ hits? in \d+ documents?/).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await pagePainted();
      await screenshot(page, 'day-04-search-hits-highlighted');
    },
    STEP_CEILING_MS,
  );

  it(
    "starts redacting, accepts the suggestions for the witness and draws one more box by keyboard; the draft is saved as it goes",
    async () => {
      // To the Redact tool by keyboard: the tabs pattern (arrow keys move between tabs).
      await toolTab('Search').focus();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tablist', { name: 'Tools' }).getByRole('tab', { name: 'Redact', selected: true }).waitFor();
      expect(await toolTab('Redact').evaluate((tab) => tab === (tab as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
      await page.getByRole('button', { name: 'Start redacting' }).click();
      await page.getByText('You are redacting this document').waitFor();
      expect((await sessionOf()).holder).toBe(LAWYER);

      // The suggestions for this witness: their name wherever it stands, and anything else carrying the surname.
      const { suggestions } = await api(`${versionPath(statement.versionId)}/redaction-suggestions`);
      const forWitness: Json[] = suggestions.filter((suggestion: Json) => new RegExp(escapeRegExp(witness.surname), 'i').test(suggestion.text));
      expect(forWitness.filter((suggestion: Json) => suggestion.category === 'name' && suggestion.source === 'case-data').length).toBeGreaterThan(0);
      await page.getByRole('heading', { name: 'Suggestions' }).waitFor();
      for (const name of new Set(forWitness.map((suggestion: Json) => `Accept ${suggestion.text} on page ${suggestion.pageIndex + 1}`))) {
        const accept = page.getByRole('button', { name, exact: true });
        await accept.first().waitFor();
        while ((await accept.count()) > 0) await accept.first().click();
      }
      const witnessBoxes: Box[] = forWitness.flatMap((suggestion: Json) => suggestion.boxes);
      const distinct = new Set(witnessBoxes.map((box) => `${box.x}:${box.y}:${box.width}:${box.height}`));
      redactionCount = distinct.size;
      await page.getByRole('heading', { name: `Redactions (${redactionCount})` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await pagePainted();
      await screenshot(page, 'day-05-witness-suggestions-accepted');

      // One more box by keyboard over a word the document has only once. The crosshair starts at the page's top-left
      // corner and moves 2 pt a key (20 with Ctrl), so the box is the word's box grown to that grid; it must touch no
      // other word and no suggestion, so that exactly that word goes.
      const allWords: Json[] = statementText.pages[0].lines.flatMap((line: Json) => line.words);
      const suggested: Box[] = suggestions.flatMap((suggestion: Json) => suggestion.boxes);
      const onGrid = (box: Box): Box => {
        const x = 2 * Math.floor(box.x / 2);
        const y = 2 * Math.floor(box.y / 2);
        return { x, y, width: 2 * Math.ceil((box.x + box.width) / 2) - x, height: 2 * Math.ceil((box.y + box.height) / 2) - y };
      };
      keyboardWord = allWords.find(
        (word: Json) =>
          /^[a-z]{5,}$/i.test(word.text) &&
          allWords.filter((other: Json) => other.text.toLowerCase().includes(word.text.toLowerCase())).length === 1 &&
          !allWords.some((other: Json) => other !== word && touches(onGrid(word.box), other.box)) &&
          !suggested.some((box) => touches(box, onGrid(word.box))),
      );
      keyboardBox = onGrid(keyboardWord.box);
      const { x: x0, y: y0 } = keyboardBox;
      expect(keyboardBox.width).toBeGreaterThanOrEqual(2);
      expect(keyboardBox.height).toBeGreaterThanOrEqual(2);

      await page.getByLabel('Draw boxes').check();
      const surface = statementPage().getByRole('application', { name: 'Draw redaction boxes on page 1' });
      await surface.focus();
      const press = async (key: string, times: number) => {
        for (let at = 0; at < times; at += 1) await page.keyboard.press(key);
      };
      await press('Control+ArrowRight', Math.floor(x0 / 20));
      await press('ArrowRight', (x0 % 20) / 2);
      await press('Control+ArrowDown', Math.floor(y0 / 20));
      await press('ArrowDown', (y0 % 20) / 2);
      await page.keyboard.press('Enter');
      await press('Shift+Control+ArrowRight', Math.floor(keyboardBox.width / 20));
      await press('Shift+ArrowRight', (keyboardBox.width % 20) / 2);
      await press('Shift+ArrowDown', keyboardBox.height / 2);
      await page.keyboard.press('Enter');
      redactionCount += 1;
      await page.getByRole('heading', { name: `Redactions (${redactionCount})` }).waitFor();
      // Its redaction type, chosen for this box alone: "Other", with the reason the log keeps.
      const draftWithReason = page.waitForResponse(
        (response) => response.request().method() === 'PUT' && response.url().endsWith('/redaction-session/draft') && (response.request().postData() ?? '').includes(KEYBOARD_BOX_REASON),
      );
      await page.getByLabel(`Type of box ${redactionCount}`, { exact: true }).selectOption('other');
      await page.getByLabel(`Reason for box ${redactionCount}`, { exact: true }).fill(KEYBOARD_BOX_REASON);
      expect((await draftWithReason).status()).toBe(200);

      // Saved as it goes: the server's draft has every accepted box and the keyboard one.
      await page.getByText(/^Draft saved at/).waitFor();
      const { draft } = await sessionOf();
      const rects = draft.boxes.map((box: Json) => box.rect);
      expect(rects).toEqual(expect.arrayContaining([...witnessBoxes.map((box) => expect.objectContaining({ x: box.x, y: box.y, width: box.width, height: box.height })), keyboardBox]));
      expect(draft.boxes).toHaveLength(redactionCount);
      expect(draft.boxes.find((box: Json) => box.rect.x === keyboardBox.x && box.rect.y === keyboardBox.y)).toMatchObject({ redactionType: 'other', otherReason: KEYBOARD_BOX_REASON });

      // The words the save will remove, as the lawyer is shown them.
      await page.getByRole('button', { name: 'Preview the words to be removed' }).click();
      const preview = page.locator('.redaction-preview');
      await preview.getByRole('heading', { name: /words? will be removed/ }).waitFor();
      const previewed = await preview.locator('.redaction-preview-word').allTextContents();
      expect(previewed).toContain(keyboardWord.text);
      expect(previewed.filter((text) => text.includes(witness.surname)).length).toBeGreaterThanOrEqual(forWitness.filter((suggestion: Json) => suggestion.category === 'name').length);
      expect(await axeViolations(page)).toEqual([]);
      await pagePainted();
      await screenshot(page, 'day-06-keyboard-box-and-preview');
    },
    STEP_CEILING_MS,
  );

  it(
    'keeps the draft through a page reload',
    async () => {
      const before = await sessionOf();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: new RegExp(caseSummary.urn) }).waitFor();
      await openStatement();
      await toolTab('Redact').click();
      await page.getByText('You are redacting this document').waitFor();
      await page.getByRole('heading', { name: `Redactions (${redactionCount})` }).waitFor();
      await page.getByText(/^Draft saved at/).waitFor();
      const after = await sessionOf();
      expect(after.sessionId).toBe(before.sessionId);
      expect(after.draftEtag).toBe(before.draftEtag);
      expect(after.draft).toEqual(before.draft);
      // The boxes are drawn again over the page.
      await statementPage().locator('.redaction-box').nth(redactionCount - 1).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await pagePainted();
      await screenshot(page, 'day-07-draft-after-reload');
    },
    STEP_CEILING_MS,
  );

  it(
    'shows a colleague the lock while the session is open',
    async () => {
      const { context, page: colleague } = await kit.signedInPage(COLLEAGUE);
      try {
        await findCase(colleague);
        await colleague.locator('.documents-panel').getByRole('button', { name: statement.title, exact: true }).first().click();
        await colleague.getByRole('tab', { name: statement.title, selected: true }).waitFor();
        await colleague.getByRole('tablist', { name: 'Tools' }).getByRole('tab', { name: 'Redact' }).click();
        await colleague.getByText(`Checked out by ${LAWYER}`).first().waitFor();
        expect(await colleague.getByRole('button', { name: 'Start redacting' }).count()).toBe(0);
        const seenByColleague = await (await kit.api(await kit.tokenFor(COLLEAGUE), `${versionPath(statement.versionId)}/redaction-session`)).json();
        expect(seenByColleague).toMatchObject({ holder: LAWYER, heldByCaller: false, draft: null });
        expect(await axeViolations(colleague)).toEqual([]);
        await pagePainted(colleague);
        await screenshot(colleague, 'day-08-colleague-sees-lock');
      } finally {
        await context.close();
      }
    },
    STEP_CEILING_MS,
  );

  it(
    'saves a verified redacted version: the redacted words are gone from it and the rest of the text remains',
    async () => {
      // Which of the statement's words the draft removes, by the API's own rule (a word goes when a box touches it).
      const { draft } = await sessionOf();
      const words = await api(`${versionPath(statement.versionId)}/redactions/preview/words`, {
        method: 'POST',
        body: {
          redactions: [{ pageIndex: 0, pageWidth: draft.boxes[0].pageWidth, pageHeight: draft.boxes[0].pageHeight, rects: draft.boxes.map((box: Json) => ({ ...box.rect, redactionType: box.redactionType, ...(box.otherReason === undefined ? {} : { otherReason: box.otherReason }) })) }],
        },
      });
      const removedBoxes: Box[] = words.pages.flatMap((each: Json) => each.words.map(({ x, y, width, height }: Json) => ({ x, y, width, height })));
      const allWords: Json[] = statementText.pages.flatMap((each: Json) => each.lines.flatMap((line: Json) => line.words));
      const isRemoved = (word: Json) => removedBoxes.some((box) => box.x === word.box.x && box.y === word.box.y && box.width === word.box.width && box.height === word.box.height);
      const removed = allWords.filter(isRemoved);
      const kept = allWords.filter((word) => !isRemoved(word));
      expect(removed.map((word) => word.text)).toEqual(expect.arrayContaining([keyboardWord.text]));
      expect(removed.filter((word) => word.text.includes(witness.surname)).length).toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Save redacted version' }).click();
      const saved = page.locator('.redaction-saved');
      await saved.getByRole('heading', { name: 'Redaction saved' }).waitFor();
      const { documents } = await api(`/cases/${CASE_ID}/documents`);
      newVersionId = documents.find((document: Json) => document.documentId === statement.documentId).versionId;
      expect(newVersionId).not.toBe(statement.versionId);
      expect(await saved.textContent()).toContain(`(${newVersionId})`);
      await saved.getByText(/Verification/).waitFor();
      expect(await saved.textContent()).toMatch(/passed/);
      expect(await saved.textContent()).toContain('other: 1');
      // The new version is what the reader shows now.
      await page.getByRole('tab', { name: statement.title, selected: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'day-09-redaction-saved');

      // pdftotext on the saved version's PDF.
      const response = await kit.api(token, `${versionPath(newVersionId)}/pdf`);
      expect(response.status).toBe(200);
      const folder = await mkdtemp(path.join(tmpdir(), 'lawyers-day-'));
      try {
        const file = path.join(folder, 'saved.pdf');
        await writeFile(file, Buffer.from(await response.arrayBuffer()));
        const result = await runProgram('pdftotext', ['-q', '-enc', 'UTF-8', file, '-'], { timeoutMs: 300_000, maxMemoryMb: 512 });
        expect(result.code).toBe(0);
        const text = result.stdout.toString('utf8');
        // Gone: the witness's surname everywhere it was suggested, and the word under the keyboard box.
        expect(text.toLowerCase()).not.toContain(witness.surname.toLowerCase());
        expect(text).not.toContain(keyboardWord.text);
        for (const word of removed) {
          if (!kept.some((other) => other.text.includes(word.text))) expect({ removed: word.text, found: text.includes(word.text) }).toEqual({ removed: word.text, found: false });
        }
        // Remains: every other word (pdftotext may join or reorder words of the rebuilt text layer, not lose them).
        const squeezed = text.replace(/\s+/g, '');
        const missing = kept.filter((word) => !squeezed.includes(word.text.replace(/\s+/g, '')));
        expect(missing.map((word) => word.text)).toEqual([]);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }

      // The session ended with the save: nobody holds the document any more.
      expect((await kit.api(token, `${versionPath(statement.versionId)}/redaction-session`)).status).toBe(404);

      // Last, the reader shows the redacted version: its first page painted (the screenshot again, painted).
      await pagePainted();
      await screenshot(page, 'day-09-redaction-saved');
    },
    STEP_CEILING_MS,
  );
});
