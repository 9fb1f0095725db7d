import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { blobKeys } from '../../src/ingestion/blob-keys.js';
import { StaleIfErrorService } from '../../src/legacy/resilience/stale-if-error.service.js';
import { SEARCH_INDEX, type SearchIndex } from '../../src/search/search-index.port.js';
import { BLOB_STORE, type BlobStore } from '../../src/storage/blob/blob-store.port.js';
import { StranglerMetrics } from '../../src/strangler/strangler-metrics.js';
import { SteerableClock } from '../helpers/steerable-clock.js';
import { startIngestionTestApp, type IngestionTestApp } from '../ingestion/helpers/ingestion-app.js';
import { lineOf } from '../search/search-index.contract-suite.js';

/**
 * Stale-if-error against the real stand-in with an injected outage (ADR 0014): the app under test checks every
 * response against openapi.yaml, so the Warning and X-Data-Age headers of a stale answer are checked there too.
 * bob.north may see case 1 (unit 11), dave.south may not; alice.admin sees everything.
 */
const HOUR = 3_600_000;
const CASE = '1';
const NEVER_READ_CASE = '2';
/** Already ingested: seeded through the app's own SearchIndex and BlobStore (the converters are not what is tested here). */
const INGESTED = { documentId: '900001', versionId: '900002' };
const METADATA_READS = ['', '/defendants', '/witnesses', '/documents', '/notes'].map((suffix) => `/api/v1/cases/${CASE}${suffix}`);
const STALE_WARNING = '110 - "Response is Stale"';

describe('stale-if-error reads during a legacy outage (e2e)', () => {
  const clock = new SteerableClock();
  let t: IngestionTestApp;
  const before = new Map<string, unknown>();

  const outage = async (on: boolean): Promise<void> => {
    const response = await fetch(`${t.standIn.adminUrl}/faults`, {
      method: on ? 'PUT' : 'DELETE',
      headers: { 'x-admin-key': t.standIn.adminKey, 'content-type': 'application/json' },
      body: on ? JSON.stringify({ target: 'all', outage: true }) : undefined,
    });
    expect(response.status).toBe(200);
  };
  const setFault = async (settings: Record<string, unknown>): Promise<void> => {
    const response = await fetch(`${t.standIn.adminUrl}/faults`, {
      method: 'PUT',
      headers: { 'x-admin-key': t.standIn.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(response.status).toBe(200);
  };
  const settled = (): Promise<void> => t.app.get(StaleIfErrorService, { strict: false }).settled();
  const search = (username: string) => t.as(username, `/api/v1/cases/${CASE}/search?q=knife`);
  const pdf = (username: string) => t.as(username, `/api/v1/cases/${CASE}/documents/${INGESTED.documentId}/versions/${INGESTED.versionId}/pdf`);

  beforeAll(async () => {
    clock.freeze();
    t = await startIngestionTestApp(
      // Metadata answers are served for an hour, access grants for eight: each bound can be crossed alone. The breaker
      // stays closed so each read meets the outage itself (the breaker with stale answers: legacy-faults.e2e-spec.ts).
      { CASE_ACCESS_CACHE_MS: '0', STALE_IF_ERROR_MAX_AGE_MS: String(HOUR), STALE_IF_ERROR_ACCESS_MAX_AGE_MS: String(8 * HOUR), LEGACY_BREAKER_FAILURES: '1000' },
      { staleIfError: { now: clock.now } },
    );
    await t.app.get<SearchIndex>(SEARCH_INDEX, { strict: false }).upsertLines([lineOf(CASE, INGESTED.documentId, INGESTED.versionId, 0, 0, 'The knife was found in the river')]);
    await t.app
      .get<BlobStore>(BLOB_STORE, { strict: false })
      .put(blobKeys(CASE, INGESTED.documentId, INGESTED.versionId).pdf, Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]), { contentType: 'application/pdf' });

    // Before the outage: bob reads the case and its ingested artefacts; alice reads only the summary; dave is denied.
    for (const path of METADATA_READS) {
      const response = await t.as('bob.north', path);
      expect(response.status).toBe(200);
      expect(response.headers.get('warning')).toBeNull();
      expect(response.headers.get('x-data-age')).toBeNull();
      before.set(path, await response.json());
    }
    expect((await t.as('alice.admin', `/api/v1/cases/${CASE}`)).status).toBe(200);
    expect((await search('bob.north')).status).toBe(200);
    expect((await pdf('bob.north')).status).toBe(200);
    expect((await search('dave.south')).status).toBe(403);
    expect((await pdf('dave.south')).status).toBe(403);
    await settled();

    await outage(true);
    clock.advance(90_000);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers the same reads 200 from the last good answer, marked with Warning and X-Data-Age', async () => {
    for (const path of METADATA_READS) {
      const response = await t.as('bob.north', path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('warning')).toBe(STALE_WARNING);
      expect(response.headers.get('x-data-age')).toBe('90');
      expect(await response.json()).toEqual(before.get(path));
    }
    const metrics = await t.app.get(StranglerMetrics, { strict: false }).text();
    expect(metrics).toMatch(/legacy_stale_answers_served_total\{operation="listDocuments"\} [1-9]/);
    expect(metrics).toMatch(/legacy_stale_answers_served_total\{operation="checkCaseAccess"\} [1-9]/);
  });

  it('answers 503 with Retry-After for a case the user never read', async () => {
    const response = await t.as('bob.north', `/api/v1/cases/${NEVER_READ_CASE}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('warning')).toBeNull();
    expect(await response.json()).toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
  });

  it('never gives one user another user’s last good answer', async () => {
    // alice may see the case (her access is known) and read its summary, but never its documents.
    const summary = await t.as('alice.admin', `/api/v1/cases/${CASE}`);
    expect(summary.status).toBe(200);
    expect(summary.headers.get('warning')).toBe(STALE_WARNING);
    const documents = await t.as('alice.admin', `/api/v1/cases/${CASE}/documents`);
    expect(documents.status).toBe(503);
    expect(documents.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(documents.headers.get('warning')).toBeNull();
  });

  it('keeps search and ingested documents for a case the user was granted, not for one they were denied', async () => {
    const granted = await search('bob.north');
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ caseId: CASE, hitCount: 1, documents: [{ documentId: INGESTED.documentId }] });
    const grantedPdf = await pdf('bob.north');
    expect(grantedPdf.status).toBe(200);
    expect(Buffer.from(await grantedPdf.arrayBuffer()).toString('latin1')).toMatch(/^%PDF-1\.4/);
    for (const response of [await search('dave.south'), await pdf('dave.south')]) {
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    }
  });

  it('answers writes 503 with Retry-After', async () => {
    const note = await t.as('bob.north', `/api/v1/cases/${CASE}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'written during the outage' }) });
    expect(note.status).toBe(503);
    expect(note.headers.get('retry-after')).toMatch(/^\d+$/);
    const documentId = (before.get(`/api/v1/cases/${CASE}/documents`) as { documents: { documentId: string }[] }).documents[0].documentId;
    const rename = await t.as('bob.north', `/api/v1/cases/${CASE}/documents/${documentId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Renamed in the outage' }) });
    expect(rename.status).toBe(503);
    expect(rename.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('serves no answer older than its bound, while access grants within theirs still let search through', async () => {
    clock.advance(HOUR - 90_000 + 1_000);
    const summary = await t.as('bob.north', `/api/v1/cases/${CASE}`);
    expect(summary.status).toBe(503);
    expect(summary.headers.get('warning')).toBeNull();
    expect((await search('bob.north')).status).toBe(200);
  });

  it('answers fresh again, unmarked, once the legacy CMS is back', async () => {
    await outage(false);
    for (const path of METADATA_READS) {
      const response = await t.as('bob.north', path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('warning')).toBeNull();
      expect(response.headers.get('x-data-age')).toBeNull();
    }
    await settled();
  });

  // The adapter reads the summary and defendants (and access) over SOAP, witnesses, documents and notes over GraphQL.
  it.each([
    ['graphql', ['/witnesses', '/documents', '/notes']],
    ['soap', ['', '/defendants']],
  ])('marks only what the failed interface (%s) would have answered', async (target, staleSuffixes) => {
    await setFault({ target, outage: true });
    clock.advance(30_000);
    try {
      for (const path of METADATA_READS) {
        const response = await t.as('bob.north', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        const stale = staleSuffixes.some((suffix) => path === `/api/v1/cases/${CASE}${suffix}`);
        expect({ path, warning: response.headers.get('warning') }).toEqual({ path, warning: stale ? STALE_WARNING : null });
        if (stale) expect(Number(response.headers.get('x-data-age'))).toBeGreaterThanOrEqual(30);
      }
    } finally {
      await outage(false);
    }
  });
});
