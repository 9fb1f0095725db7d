/* eslint-disable @typescript-eslint/no-unsafe-return -- test assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DevTokenIssuer } from '../../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { ROLES, type Role } from '../../../src/auth/roles.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
type Json = any;
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const CASE_ID = '1';
const USER = 'alice.admin';
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const tokensOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
/** The day `offset` days from an ISO instant the facade recorded (the save's `savedAt`), as YYYY-MM-DD. */
const dayFrom = (instant: string, offset: number) => new Date(Date.parse(instant) + offset * 86_400_000).toISOString().slice(0, 10);

describe('typed redactions and the redaction log (e2e: types, preview words, counts by type and page, agency entry, summary, proof)', () => {
  let t: IngestionTestApp;
  let statement: TrackerJson['documents'][number];
  let phone: string;
  let body: Json;
  let rectWords: string[];
  let keptWord: string;
  let previewed: Json;
  let entry: Json;

  const withRoles = async (roles: Role[]) => (await t.app.get(DevTokenIssuer, { strict: false }).issue({ username: USER, roles })).accessToken;
  const asRoles = async (roles: Role[], pathname: string, init: RequestInit = {}) =>
    fetch(`${t.base}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${await withRoles(roles)}`, 'content-type': 'application/json' } });
  const post = (pathname: string, payload: unknown) => t.as(USER, pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const redactions = () => `/api/v1/cases/${CASE_ID}/documents/${statement.documentId}/versions/${statement.versionId}/redactions`;
  const problem = async (response: Response) => [response.status, ((await response.json()) as Json).code];
  const fieldOf = async (response: Response) => {
    const json = (await response.json()) as Json;
    return [response.status, json.code, json.field ?? json.fields];
  };

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    expect((await t.as(USER, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    const tracker = await t.waitUntilDone(CASE_ID, USER);
    const bornDigital = tracker.documents.filter((document) => document.detectedType === 'application/pdf' && document.status === 'indexed' && document.ocrPageCount === 0 && document.childIndex === null);
    statement = bornDigital.find((document) => document.fileName.includes('MG11')) ?? bornDigital[0];
    const adminUrl = `${t.standIn.adminUrl}/ground-truth/${CASE_ID}/${statement.documentId}/${statement.versionId}`;
    const truth = (await (await fetch(adminUrl, { headers: { 'x-admin-key': t.standIn.adminKey } })).json()) as Json;
    phone = (truth.items as { category: string; text: string }[]).find((item) => item.category === 'phone')!.text;
    const text = (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/documents/${statement.documentId}/versions/${statement.versionId}/text`)).json()) as Json;
    const phoneTokens = new Set(tokensOf(phone));
    const page = text.pages[0];
    // A line of several words that has nothing of the phone number: the rectangle covers it.
    const line = (page.lines as Json[]).find((candidate) => candidate.words.length >= 2 && candidate.words.every((word: Json) => tokensOf(word.text).every((token) => !phoneTokens.has(token))))!;
    const rect: Box = line.box;
    rectWords = (page.lines as Json[]).flatMap((each) => each.words as Json[]).filter((word) => word.text.trim() !== '' && overlaps(word.box, rect)).map((word) => word.text as string);
    keptWord = (text.pages as Json[])
      .flatMap((each) => each.lines as Json[])
      .flatMap((each) => each.words as Json[])
      .map((word) => word.text as string)
      .find((word) => /^[A-Za-z]{6,}$/.test(word) && !rectWords.some((removed) => removed.toLowerCase() === word.toLowerCase()) && !phoneTokens.has(word.toLowerCase()))!;
    expect([rectWords.length > 1, keptWord === undefined]).toEqual([true, false]);
    body = {
      redactions: [{ pageIndex: 0, pageWidth: page.width, pageHeight: page.height, rects: [{ ...rect, redactionType: 'named-person' }] }],
      typedSearchTerms: [{ term: phone, redactionType: 'phone' }],
    };
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists the configured redaction types with labels', async () => {
    const types = (await (await t.as(USER, '/api/v1/redaction-types')).json()) as Json;
    expect(types.typeRequired).toBe(false);
    expect(types.types.map((type: Json) => type.id)).toEqual(['named-person', 'address', 'phone', 'date-of-birth', 'ni-number', 'email', 'vehicle', 'bank-details', 'other']);
    expect(types.types[0]).toEqual({ id: 'named-person', label: 'Named person' });
  });

  it('refuses an unknown type, `other` without its reason and a reason too long, naming the field (400 VALIDATION_FAILED)', async () => {
    const rect = { x: 10, y: 10, width: 50, height: 20 };
    const page = { pageIndex: 0, pageWidth: 612, pageHeight: 792 };
    expect(await fieldOf(await post(redactions(), { redactions: [{ ...page, rects: [rect, { ...rect, redactionType: 'shoe-size' }] }] }))).toEqual([400, 'VALIDATION_FAILED', 'redactions[0].rects[1].redactionType']);
    expect(await fieldOf(await post(`${redactions()}/preview/words`, { redactions: [{ ...page, rects: [{ ...rect, redactionType: 'other' }] }] }))).toEqual([400, 'VALIDATION_FAILED', 'redactions[0].rects[0].otherReason']);
    expect(await fieldOf(await post(`${redactions()}/preview`, { typedSearchTerms: [{ term: phone, redactionType: 'Phone!' }] }))).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('redactionType')]);
    expect(await problem(await post(redactions(), { redactions: [{ ...page, rects: [{ ...rect, redactionType: 'other', otherReason: 'x'.repeat(101) }] }] }))).toEqual([400, 'VALIDATION_FAILED']);
    const feedback = { agency: 'Met', underRedactions: [{ redactionType: 'shoe-size', count: 1 }], overRedactions: [], returnedToAgency: false };
    expect(await problem(await post(redactions(), { ...body, agencyFeedback: feedback }))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('previews the words that will be removed: those under the rectangle with its type, and every word of the phone number as phone', async () => {
    const response = await post(`${redactions()}/preview/words`, body);
    expect(response.status).toBe(200);
    previewed = (await response.json()) as Json;
    const words = (previewed.pages as Json[]).flatMap((page) => (page.words as Json[]).map((word) => ({ ...word, pageIndex: page.pageIndex })));
    expect(previewed.wordCount).toBe(words.length);
    expect(words.filter((word) => word.redactionType === 'named-person').map((word) => word.text)).toEqual(rectWords);
    const phoneWords = words.filter((word) => word.redactionType === 'phone');
    expect(phoneWords.length).toBeGreaterThanOrEqual(tokensOf(phone).length);
    const phoneTokens = new Set(tokensOf(phone));
    expect(phoneWords.every((word) => tokensOf(word.text).some((token) => phoneTokens.has(token)))).toBe(true);
    expect(previewed.deletedPages).toEqual([]);

    const pdf = await post(`${redactions()}/preview`, body);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Number(pdf.headers.get('x-redaction-box-count'))).toBe(previewed.boxCount);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('saves typed boxes: the log entry counts them by type and page, holds the agency entry, the verifier report and hashes, never the words', async () => {
    const agencyFeedback = {
      agency: 'Thames Valley Police',
      agencyUnit: 'CID',
      underRedactions: [{ redactionType: 'phone', count: 2 }],
      overRedactions: [{ redactionType: 'address', count: 1 }],
      returnedToAgency: true,
    };
    const response = await post(redactions(), { ...body, agencyFeedback });
    const saved = (await response.json()) as Json;
    expect(response.status === 201 ? 201 : saved).toBe(201);
    const log = (await (await t.as(USER, `/api/v1/cases/${CASE_ID}/redaction-log`)).json()) as Json;
    entry = (log.entries as Json[]).find((candidate) => candidate.newVersionId === saved.newVersionId);
    const phoneBoxes = previewed.boxCount - 1;
    expect(entry.byType).toEqual([
      { redactionType: 'named-person', count: 1 },
      { redactionType: 'phone', count: phoneBoxes },
    ]);
    expect((entry.byPage as Json[]).reduce((sum, page) => sum + page.boxCount, 0)).toBe(previewed.boxCount);
    expect(entry.byPage[0]).toMatchObject({ pageIndex: 0, byType: expect.arrayContaining([{ redactionType: 'named-person', count: 1 }]) });
    expect(entry.agencyFeedback).toEqual(agencyFeedback);
    expect(entry.verification).toMatchObject({ ok: true, failureCount: 0, boxesChecked: previewed.boxCount, wordsUnderBoxes: previewed.wordCount });
    expect(entry.removedWords).toMatchObject({ algorithm: 'hmac-sha256-128', wordCount: previewed.wordCount, truncated: false });
    expect(entry.unitId).toEqual(expect.any(String));
    const serialised = JSON.stringify(log);
    expect(serialised).not.toContain(phone);
    for (const word of rectWords.filter((each) => each.length >= 4)) expect(serialised).not.toContain(word);
    expect(serialised).not.toMatch(/salt|hashes/);
  }, WAIT_UNTIL_DONE_CEILING_MS);

  it('proves a removed word was removed and one that stayed was not; for auditors only, 404 for an unknown entry', async () => {
    const prove = (entryId: string, roles: Role[], candidates: string[]) =>
      asRoles(roles, `/api/v1/cases/${CASE_ID}/redaction-log/${encodeURIComponent(entryId)}/prove`, { method: 'POST', body: JSON.stringify({ candidates }) });
    const phoneToken = tokensOf(phone).sort((a, b) => b.length - a.length)[0];
    const response = await prove(entry.entryId, [ROLES.auditor], [phoneToken, keptWord, rectWords[0].toUpperCase()]);
    expect(response.status).toBe(200);
    const proof = (await response.json()) as Json;
    expect(proof).toMatchObject({ caseId: CASE_ID, entryId: entry.entryId, provable: true, reason: null, truncated: false });
    expect(proof.results.map((result: Json) => [result.index, result.matched])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect(proof.results[0].occurrences).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(proof)).not.toContain(keptWord);
    expect(await problem(await prove(entry.entryId, [ROLES.caseworker], [keptWord]))).toEqual([403, 'FORBIDDEN']);
    expect(await problem(await prove('2026-01-01T00:00:00.000Z-000000-0000000000', [ROLES.admin], [keptWord]))).toEqual([404, 'REDACTION_LOG_ENTRY_NOT_FOUND']);
    expect(await problem(await prove(entry.entryId, [ROLES.auditor], []))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('summarises the log for management: by type, by unit, under/over-redaction by agency, within the dates and unit asked', async () => {
    const summary = async (query: string, roles: Role[] = [ROLES.management]) => asRoles(roles, `/api/v1/redaction-log/summary${query}`);
    const day = (offset: number) => dayFrom(entry.savedAt as string, offset);
    const response = await summary(`?from=${day(-1)}&to=${day(1)}`);
    expect(response.status).toBe(200);
    const figures = (await response.json()) as Json;
    const phoneBoxes = previewed.boxCount - 1;
    expect(figures).toMatchObject({ from: day(-1), to: day(1), unit: null, redactions: 1, boxCount: entry.boxCount });
    expect(figures.byType).toEqual([
      { redactionType: 'named-person', count: 1 },
      { redactionType: 'phone', count: phoneBoxes },
    ]);
    expect(figures.byUnit).toEqual([{ unitId: entry.unitId, unitName: entry.unitName, redactions: 1, boxCount: entry.boxCount, byType: figures.byType }]);
    expect(figures.byAgency).toEqual([
      {
        agency: 'Thames Valley Police',
        documents: 1,
        returnedToAgency: 1,
        underRedacted: [{ redactionType: 'phone', count: 2 }],
        overRedacted: [{ redactionType: 'address', count: 1 }],
        underRedactedTotal: 2,
        overRedactedTotal: 1,
      },
    ]);
    expect(((await (await summary(`?unit=${encodeURIComponent(entry.unitId)}`)).json()) as Json).redactions).toBe(1);
    expect(((await (await summary('?unit=no-such-unit')).json()) as Json).redactions).toBe(0);
    expect(((await (await summary('?from=2020-01-01&to=2020-01-31', [ROLES.admin])).json()) as Json).redactions).toBe(0);
    expect(await problem(await summary('?from=2026-13-01'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await problem(await summary('?from=2026-02-30'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await problem(await summary(`?from=${day(1)}&to=${day(-1)}`))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await problem(await summary('?from=2020-01-01&to=2026-01-01'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await problem(await summary('', [ROLES.caseworker]))).toEqual([403, 'FORBIDDEN']);
  });
});
