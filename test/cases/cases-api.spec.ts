import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createCasesTestApp } from './cases-test-app.js';
import { HUGE_DOCUMENT, InMemoryLegacyCms, versionBytes } from '../support/in-memory-legacy-cms.fake.js';
import { eventually } from '../helpers/eventually.js';

/** The v1 resources over real HTTP with an in-memory LegacyCms (see createCasesTestApp). */
let app: NestFastifyApplication;
let legacy: InMemoryLegacyCms;
let baseUrl: string;

beforeAll(async () => {
  legacy = new InMemoryLegacyCms();
  app = await createCasesTestApp(legacy);
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app.close();
});

const call = (path: string, init: RequestInit & { user?: string } = {}): Promise<Response> =>
  fetch(`${baseUrl}/api/v1${path}`, {
    ...init,
    headers: { 'x-test-user': init.user ?? 'caseworker', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers as Record<string, string>) },
  });

async function expectProblem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(typeof body['correlationId']).toBe('string');
  return body;
}

describe('cases', () => {
  it('finds cases by URN, case-insensitively, trimmed to what the caller may see', async () => {
    const response = await call('/cases?urn=42ab1234524');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cases: [{ caseId: '1', urn: '42AB1234524' }] });
    expect(legacy.calls).toContain('findCasesByUrn 42AB1234524');
    expect(await (await call('/cases?urn=01XY0000001', { user: 'restricted' })).json()).toEqual({ cases: [] });
  });

  it.each(['/cases', '/cases?urn=42AB123452', '/cases?urn=4AB12345244', '/cases?urn=42AB1234524X', '/cases?urn=42AB1234524&urn=42AB1234524'])('refuses a bad URN: %s', async (path) => {
    await expectProblem(await call(path), 400, 'VALIDATION_FAILED');
  });

  it('answers a case summary', async () => {
    const response = await call('/cases/1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      caseId: '1',
      urn: '42AB1234524',
      title: 'R v Example',
      unitId: '3',
      unitName: 'Central Casework',
      status: 'ACTIVE',
      registeredDate: '2024-03-07',
      isCustody: true,
      nextHearingDate: '2024-06-01',
      court: 'Example Crown Court',
    });
  });

  it('checks access on every case-scoped route', async () => {
    for (const path of ['/cases/2', '/cases/2/defendants', '/cases/2/witnesses', '/cases/2/documents', '/cases/2/notes']) {
      await expectProblem(await call(path, { user: 'restricted' }), 403, 'CASE_ACCESS_DENIED');
    }
    await expectProblem(await call('/cases/2/notes', { user: 'restricted', method: 'POST', body: JSON.stringify({ text: 'x' }) }), 403, 'CASE_ACCESS_DENIED');
    await expectProblem(await call('/cases/999'), 404, 'CASE_NOT_FOUND');
  });

  it.each(['/cases/0', '/cases/01', '/cases/abc', '/cases/123456789', '/cases/1/documents/01/versions/1/content', '/cases/1/documents/10/versions/x/content'])(
    'refuses a bad id: %s',
    async (path) => {
      await expectProblem(await call(path), 400, 'VALIDATION_FAILED');
    },
  );

  it('lists defendants with their charges', async () => {
    const body = (await (await call('/cases/1/defendants')).json()) as { defendants: { charges: unknown[] }[] };
    expect(body.defendants).toHaveLength(1);
    expect(body.defendants[0].charges).toEqual([{ chargeId: '8', code: 'TH68001', description: 'Theft', offenceDate: '2024-01-01', plea: null, status: 'PENDING' }]);
  });

  it('lists witnesses with withheld fields as null and their paths as warnings', async () => {
    const body = (await (await call('/cases/1/witnesses')).json()) as { witnesses: Record<string, unknown>[]; warnings: string[] };
    expect(body.witnesses[0]).toMatchObject({ witnessId: '3', dateOfBirth: null, address: null, phone: '0100' });
    expect(body.warnings).toEqual(['witnesses[0].address', 'witnesses[0].dateOfBirth']);
  });
});

describe('documents', () => {
  it('lists documents in id order with versions and parent/child links', async () => {
    const body = (await (await call('/cases/1/documents')).json()) as { documents: { documentId: string; parentDocumentId: string | null; childDocumentIds: string[]; versions: unknown[] }[] };
    expect(body.documents.map((d) => d.documentId)).toEqual(['10', '11', '12', '13', '14']);
    expect(body.documents[0].childDocumentIds).toEqual(['11']);
    expect(body.documents[1].parentDocumentId).toBe('10');
    expect(body.documents[2].versions).toEqual([
      {
        versionId: '1201',
        createdAt: '2024-03-08T09:30:00.000Z',
        sizeBytes: 700,
        readByMe: false,
        canRedact: false,
        canRedactReason: expect.objectContaining({ code: 'VERSION_NOT_CURRENT', currentVersionId: '1202' }),
      },
      // Nothing is ingested in this app: the current version cannot be redacted yet.
      { versionId: '1202', createdAt: '2024-03-08T09:30:00.000Z', sizeBytes: 1000, readByMe: false, canRedact: false, canRedactReason: expect.objectContaining({ code: 'NOT_INGESTED' }) },
    ]);
  });

  it('updates title, category and use, one legacy operation each, and answers the document', async () => {
    legacy.calls.length = 0;
    const response = await call('/cases/1/documents/10', { method: 'PATCH', body: JSON.stringify({ title: '  Email from OIC ', category: 'Unused material', isUsed: false }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ documentId: '10', title: 'Email from OIC', category: 'Unused material', isUsed: false, childDocumentIds: ['11'] });
    expect(legacy.calls.filter((c) => !c.startsWith('checkCaseAccess'))).toEqual(['renameDocument 10', 'reclassifyDocument 10', 'setDocumentUsed 10']);
  });

  it('refuses an empty, unknown or invalid change', async () => {
    for (const body of [{}, { title: '' }, { category: 'Nonsense' }, { isUsed: 'yes' }, { title: 'x', extra: 1 }]) {
      await expectProblem(await call('/cases/1/documents/10', { method: 'PATCH', body: JSON.stringify(body) }), 400, 'VALIDATION_FAILED');
    }
  });

  it('answers 409 for a checked-out document and 404 for an unknown one', async () => {
    await expectProblem(await call('/cases/1/documents/13', { method: 'PATCH', body: JSON.stringify({ isUsed: true }) }), 409, 'DOCUMENT_CHECKED_OUT');
    await expectProblem(await call('/cases/1/documents/99', { method: 'PATCH', body: JSON.stringify({ isUsed: true }) }), 404, 'DOCUMENT_NOT_FOUND');
  });
});

describe('document content', () => {
  const path = '/cases/1/documents/12/versions/1202/content';
  const full = versionBytes('1202', 1000);

  it('downloads the whole version with its headers', async () => {
    const response = await call(path);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(full);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('etag')).toBe('"12-1202"');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Declaration _temoin_.pdf"; filename*=UTF-8''D%C3%A9claration%20%22t%C3%A9moin%22.pdf`);
    expect(legacy.contentRanges.at(-1)).toBeNull();
  });

  it('can ask for inline display, but never for active content', async () => {
    expect((await call(`${path}?disposition=inline`)).headers.get('content-disposition')).toMatch(/^inline; /);
    expect((await call('/cases/1/documents/13/versions/1301/content?disposition=inline')).headers.get('content-disposition')).toMatch(/^attachment; /);
    await expectProblem(await call(`${path}?disposition=evil`), 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=900-', 900, 999],
    ['bytes=-10', 990, 999],
    ['bytes=500-5000', 500, 999],
  ])('serves %s as 206 with the matching slice', async (range, start, end) => {
    const response = await call(path, { headers: { range } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(full.subarray(start, end + 1));
    expect(legacy.contentRanges.at(-1)).toEqual({ start, end });
  });

  it('serves several ranges as the whole file', async () => {
    const response = await call(path, { headers: { range: 'bytes=0-1,5-6' } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(full);
  });

  it('answers 416 with the size for an unsatisfiable range', async () => {
    const response = await call(path, { headers: { range: 'bytes=1000-' } });
    await expectProblem(response, 416, 'RANGE_NOT_SATISFIABLE');
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers 404 for an unknown version', async () => {
    await expectProblem(await call('/cases/1/documents/12/versions/9999/content'), 404, 'DOCUMENT_VERSION_NOT_FOUND');
  });

  it('streams without buffering and stops the legacy stream when the client goes away', async () => {
    const url = new URL(`${baseUrl}/api/v1/cases/${HUGE_DOCUMENT.caseId}/documents/${HUGE_DOCUMENT.documentId}/versions/${HUGE_DOCUMENT.versionId}/content`);
    const received = await new Promise<number>((resolve, reject) => {
      const request = http.get(url, { headers: { 'x-test-user': 'caseworker' } }, (response) => {
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-length']).toBe(String(HUGE_DOCUMENT.sizeBytes));
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes >= 1024 * 1024) {
            request.destroy();
            resolve(bytes);
          }
        });
        response.on('error', () => undefined);
      });
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    });
    expect(received).toBeGreaterThanOrEqual(1024 * 1024);
    await eventually(() => legacy.hugeStream?.destroyed === true, 'the legacy stream to be destroyed');
    expect(legacy.hugeStream?.destroyed).toBe(true);
    // Only what socket buffers held was ever pulled from the legacy CMS, not the whole 64 MiB.
    expect(legacy.hugeStream!.pushedBytes).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('notes', () => {
  it('adds a note (201) and lists it', async () => {
    const created = await call('/cases/1/notes', { method: 'POST', body: JSON.stringify({ text: 'Spoke to the OIC.' }) });
    expect(created.status).toBe(201);
    const note = (await created.json()) as Record<string, unknown>;
    expect(note).toMatchObject({ text: 'Spoke to the OIC.', createdBy: 'caseworker' });
    const list = (await (await call('/cases/1/notes')).json()) as { notes: unknown[] };
    expect(list.notes).toContainEqual(note);
  });

  it('refuses a blank or too long note', async () => {
    for (const text of ['', '   ', 'x'.repeat(4001)]) {
      await expectProblem(await call('/cases/1/notes', { method: 'POST', body: JSON.stringify({ text }) }), 400, 'VALIDATION_FAILED');
    }
  });
});
