import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSeedModel } from '../../src/stand-in/seed/seed-model.js';
import { eventually } from '../helpers/eventually.js';
import { PATIENT_SANDBOX_TIMEOUT_MS, startIngestionTestApp, WAIT_UNTIL_DONE_CEILING_MS, type IngestionTestApp } from '../ingestion/helpers/ingestion-app.js';
import { createCaseworkClient, dataOf, type CaseworkClient, type Schemas } from './casework-client.js';

/**
 * One lawyer's day through the generated client (openapi-fetch over the types generated from
 * openapi.yaml) against the real app and the legacy CMS stand-in: every call and every field below
 * is type-checked against the contract, and every response is checked against it at run time too
 * (the ingestion test app checks its traffic). No cast anywhere, not even to read a 409.
 */
const LAWYER = 'bob.north';
/** A case of Bob's unit, with born-digital witness statements. */
const CASE_URN = buildSeedModel().cases.find((record) => record.caseId === 1)!.urn;

describe('a lawyer’s workflow through the generated client (e2e)', () => {
  let t: IngestionTestApp;
  let client: CaseworkClient;

  beforeAll(async () => {
    t = await startIngestionTestApp({ SANDBOX_TIMEOUT_MS: PATIENT_SANDBOX_TIMEOUT_MS, SANDBOX_MEMORY_MB: '1024' });
    client = createCaseworkClient(t.base, await t.token(LAWYER));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the case, refreshes it, searches it, redacts what the suggestions point at and reads the redaction log', async () => {
    // Find the case by its URN (lower case is accepted).
    const found = dataOf(await client.GET('/api/v1/cases', { params: { query: { urn: CASE_URN.toLowerCase() } } }));
    expect(found.cases.map((ref) => ref.urn)).toEqual([CASE_URN]);
    const caseId = found.cases[0].caseId;
    const path = { caseId };

    // List its documents.
    const { documents } = dataOf(await client.GET('/api/v1/cases/{caseId}/documents', { params: { path } }));
    expect(documents.length).toBeGreaterThan(0);

    // Refresh it, and wait for the tracker to say every document is indexed or failed.
    const refresh = await client.POST('/api/v1/cases/{caseId}/refresh', { params: { path } });
    expect(refresh.response.status).toBe(202);
    let tracker: Schemas['CaseTrackerDto'] = dataOf(refresh);
    await eventually(
      async () => {
        tracker = dataOf(await client.GET('/api/v1/cases/{caseId}/tracker', { params: { path } }));
        return tracker.status === 'done';
      },
      `case ${caseId} ingested`,
      { ceilingMs: WAIT_UNTIL_DONE_CEILING_MS, intervalMs: 200, state: () => tracker.progress },
    );
    expect(tracker.progress.indexed).toBeGreaterThan(0);

    // Search for the witness statements; take one whose text came from its text layer.
    const result = dataOf(await client.GET('/api/v1/cases/{caseId}/search', { params: { path, query: { q: '"witness statement"' } } }));
    const bornDigital = new Set(tracker.documents.filter((document) => document.status === 'indexed' && document.ocrPageCount === 0).map((document) => document.documentId));
    const statement = result.documents.find((document) => bornDigital.has(document.documentId));
    if (statement === undefined) throw new Error(`no born-digital statement among ${result.documents.map((document) => document.documentId).join(', ')}`);
    expect(documents.map((document) => document.documentId)).toContain(statement.documentId);
    const version = { caseId, documentId: statement.documentId, versionId: statement.versionId };

    // Ask for redaction suggestions, and redact the phone numbers (or whatever came first) with their boxes.
    const suggested = dataOf(await client.GET('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-suggestions', { params: { path: version } }));
    expect(suggested.suggestionCount).toBe(suggested.suggestions.length);
    const phones = suggested.suggestions.filter((suggestion) => suggestion.category === 'phone');
    const chosen = phones.length > 0 ? phones : suggested.suggestions.slice(0, 1);
    expect(chosen.length).toBeGreaterThan(0);
    const redactions: Schemas['PageRedactionDto'][] = chosen.map((suggestion) => ({
      pageIndex: suggestion.pageIndex,
      pageWidth: suggestion.pageWidth,
      pageHeight: suggestion.pageHeight,
      rects: suggestion.boxes.map(({ x, y, width, height }) => ({ x, y, width, height })),
    }));
    const created = await client.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redactions', {
      params: { path: version },
      body: { redactions, reasonCodes: ['PII'] },
    });
    expect(created.response.status).toBe(201);
    const saved = dataOf(created);
    expect(saved).toMatchObject({ documentId: statement.documentId, oldVersionId: statement.versionId });
    expect(saved.boxCount).toBeGreaterThanOrEqual(chosen.length);

    // Read the redaction log.
    const log = dataOf(await client.GET('/api/v1/cases/{caseId}/redaction-log', { params: { path } }));
    expect(log.entries.find((entry) => entry.newVersionId === saved.newVersionId)).toMatchObject({
      documentId: statement.documentId,
      oldVersionId: statement.versionId,
      savedBy: LAWYER,
      reasonCodes: ['PII'],
      boxCount: saved.boxCount,
    });

    // Redacting the old version again is a 409 that names the current version: typed, no cast.
    const stale = await client.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redactions', {
      params: { path: version },
      body: { redactions },
    });
    expect(stale.response.status).toBe(409);
    const problem = stale.error;
    if (problem?.code !== 'DOCUMENT_VERSION_NOT_CURRENT') throw new Error(`expected DOCUMENT_VERSION_NOT_CURRENT, got ${JSON.stringify(problem)}`);
    expect(problem.currentVersionId).toBe(saved.newVersionId);
    expect(problem.correlationId).toBe(stale.response.headers.get('x-correlation-id'));
  });
});
