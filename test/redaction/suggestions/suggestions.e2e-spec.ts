import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedactionSuggestionsDto } from '../../../src/redaction/suggestions/redaction-suggestions.dto.js';
import { scoreSuggestions, type ScoredItem, type SuggestionScore } from '../../../src/redaction/suggestions/suggestion-scoring.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp, type TrackerJson } from '../../ingestion/helpers/ingestion-app.js';
import { eventually } from '../../helpers/eventually.js';

/** Case 1 (Northshire unit): alice.admin sees everything, bob.north the case without protected witnesses' details. */
const CASE_ID = '1';
/** A case nobody has refreshed in this test. */
const UNREFRESHED_CASE_ID = '2';

interface GroundTruth {
  known: boolean;
  items: ScoredItem[];
}

describe('redaction suggestions (e2e: stand-in → ingestion → suggestions, scored against the seed’s ground truth)', () => {
  let t: IngestionTestApp;
  let tracker: TrackerJson;
  const scored: { documentId: string; versionId: string; ocr: boolean; suggestions: RedactionSuggestionsDto; truth: GroundTruth }[] = [];

  const suggestionsPath = (caseId: string, documentId: string, versionId: string) =>
    `/api/v1/cases/${caseId}/documents/${documentId}/versions/${versionId}/redaction-suggestions`;

  const groundTruth = async (documentId: string, versionId: string): Promise<GroundTruth> => {
    const response = await fetch(`${t.standIn.adminUrl}/ground-truth/${CASE_ID}/${documentId}/${versionId}`, { headers: { 'x-admin-key': t.standIn.adminKey } });
    expect(response.status).toBe(200);
    return (await response.json()) as GroundTruth;
  };

  const score = (documents: typeof scored): SuggestionScore =>
    scoreSuggestions(documents.map((document) => ({ planted: document.truth.items, suggestions: document.suggestions.suggestions })));

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS });
    expect((await t.as('alice.admin', `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
    tracker = await t.waitUntilDone(CASE_ID, 'alice.admin');
    for (const document of tracker.documents) {
      if (document.status !== 'indexed' || document.parentDocumentId !== null) continue;
      const truth = await groundTruth(document.documentId, document.versionId);
      if (!truth.known) continue;
      const response = await t.as('alice.admin', suggestionsPath(CASE_ID, document.documentId, document.versionId));
      expect(response.status).toBe(200);
      scored.push({ documentId: document.documentId, versionId: document.versionId, ocr: (document.ocrPageCount ?? 0) > 0, suggestions: (await response.json()) as RedactionSuggestionsDto, truth });
    }
  }, WAIT_UNTIL_DONE_CEILING_MS + 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('meets recall ≥ 0.9 and precision ≥ 0.8 on the born-digital documents (statements, letters, DOCX, e-mails, text)', () => {
    const bornDigital = scored.filter((document) => !document.ocr && document.truth.items.length > 0);
    expect(bornDigital.length).toBeGreaterThanOrEqual(8);
    const result = score(bornDigital);
    process.stdout.write(
      `suggestions, case ${CASE_ID}, ${bornDigital.length} born-digital documents: ${JSON.stringify(result.overall)}\n` +
        `${result.categories.map((entry) => `  ${entry.category}: P=${entry.precision} R=${entry.recall} (${entry.truePositives}/${entry.suggested}, ${entry.found}/${entry.planted})`).join('\n')}\n` +
        `  missed: ${JSON.stringify(result.falseNegatives)}\n  wrong: ${JSON.stringify(result.falsePositives)}\n`,
    );
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.8);
  });

  it('finds something in every category the sample plants', () => {
    const result = score(scored.filter((document) => !document.ocr));
    expect(result.categories.filter((entry) => entry.planted > 0).length).toBeGreaterThanOrEqual(8);
    const missing = result.categories.filter((entry) => entry.planted > 0 && entry.found === 0).map((entry) => entry.category);
    expect(missing).toEqual([]);
  });

  it('answers boxes inside the page, in reading order, with the page size to scale them', () => {
    const statement = scored.find((document) => !document.ocr && document.truth.items.some((item) => item.category === 'dob'))!;
    const body = statement.suggestions;
    expect(body).toMatchObject({ caseId: CASE_ID, documentId: statement.documentId, versionId: statement.versionId, suggestionCount: body.suggestions.length });
    expect(body.suggestions.length).toBeGreaterThan(3);
    for (const suggestion of body.suggestions) {
      expect(['case-data', 'pattern', 'name-rules']).toContain(suggestion.source);
      expect(suggestion.personKey === null || /^person-\d+$/.test(suggestion.personKey)).toBe(true);
      expect(suggestion.confidence).toBeGreaterThan(0);
      expect(suggestion.confidence).toBeLessThanOrEqual(1);
      expect(suggestion.boxes.length).toBeGreaterThan(0);
      for (const box of suggestion.boxes) {
        expect(box.width).toBeGreaterThan(0);
        expect(box.x + box.width).toBeLessThanOrEqual(suggestion.pageWidth + 0.5);
        expect(box.y + box.height).toBeLessThanOrEqual(suggestion.pageHeight + 0.5);
      }
    }
    const order = body.suggestions.map((suggestion) => [suggestion.pageIndex, suggestion.boxes[0].y]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0]));
    const dob = body.suggestions.find((suggestion) => suggestion.category === 'dob')!;
    expect(statement.truth.items).toContainEqual({ category: 'dob', text: dob.text });
  });

  it('still suggests for a caller the legacy CMS withholds protected witnesses’ details from, and says what was withheld', async () => {
    const statement = scored.find((document) => !document.ocr && document.truth.items.length > 0)!;
    const response = await t.as('bob.north', suggestionsPath(CASE_ID, statement.documentId, statement.versionId));
    expect(response.status).toBe(200);
    const body = (await response.json()) as RedactionSuggestionsDto;
    expect(body.withheld.length).toBeGreaterThan(0);
    expect(body.withheld.join(' ')).not.toMatch(/\d{2}\/\d{2}\/\d{4}|@/);
    expect(body.suggestions.some((suggestion) => suggestion.category === 'phone')).toBe(true);
  });

  it('answers 409 DOCUMENT_NOT_INGESTED for a version not ingested yet, 404 for an unknown document, 400 for a bad id, 403 without access', async () => {
    const list = await t.as('alice.admin', `/api/v1/cases/${UNREFRESHED_CASE_ID}/documents`);
    expect(list.status).toBe(200);
    const [first] = ((await list.json()) as { documents: { documentId: string; versionId: string }[] }).documents;
    const notIngested = await t.as('alice.admin', suggestionsPath(UNREFRESHED_CASE_ID, first.documentId, first.versionId));
    expect(notIngested.status).toBe(409);
    expect(notIngested.headers.get('content-type')).toContain('application/problem+json');
    expect(((await notIngested.json()) as { code: string }).code).toBe('DOCUMENT_NOT_INGESTED');
    // The 409 started ingestion of the case: the tracker lists the document (sooner or later).
    let tracked: string[] = [];
    await eventually(async () => {
      tracked = ((await (await t.as('alice.admin', `/api/v1/cases/${UNREFRESHED_CASE_ID}/tracker`)).json()) as TrackerJson).documents.map((document) => document.documentId);
      return tracked.includes(first.documentId);
    }, 'the tracker to list the document', { intervalMs: 100 });
    expect(tracked).toContain(first.documentId);

    const unknown = await t.as('alice.admin', suggestionsPath(CASE_ID, '99999999', '1'));
    expect(unknown.status).toBe(404);
    expect((await t.as('alice.admin', suggestionsPath(CASE_ID, 'abc', '1'))).status).toBe(400);
    expect((await t.as('carol.none', suggestionsPath(CASE_ID, scored[0].documentId, scored[0].versionId))).status).toBe(403);
  });
});
