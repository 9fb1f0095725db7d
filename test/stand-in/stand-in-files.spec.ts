import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from 'soap';
import { adminFetch, classicClient, oboSession, startHarness, type StandInHarness } from './stand-in-test-kit.js';

let harness: StandInHarness;
let client: Client;
let alice: string;

beforeAll(async () => {
  harness = await startHarness();
  client = await classicClient(harness.standIn);
  alice = await oboSession(client, harness.standIn, 'alice.admin');
});
afterAll(async () => harness.stop());

const fileUrl = (path: string) => `${harness.standIn.filesUrl}${path}`;

async function documentInfo(caseId: string, documentId: string) {
  const meta = (await (await adminFetch(harness.standIn, `/cases/${caseId}/documents/${documentId}`)).json()) as { versionId: string };
  const [info] = await client.GetDocumentInfoAsync({ SessionToken: alice, CaseId: caseId, DocumentId: documentId, VersionId: meta.versionId });
  return info as { FileStorePath: string; SizeBytes: string; MimeType: string; VersionId: string };
}

describe('file store', () => {
  it('serves a whole version with its type and length, and a single Range as 206 equal to the slice', async () => {
    const info = await documentInfo('00000001', '00000001');
    expect(info.FileStorePath).toBe(`/files/00000001/00000001/${info.VersionId}`);
    const whole = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}` } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const body = Buffer.from(await whole.arrayBuffer());
    expect(body.length).toBe(Number(info.SizeBytes));
    expect(Number(whole.headers.get('content-length'))).toBe(body.length);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const ranged = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}`, Range: 'bytes=100-1099' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-1099/${body.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(100, 1100))).toBe(true);

    const suffix = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}`, Range: 'bytes=-10' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(body.length - 10))).toBe(true);

    const unsatisfiable = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}`, Range: `bytes=${body.length}-` } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${body.length}`);
  });

  it('needs a live session with access to the case', async () => {
    const info = await documentInfo('00000004', (await firstDocumentOf('00000004')));
    expect((await fetch(fileUrl(info.FileStorePath))).status).toBe(401);
    const bob = await oboSession(client, harness.standIn, 'bob.north');
    const denied = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${bob}` } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-cms-code')).toBe('2002');
    const wrongVersion = await fetch(fileUrl(info.FileStorePath.replace(/\/\d{8}$/, '/00999999')), { headers: { Cookie: `CMSSESSION=${alice}` } });
    expect(wrongVersion.status).toBe(404);
    expect(wrongVersion.headers.get('x-cms-code')).toBe('2004');
  });

  it('rate limits with 429 and Retry-After, and injects outages', async () => {
    const info = await documentInfo('00000001', '00000014');
    await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 1 }) });
    // Time stands still for the stand-in: the three reads land "within one second" however slow the machine.
    harness.clock.freeze();
    try {
      const session = await oboSession(client, harness.standIn, 'alice.admin');
      const statuses = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${session}` } });
        await response.arrayBuffer();
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      harness.clock.release();
      await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 50 }) });
    }
    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'files', outage: true }) });
    expect((await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}` } })).status).toBe(503);
    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'files', errorRate: 1 }) });
    expect((await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}` } })).status).toBe(500);
    await adminFetch(harness.standIn, '/faults', { method: 'DELETE' });
    expect((await fetch(fileUrl(info.FileStorePath), { headers: { Cookie: `CMSSESSION=${alice}` } })).status).toBe(200);
  });
});

describe('admin API', () => {
  it('needs the admin key', async () => {
    expect((await fetch(`${harness.standIn.adminUrl}/users`)).status).toBe(401);
    expect((await fetch(`${harness.standIn.adminUrl}/users`, { headers: { 'X-Admin-Key': 'wrong' } })).status).toBe(401);
  });

  it('adds a document of any type, serves it, and refuses an oversized SOAP body with 413', async () => {
    const bytes = Buffer.from('<html><body>not what it claims</body></html>');
    const added = await adminFetch(harness.standIn, '/cases/00000001/documents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-weird', 'X-File-Name': encodeURIComponent('odd file é.bin'), 'X-Title': 'Odd', 'X-Parent-Document-Id': '00000010' },
      body: bytes,
    });
    expect(added.status).toBe(201);
    const { documentId, versionId } = (await added.json()) as { documentId: string; versionId: string };
    const meta = (await (await adminFetch(harness.standIn, `/cases/00000001/documents/${documentId}`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ documentId, versionId, fileName: 'odd file é.bin', mimeType: 'application/x-weird', parentDocumentId: '00000010', checkedOutFlag: 'N' });
    const served = await fetch(`${harness.standIn.filesUrl}/files/00000001/${documentId}/${versionId}`, { headers: { Cookie: `CMSSESSION=${alice}` } });
    expect(served.headers.get('content-type')).toBe('application/x-weird');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);

    const soapTooLarge = await fetch(harness.standIn.soapUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: Buffer.alloc(5 * 1_048_576, 0x20) });
    expect(soapTooLarge.status).toBe(413);
  });

  it('answers the ground truth of planted personal data for a generated version', async () => {
    const meta = (await (await adminFetch(harness.standIn, '/cases/00000001/documents/00000001')).json()) as { versionId: string };
    const truth = (await (await adminFetch(harness.standIn, `/ground-truth/00000001/00000001/${meta.versionId}`)).json()) as { known: boolean; items: { category: string; text: string }[] };
    expect(truth.known).toBe(true);
    const categories = new Set(truth.items.map((item) => item.category));
    for (const category of ['name', 'dob', 'address', 'postcode', 'phone', 'email']) expect(categories.has(category)).toBe(true);
    expect(truth.items.find((item) => item.category === 'phone')!.text).toMatch(/^07700 900\d{3}$/);
    expect((await adminFetch(harness.standIn, '/ground-truth/00000001/00000001/00999999')).status).toBe(404);
  });
});

async function firstDocumentOf(caseId: string): Promise<string> {
  const response = await fetch(harness.standIn.graphqlUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Cms-Session': alice },
    body: JSON.stringify({ query: `{ case(id: "${caseId}") { documents { id } } }` }),
  });
  return ((await response.json()) as { data: { case: { documents: { id: string }[] } } }).data.case.documents[0].id;
}
