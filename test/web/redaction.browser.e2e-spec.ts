import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../helpers/eventually.js';
import { PATIENT_SANDBOX_TIMEOUT_MS } from '../ingestion/helpers/ingestion-app.js';
import { axeViolations, screenshot, startWebE2e, type WebE2e } from './web-e2e-kit.js';

/** Waits until the element reads `expected` (React renders after the key or click resolves); fails with what it read last. */
async function expectText(locator: Locator, expected: string): Promise<void> {
  await eventually(async () => (await locator.textContent()) === expected, `“${expected}”`, { state: () => locator.textContent() });
}

/** Case 1 (Northshire unit): alice.admin redacts; bob.north (same unit) sees her lock. */
const CASE_ID = '1';
const HOLDER = 'alice.admin';
const OTHER = 'bob.north';
/** Ingestion of a whole case on a loaded machine: a ceiling, never asserted. */
const INGESTION_CEILING_MS = 900_000;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface TextWord {
  text: string;
  box: Box;
}
interface TextPage {
  pageIndex: number;
  width: number;
  height: number;
  lines: { text: string; words: TextWord[] }[];
}
interface Suggestion {
  category: string;
  text: string;
  pageIndex: number;
  boxes: Box[];
  personKey: string | null;
}
interface Target extends TextWord {
  lineIndex: number;
  wordIndex: number;
}

const normal = (text: string) => text.toLowerCase();
const touches = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const collapse = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();
const wordsOf = (text: string) => new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(normal));

let kit: WebE2e;
let token: string;
let statement: { documentId: string; versionId: string; title: string };
let pages: TextPage[];
let suggestions: Suggestion[];
let types: { id: string; label: string }[];
let holder: Page;
/** The words the test redacts, by how; and words that must survive. */
const chosen: { mouse?: Target; keyboard?: Target; selection: Target[]; category?: string; keep: Target[] } = { selection: [], keep: [] };

const versionPath = () => `/cases/${CASE_ID}/documents/${statement.documentId}/versions/${statement.versionId}`;

async function openStatementInRedactTab(page: Page): Promise<void> {
  await page.goto(`${kit.base}/#/cases/${CASE_ID}`);
  await page.getByRole('button', { name: statement.title, exact: true }).click();
  await page.locator('.pdf-page[data-page-index="0"] canvas').waitFor();
  await page.getByRole('tab', { name: 'Redact' }).click();
}

/** Where a point of page 0 (PDF points) is on the screen. */
async function screenPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const bounds = (await page.locator('.pdf-page[data-page-index="0"]').boundingBox())!;
  const scale = bounds.width / pages[0].width;
  return { x: bounds.x + x * scale, y: bounds.y + y * scale };
}

/** axe over the whole page, reader and tools included. */
function violations(page: Page): Promise<string[]> {
  return axeViolations(page);
}

const redactionCount = async (page: Page) => Number(/\((\d+)\)/.exec((await page.getByRole('heading', { name: /^Redactions \(/ }).textContent()) ?? '')?.[1]);

beforeAll(async () => {
  kit = await startWebE2e({ OCR: 'off', INGESTION_COVERED_TEXT: 'off', SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, CASE_ACCESS_CACHE_MS: '0' });
  token = await kit.tokenFor(HOLDER);
  const listed = (await (await kit.api(token, `/cases/${CASE_ID}/documents`)).json()) as { documents: { documentId: string; versionId: string; title: string; parentDocumentId: string | null }[] };
  const found = listed.documents.find((document) => document.parentDocumentId === null && document.title.startsWith('MG11 Statement of'));
  expect(found).toBeDefined();
  statement = { documentId: found!.documentId, versionId: found!.versionId, title: found!.title };
  expect((await kit.api(token, `/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
  // Redaction needs the statement ingested (its PDF and words); the rest of the case may still be on its way.
  await eventually(
    async () => {
      const tracker = (await (await kit.api(token, `/cases/${CASE_ID}/tracker`)).json()) as { documents: { documentId: string; versionId: string; status: string }[] };
      return tracker.documents.some((document) => document.documentId === statement.documentId && document.versionId === statement.versionId && document.status === 'indexed');
    },
    'the statement to be indexed',
    { ceilingMs: INGESTION_CEILING_MS, intervalMs: 500 },
  );
  pages = ((await (await kit.api(token, `${versionPath()}/text`)).json()) as { pages: TextPage[] }).pages;
  types = ((await (await kit.api(token, '/redaction-types')).json()) as { types: { id: string; label: string }[] }).types;
  suggestions = ((await (await kit.api(token, `${versionPath()}/redaction-suggestions`)).json()) as { suggestions: Suggestion[] }).suggestions;

  // Words that occur once in the document and under no suggestion: redacting one shows in pdftotext's output.
  const counts = new Map<string, number>();
  for (const page of pages) for (const line of page.lines) for (const word of line.words) counts.set(normal(word.text), (counts.get(normal(word.text)) ?? 0) + 1);
  const candidates: Target[] = pages[0].lines.flatMap((line, lineIndex) =>
    line.words
      .map((word, wordIndex) => ({ ...word, lineIndex, wordIndex }))
      .filter((word) => /^[A-Za-z]{5,}$/.test(word.text) && counts.get(normal(word.text)) === 1 && word.box.y > 40 && word.box.y < 420 && !suggestions.some((each) => each.pageIndex === 0 && each.boxes.some((box) => touches(box, word.box)))),
  );
  const byLine = new Map<number, Target[]>();
  for (const candidate of candidates) byLine.set(candidate.lineIndex, [...(byLine.get(candidate.lineIndex) ?? []), candidate]);
  const pair = [...byLine.values()].map((line) => line.find((word, at) => line[at + 1]?.wordIndex === word.wordIndex + 1)).find((word) => word !== undefined);
  if (pair !== undefined) chosen.selection = [pair, byLine.get(pair.lineIndex)!.find((word) => word.wordIndex === pair.wordIndex + 1)!];
  const otherLines = [...byLine.entries()].filter(([lineIndex]) => lineIndex !== pair?.lineIndex);
  // One word per line for each way of drawing, so no box touches another's word.
  [chosen.mouse, chosen.keyboard] = otherLines.slice(0, 2).map(([, words]) => words[0]);
  chosen.keep = otherLines.slice(2, 5).map(([, words]) => words.at(-1)!);
  const categories = new Map<string, number>();
  for (const suggestion of suggestions) categories.set(suggestion.category, (categories.get(suggestion.category) ?? 0) + 1);
  chosen.category = ['phone', 'email', 'postcode', 'dob', 'address', 'name'].find((category) => categories.has(category));
  expect(chosen.mouse).toBeDefined();
  expect(chosen.keyboard).toBeDefined();
  expect(chosen.selection).toHaveLength(2);
  expect(chosen.keep.length).toBeGreaterThanOrEqual(2);
  expect(chosen.category).toBeDefined();
}, INGESTION_CEILING_MS + 120_000);

afterAll(async () => {
  await kit?.close();
});

describe('the web app: redacting a document (session, drawing by mouse, keyboard and text, suggestions, draft, preview, verified save)', () => {
  it('starts a session; the draft status is announced; no axe violations', async () => {
    ({ page: holder } = await kit.signedInPage(HOLDER));
    await openStatementInRedactTab(holder);
    await holder.getByRole('button', { name: 'Start redacting' }).click();
    await holder.getByText('You are redacting this document').waitFor();
    expect(await holder.getByRole('status').filter({ hasText: 'Draft saved' }).count()).toBe(1);
    const session = (await (await kit.api(token, `${versionPath()}/redaction-session`)).json()) as { holder: string; heldByCaller: boolean };
    expect(session).toMatchObject({ holder: HOLDER, heldByCaller: true });
    await holder.getByRole('heading', { name: /^Suggestions$/ }).waitFor();
    await holder.locator('.redaction-suggestion-group').first().waitFor();
    await screenshot(holder, 'redact-01-session-started');
    expect(await violations(holder)).toEqual([]);
  });

  it('a second user sees the lock (who, until when) and cannot start drawing', async () => {
    const { page } = await kit.signedInPage(OTHER);
    await openStatementInRedactTab(page);
    const lock = page.locator('.redaction-lock');
    await lock.waitFor();
    expect(await lock.textContent()).toMatch(new RegExp(`Checked out by ${HOLDER} until \\d{2}:\\d{2}`));
    expect(await page.getByRole('button', { name: 'Start redacting' }).count()).toBe(0);
    expect(await page.getByRole('application').count()).toBe(0);
    await screenshot(page, 'redact-02-locked-for-another-user');
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('draws a box with the mouse and one with the keyboard, each saved to the draft', async () => {
    await holder.getByRole('radio', { name: 'Draw boxes' }).check();
    const mouse = chosen.mouse!;
    const from = await screenPoint(holder, mouse.box.x + 1, mouse.box.y + 1);
    const to = await screenPoint(holder, mouse.box.x + mouse.box.width - 1, mouse.box.y + mouse.box.height - 1);
    await holder.mouse.move(from.x, from.y);
    await holder.mouse.down();
    await holder.mouse.move(to.x, to.y, { steps: 8 });
    await holder.mouse.up();
    await holder.getByRole('heading', { name: 'Redactions (1)' }).waitFor();
    await holder.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    const drawn = ((await (await kit.api(token, `${versionPath()}/redaction-session`)).json()) as { draft: { boxes: { rect: Box }[] } }).draft.boxes[0].rect;
    expect({ drawn, inside: touches(drawn, mouse.box) }).toEqual({ drawn, inside: true });

    // By keyboard: the crosshair starts at the page's top-left corner and moves 2 pt a press (20 with Ctrl).
    const key = chosen.keyboard!;
    const left = Math.ceil((key.box.x + 0.5) / 2) * 2;
    const top = Math.ceil((key.box.y + 0.5) / 2) * 2;
    const width = Math.floor((key.box.x + key.box.width - 0.5 - left) / 2) * 2;
    const height = Math.floor((key.box.y + key.box.height - 0.5 - top) / 2) * 2;
    expect(width).toBeGreaterThanOrEqual(2);
    expect(height).toBeGreaterThanOrEqual(2);
    const surface = holder.getByRole('application', { name: 'Draw redaction boxes on page 1' });
    await surface.focus();
    const press = async (key: string, times: number) => {
      for (let i = 0; i < times; i += 1) await holder.keyboard.press(key);
    };
    await press('Control+ArrowRight', Math.floor(left / 20));
    await press('ArrowRight', (left % 20) / 2);
    await press('Control+ArrowDown', Math.floor(top / 20));
    await press('ArrowDown', (top % 20) / 2);
    await expectText(surface.getByRole('status'), `Crosshair at ${left}, ${top} points`);
    await holder.keyboard.press('Enter');
    await press('Shift+ArrowRight', width / 2);
    await press('Shift+ArrowDown', height / 2);
    await expectText(surface.getByRole('status'), `Box ${width} by ${height} points`);
    await screenshot(holder, 'redact-03-drawing-by-keyboard');
    expect(await violations(holder)).toEqual([]);
    await holder.keyboard.press('Enter');
    await holder.getByRole('heading', { name: 'Redactions (2)' }).waitFor();
    await holder.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    const draft = (await (await kit.api(token, `${versionPath()}/redaction-session`)).json()) as { draft: { boxes: { rect: Box; redactionType: string }[] } };
    expect(draft.draft.boxes).toHaveLength(2);
    expect(draft.draft.boxes[1]).toMatchObject({ rect: { x: left, y: top, width, height }, redactionType: 'named-person' });
    expect(touches(draft.draft.boxes[0].rect, mouse.box)).toBe(true);
  });

  it('selects two words by clicking and Shift+clicking, and redacts the selection', async () => {
    await holder.getByRole('radio', { name: 'Select text' }).check();
    const [first, second] = chosen.selection;
    const a = await screenPoint(holder, first.box.x + first.box.width / 2, first.box.y + first.box.height / 2);
    const b = await screenPoint(holder, second.box.x + second.box.width / 2, second.box.y + second.box.height / 2);
    await holder.mouse.click(a.x, a.y);
    await holder.keyboard.down('Shift');
    await holder.mouse.click(b.x, b.y);
    await holder.keyboard.up('Shift');
    await holder.getByText(`2 words selected on page 1: ${first.text} ${second.text}`).waitFor();
    await holder.getByRole('button', { name: 'Redact selection' }).click();
    await holder.getByRole('heading', { name: 'Redactions (4)' }).waitFor();
    // By keyboard: Home goes to the page's first word, Shift+ArrowRight extends to the next; Escape clears.
    const words = pages[0].lines.flatMap((line) => line.words);
    const surface = holder.getByRole('application', { name: 'Select words to redact on page 1' });
    await surface.focus();
    await holder.keyboard.press('Home');
    await holder.keyboard.press('Shift+ArrowRight');
    await expectText(surface.getByRole('status'), `2 words selected: ${words[0].text} ${words[1].text}`);
    await holder.keyboard.press('Escape');
    await expectText(surface.getByRole('status'), 'No words selected');
    expect(await holder.getByText(`Page 1: word “${first.text}”`).count()).toBe(1);
  });

  it('rotates and deletes pages in the draft (and undoes a change)', async () => {
    await holder.getByLabel(/^Page \(1–/).fill('1');
    await holder.getByRole('button', { name: 'Rotate 90° clockwise' }).click();
    await holder.getByRole('button', { name: 'Rotate 90° clockwise' }).click();
    await holder.getByText('Page 1: rotated 180° clockwise').waitFor();
    await expectText(holder.locator('.pdf-page[data-page-index="0"] .redaction-page-change'), 'This page will be rotated 180° clockwise');
    await holder.getByRole('button', { name: 'Undo the change to page 1' }).click();
    await eventually(async () => (await holder.getByText('Page 1: rotated').count()) === 0, 'the rotation of page 1 undone');
    if (pages.length > 1) {
      await holder.getByLabel(/^Page \(1–/).fill(String(pages.length));
      await holder.getByRole('button', { name: 'Delete page' }).click();
      await holder.getByText(`Page ${pages.length}: deleted`).waitFor();
    }
    await holder.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
  });

  it('accepts every suggestion of a category; they become typed boxes', async () => {
    const before = await redactionCount(holder);
    const category = chosen.category!;
    const wanted = suggestions.filter((suggestion) => suggestion.category === category);
    const group = holder.locator('.redaction-suggestion-group').filter({ has: holder.locator(`#suggestions-${category}`) });
    await group.getByRole('button', { name: /^Accept all / }).click();
    await expectText(group.locator('.redaction-counts').first(), `${wanted.length} accepted, 0 to review`);
    const boxes = wanted.reduce((sum, suggestion) => sum + suggestion.boxes.length, 0);
    await holder.getByRole('heading', { name: `Redactions (${before + boxes})` }).waitFor();
    await holder.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    await screenshot(holder, 'redact-04-suggestions-accepted');
    expect(await violations(holder)).toEqual([]);
  });

  it('accepts everything left about one person with one keyboard-operable button, under the person’s name', async () => {
    const before = await redactionCount(holder);
    // The person with the most suggestions left once the category above was accepted, called by their longest name.
    const left = suggestions.filter((suggestion) => suggestion.personKey !== null && suggestion.category !== chosen.category);
    const keys = [...new Set(left.map((suggestion) => suggestion.personKey!))].filter((key) => suggestions.some((each) => each.personKey === key && each.category === 'name'));
    expect(keys.length).toBeGreaterThan(0);
    const key = keys.reduce((best, each) => (left.filter((suggestion) => suggestion.personKey === each).length > left.filter((suggestion) => suggestion.personKey === best).length ? each : best));
    const theirs = left.filter((suggestion) => suggestion.personKey === key);
    const name = suggestions.filter((suggestion) => suggestion.personKey === key && suggestion.category === 'name').reduce((longest, each) => (each.text.length > longest.length ? each.text : longest), '');
    const people = holder.getByRole('region', { name: /^By person/ });
    const button = people.getByRole('button', { name: `Accept all for ${name} (${theirs.length})` });
    await button.focus();
    await holder.keyboard.press('Enter');
    await button.waitFor({ state: 'detached' });
    const boxes = theirs.reduce((sum, suggestion) => sum + suggestion.boxes.length, 0);
    await holder.getByRole('heading', { name: `Redactions (${before + boxes})` }).waitFor();
    await holder.getByRole('status').filter({ hasText: /Draft saved at/ }).waitFor();
    expect(await violations(holder)).toEqual([]);
  });

  it('keeps the draft over a page reload (a server-side draft, not the browser’s)', async () => {
    const count = await redactionCount(holder);
    await holder.reload();
    await openStatementInRedactTab(holder);
    await holder.getByText('You are redacting this document').waitFor();
    expect(await redactionCount(holder)).toBe(count);
    expect(await holder.locator('.pdf-page[data-page-index="0"] .redaction-box').count()).toBeGreaterThanOrEqual(4);
  });

  it('a draft changed on another device meanwhile (412) is reloaded, and the user is told', async () => {
    const session = (await (await kit.api(token, `${versionPath()}/redaction-session`)).json()) as { draft: { boxes: unknown[]; words: unknown[]; pageModifications: unknown[] }; draftEtag: string };
    // The other device adds a box in the page's top-left margin, where there is no text.
    const margin = { pageIndex: 0, pageWidth: pages[0].width, pageHeight: pages[0].height, rect: { x: 2, y: 2, width: 6, height: 4 }, redactionType: 'named-person' };
    const elsewhere = await kit.api(token, `${versionPath()}/redaction-session/draft`, { method: 'PUT', body: { ...session.draft, boxes: [...session.draft.boxes, margin] }, headers: { 'if-match': session.draftEtag } });
    expect(elsewhere.status).toBe(200);
    const count = await redactionCount(holder);
    // This tab, with the old ETag, rotates a page: its write is refused, and the other device's draft shown instead.
    await holder.getByLabel(/^Page \(1–/).fill('1');
    await holder.getByRole('button', { name: 'Rotate 90° clockwise' }).click();
    await holder.getByRole('status').filter({ hasText: 'Your draft was changed in another tab or on another device' }).waitFor();
    await holder.getByRole('heading', { name: `Redactions (${count + 1})` }).waitFor();
    await eventually(async () => (await holder.getByText('Page 1: rotated').count()) === 0, 'the rotation of page 1 undone');
  });

  it('previews the words to be removed, per page with their type', async () => {
    await holder.getByRole('button', { name: 'Preview the words to be removed' }).click();
    const preview = holder.locator('.redaction-preview');
    await preview.waitFor();
    const listed = await preview.locator('.redaction-preview-word').allTextContents();
    for (const word of [chosen.mouse!, chosen.keyboard!, ...chosen.selection]) expect(listed).toContain(word.text);
    for (const word of chosen.keep) expect(listed).not.toContain(word.text);
    const total = /^(\d+) words will be removed$/.exec((await preview.getByRole('heading', { level: 4 }).textContent()) ?? '');
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(listed.length);
    const namedPerson = types.find((type) => type.id === 'named-person')!.label;
    expect(await preview.locator('li').filter({ has: holder.locator('.redaction-preview-word', { hasText: new RegExp(`^${chosen.mouse!.text}$`) }) }).textContent()).toBe(`${chosen.mouse!.text} (${namedPerson})`);
    await screenshot(holder, 'redact-05-preview-words');
    expect(await violations(holder)).toEqual([]);
  });

  it('saves (verified) with the agency’s under-redaction entry, opens the new version and shows its log entry; pdftotext finds the redacted words gone and the rest kept', async () => {
    const namedPerson = types.find((type) => type.id === 'named-person')!.label;
    await holder.getByText('Under- or over-redaction by the agency (optional)').click();
    await holder.getByLabel('Agency that supplied the document').fill('Thames Valley Police');
    await holder.getByLabel(`${namedPerson}: missed by the agency`).fill('2');
    await holder.getByLabel('Returned to the agency').check();
    expect(await violations(holder)).toEqual([]);
    await holder.getByRole('button', { name: 'Save redacted version' }).click();
    await holder.getByRole('heading', { name: 'Redaction saved' }).waitFor();
    await holder.getByRole('heading', { name: 'Redaction log entry' }).waitFor();
    const listed = (await (await kit.api(token, `/cases/${CASE_ID}/documents`)).json()) as { documents: { documentId: string; versionId: string }[] };
    const newVersionId = listed.documents.find((document) => document.documentId === statement.documentId)!.versionId;
    expect(newVersionId).not.toBe(statement.versionId);
    expect(await holder.locator('.redaction-saved').textContent()).toContain(`(${newVersionId})`);
    expect(await holder.locator('.redaction-log').textContent()).toMatch(/Verificationpassed/);
    expect(await holder.locator('.redaction-log').textContent()).toContain('Thames Valley Police: under named-person 2; over none; returned to the agency');
    const log = (await (await kit.api(token, `/cases/${CASE_ID}/redaction-log`)).json()) as { entries: { newVersionId: string; agencyFeedback?: unknown }[] };
    expect(log.entries.find((entry) => entry.newVersionId === newVersionId)?.agencyFeedback).toEqual({ agency: 'Thames Valley Police', underRedactions: [{ redactionType: 'named-person', count: 2 }], overRedactions: [], returnedToAgency: true });
    if (pages.length > 1) expect(await holder.locator('.redaction-log').textContent()).toContain(`delete:${pages.length - 1}`);
    // The reader shows the new version; nobody holds the document now.
    await holder.getByText('Nobody is redacting this document').waitFor();
    await screenshot(holder, 'redact-06-saved');
    expect(await violations(holder)).toEqual([]);

    const pdf = await kit.api(token, `/cases/${CASE_ID}/documents/${statement.documentId}/versions/${newVersionId}/pdf`);
    expect(pdf.status).toBe(200);
    const folder = await mkdtemp(path.join(tmpdir(), 'redacted-'));
    try {
      const file = path.join(folder, 'redacted.pdf');
      await writeFile(file, Buffer.from(await pdf.arrayBuffer()));
      const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
      const remaining = wordsOf(stdout);
      for (const word of [chosen.mouse!, chosen.keyboard!, ...chosen.selection]) expect(remaining.has(normal(word.text))).toBe(false);
      const flat = collapse(stdout);
      for (const suggestion of suggestions.filter((each) => each.category === chosen.category)) expect(flat).not.toContain(collapse(suggestion.text));
      for (const word of chosen.keep) expect(remaining.has(normal(word.text))).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
