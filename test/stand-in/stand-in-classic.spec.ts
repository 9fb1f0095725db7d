import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import type { Client } from 'soap';
import { adminFetch, classicClient, expectCmsFault, oboSession, startHarness, type StandInHarness } from './stand-in-test-kit.js';

let harness: StandInHarness;
let client: Client;

beforeAll(async () => {
  harness = await startHarness();
  client = await classicClient(harness.standIn);
});
afterAll(async () => harness.stop());

const cookie = (token: string) => ({ Cookie: `CMSSESSION=${token}` });

async function rawSoap(operation: string, body: string): Promise<Response> {
  return fetch(harness.standIn.soapUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"urn:legacy-cms:casework:v1/${operation}"` },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="urn:legacy-cms:casework:v1"><soap:Body>${body}</soap:Body></soap:Envelope>`,
  });
}

describe('classic SOAP API', () => {
  it('logs in with a password and on behalf of a user, then finds a case, its summary and defendants', async () => {
    const users = (await (await adminFetch(harness.standIn, '/users')).json()) as { users: { username: string; password: string }[] };
    const alice = users.users.find((user) => user.username === 'alice.admin')!;
    const [login] = await client.AuthenticateAsync({ Username: 'alice.admin', Password: alice.password });
    expect(login.SessionToken).toMatch(/^[0-9a-f]{48}$/);
    expect(login.ExpiresAt).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    await expect(expectCmsFault(client.AuthenticateAsync({ Username: 'alice.admin', Password: 'wrong' }))).resolves.toMatchObject({ Code: '1002' });

    const token = await oboSession(client, harness.standIn, 'alice.admin');
    const [summary] = await client.GetCaseSummaryAsync({ SessionToken: token, CaseId: '00000002' });
    expect(summary).toMatchObject({ CaseId: '00000002', UnitId: '00000011', CustodyFlag: expect.stringMatching(/^[YN]$/) });
    expect(summary.RegisteredDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    const [found] = await client.FindCasesByUrnAsync({ SessionToken: token, Urn: summary.Urn });
    const caseIds = (found.Case as { CaseId: string }[]).map((ref) => ref.CaseId);
    expect(caseIds).toEqual(['00000002', '00000003']);

    const [defendants] = await client.GetDefendantsWithChargesAsync({ SessionToken: token, CaseId: '00000002' });
    const list = defendants.Defendant as { DefendantId: string; YouthFlag: string; Charges: { Charge: { ChargeId: string }[] } }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list[0].DefendantId).toMatch(/^\d{8}$/);
    expect(list[0].Charges.Charge.length).toBeGreaterThan(0);

    await expect(expectCmsFault(client.AuthenticateOnBehalfOfAsync({ ServiceUsername: harness.standIn.serviceUsername, ServicePassword: 'nope', OnBehalfOfUsername: 'alice.admin' }))).resolves.toMatchObject({ Code: '1002' });
  });

  it('answers legacy fault codes: 2001 not found, 2002 access denied, and CheckCaseAccess flags', async () => {
    const bob = await oboSession(client, harness.standIn, 'bob.north');
    await expect(expectCmsFault(client.GetCaseSummaryAsync({ SessionToken: bob, CaseId: '00000099' }))).resolves.toMatchObject({ Code: '2001' });
    // Case 4 is in bob's unit but restricted to named users; case 20 is in another unit.
    await expect(expectCmsFault(client.GetCaseSummaryAsync({ SessionToken: bob, CaseId: '00000004' }))).resolves.toMatchObject({ Code: '2002' });
    await expect(expectCmsFault(client.GetDefendantsWithChargesAsync({ SessionToken: bob, CaseId: '00000020' }))).resolves.toMatchObject({ Code: '2002' });
    const [granted] = await client.CheckCaseAccessAsync({ SessionToken: bob, CaseId: '00000001' });
    const [denied] = await client.CheckCaseAccessAsync({ SessionToken: bob, CaseId: '00000004' });
    expect([granted.AccessFlag, denied.AccessFlag]).toEqual(['Y', 'N']);
    await expect(expectCmsFault(client.CheckCaseAccessAsync({ SessionToken: bob, CaseId: '00000999' }))).resolves.toMatchObject({ Code: '2001' });

    const carol = await oboSession(client, harness.standIn, 'carol.none');
    const [urnOfCase1] = await client.GetCaseSummaryAsync({ SessionToken: bob, CaseId: '00000001' });
    const [none] = await client.FindCasesByUrnAsync({ SessionToken: carol, Urn: urnOfCase1.Urn });
    expect(none?.Case ?? []).toEqual([]);
  });

  it('encodes responses in Windows-1252, visible in the raw bytes', async () => {
    const token = await oboSession(client, harness.standIn, 'alice.admin');
    // Find a case whose defendants carry a non-ASCII letter, then read the raw response.
    for (let caseId = 1; caseId <= 24; caseId += 1) {
      const response = await rawSoap('GetDefendantsWithCharges', `<tns:GetDefendantsWithChargesRequest><tns:SessionToken>${token}</tns:SessionToken><tns:CaseId>${String(caseId).padStart(8, '0')}</tns:CaseId></tns:GetDefendantsWithChargesRequest>`);
      expect(response.headers.get('content-type')).toBe('text/xml; charset=windows-1252');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 45).toString('latin1')).toBe('<?xml version="1.0" encoding="windows-1252"?>');
      const accented = /[éëöÖøèïÉ]/u.exec(iconv.decode(bytes, 'win1252'));
      if (!accented) continue;
      // One byte per accented letter (é is 0xE9), never a UTF-8 pair (0xC3 0xA9).
      expect(bytes.includes(iconv.encode(accented[0], 'win1252'))).toBe(true);
      expect(bytes.includes(Buffer.from(accented[0], 'utf8'))).toBe(false);
      expect(bytes.toString('utf8')).not.toContain(accented[0]);
      return;
    }
    throw new Error('no defendant name with an accented letter in the seed');
  });

  it('rejects DOCTYPE and entity declarations with fault 4001', async () => {
    const response = await fetch(harness.standIn.soapUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:legacy-cms:casework:v1/Ping"' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><PingRequest xmlns="urn:legacy-cms:casework:v1">&e;</PingRequest></soap:Body></soap:Envelope>',
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('<Code>4001</Code>');
    expect(text).not.toContain('root:');
  });

  it('expires sessions with code 1001', async () => {
    const token = await oboSession(client, harness.standIn, 'alice.admin');
    await client.PingAsync({});
    const expired = await adminFetch(harness.standIn, '/sessions/expire', { method: 'POST' });
    expect(((await expired.json()) as { expired: number }).expired).toBeGreaterThan(0);
    await expect(expectCmsFault(client.GetCaseSummaryAsync({ SessionToken: token, CaseId: '00000001' }))).resolves.toMatchObject({ Code: '1001' });

    await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sessionTtlMs: 50 }) });
    harness.clock.freeze();
    try {
      const shortLived = await oboSession(client, harness.standIn, 'alice.admin');
      await expect(client.CheckCaseAccessAsync({ SessionToken: shortLived, CaseId: '00000001' })).resolves.toBeDefined();
      harness.clock.advance(50);
      await expect(expectCmsFault(client.GetCaseSummaryAsync({ SessionToken: shortLived, CaseId: '00000001' }))).resolves.toMatchObject({ Code: '1001' });
    } finally {
      harness.clock.release();
      await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sessionTtlMs: 1_200_000 }) });
    }
  });

  it('limits the request rate per session with fault 9001', async () => {
    await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 1 }) });
    // Time stands still for the stand-in: the calls below land "within one second" however slow the machine.
    harness.clock.freeze();
    try {
      const token = await oboSession(client, harness.standIn, 'alice.admin');
      await client.CheckCaseAccessAsync({ SessionToken: token, CaseId: '00000001' });
      await client.CheckCaseAccessAsync({ SessionToken: token, CaseId: '00000001' });
      await expect(expectCmsFault(client.CheckCaseAccessAsync({ SessionToken: token, CaseId: '00000001' }))).resolves.toMatchObject({ Code: '9001' });
      const limited = await rawSoap('CheckCaseAccess', `<tns:CheckCaseAccessRequest><tns:SessionToken>${token}</tns:SessionToken><tns:CaseId>00000001</tns:CaseId></tns:CheckCaseAccessRequest>`);
      expect(limited.status).toBe(500);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another session has its own budget.
      const other = await oboSession(client, harness.standIn, 'alice.admin');
      const [flag] = await client.CheckCaseAccessAsync({ SessionToken: other, CaseId: '00000001' });
      expect(flag.AccessFlag).toBe('Y');
    } finally {
      harness.clock.release();
      await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 50 }) });
    }
  });

  it('injects faults at run time and clears them', async () => {
    const token = await oboSession(client, harness.standIn, 'alice.admin');
    const put = await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'soap', errorRate: 1 }) });
    expect(put.status).toBe(200);
    await expect(expectCmsFault(client.GetCaseSummaryAsync({ SessionToken: token, CaseId: '00000001' }))).resolves.toMatchObject({ Code: '9999' });

    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'soap', doctypeXml: true }) });
    const doctype = await rawSoap('Ping', '<tns:PingRequest/>');
    expect(await doctype.text()).toContain('<!DOCTYPE');

    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'all', malformedXml: true }) });
    const malformed = await (await rawSoap('Ping', '<tns:PingRequest/>')).text();
    expect(malformed).not.toContain('</soap:Envelope>');

    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'soap', outage: true }) });
    await expect(rawSoap('Ping', '<tns:PingRequest/>')).rejects.toThrow();

    expect((await adminFetch(harness.standIn, '/faults', { method: 'DELETE' })).status).toBe(200);
    const [summary] = await client.GetCaseSummaryAsync({ SessionToken: token, CaseId: '00000001' });
    expect(summary.CaseId).toBe('00000001');
  });

  it('refuses a check-out held by another user (3001 with CheckedOutBy) and checks in a new version in chunks', async () => {
    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const erin = await oboSession(client, harness.standIn, 'erin.ccu');
    const metadata = (await (await adminFetch(harness.standIn, '/cases/00000020/documents/' + '00000001')).json()) as { error?: string };
    expect(metadata.error).toBeDefined(); // document 1 belongs to case 1, not case 20

    const caseId = '00000020';
    const listing = await fetch(harness.standIn.graphqlUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Cms-Session': alice },
      body: JSON.stringify({ query: `{ case(id: "${caseId}") { documents { id versionId } } }` }),
    });
    const document = ((await listing.json()) as { data: { case: { documents: { id: string; versionId: string }[] } } }).data.case.documents[0];

    await client.CheckOutDocumentAsync({ SessionToken: erin, CaseId: caseId, DocumentId: document.id, VersionId: document.versionId });
    const conflict = await expectCmsFault(client.CheckOutDocumentAsync({ SessionToken: alice, CaseId: caseId, DocumentId: document.id, VersionId: document.versionId }));
    expect(conflict).toMatchObject({ Code: '3001', CheckedOutBy: 'erin.ccu' });
    await expect(expectCmsFault(client.CancelCheckOutAsync({ SessionToken: alice, CaseId: caseId, DocumentId: document.id }))).resolves.toMatchObject({ Code: '3002' });
    const [info] = await client.GetDocumentInfoAsync({ SessionToken: alice, CaseId: caseId, DocumentId: document.id, VersionId: document.versionId });
    expect(info).toMatchObject({ CheckedOutFlag: 'Y', CheckedOutBy: 'erin.ccu', FileStorePath: `/files/${caseId}/${document.id}/${document.versionId}` });

    const content = Buffer.alloc(2_500_000);
    for (let i = 0; i < content.length; i += 1) content[i] = (i * 31 + (i >> 10)) & 0xff;
    const [begin] = await client.BeginCheckInAsync({ SessionToken: erin, CaseId: caseId, DocumentId: document.id, FileName: 'Revised statement.pdf', MimeType: 'application/pdf', TotalBytes: String(content.length) });
    const chunkSize = Number(begin.MaxChunkBytes);
    expect(chunkSize).toBe(1_048_576);
    await expect(expectCmsFault(client.UploadChunkAsync({ SessionToken: erin, UploadId: begin.UploadId, Sequence: '2', Data: content.subarray(0, 10).toString('base64') }))).resolves.toMatchObject({ Code: '3003' });
    for (let offset = 0, sequence = 1; offset < content.length; offset += chunkSize, sequence += 1) {
      await client.UploadChunkAsync({ SessionToken: erin, UploadId: begin.UploadId, Sequence: String(sequence), Data: content.subarray(offset, offset + chunkSize).toString('base64') });
    }
    const [completed] = await client.CompleteCheckInAsync({ SessionToken: erin, UploadId: begin.UploadId, Sha256: createHash('sha256').update(content).digest('hex') });
    expect(completed.VersionId).toMatch(/^\d{8}$/);
    expect(completed.VersionId).not.toBe(document.versionId);

    const after = (await (await adminFetch(harness.standIn, `/cases/${caseId}/documents/${document.id}`)).json()) as { versionId: string; checkedOutFlag: string; versions: { versionId: string }[] };
    expect(after).toMatchObject({ versionId: completed.VersionId, checkedOutFlag: 'N' });
    expect(after.versions.at(-1)!.versionId).toBe(completed.VersionId);
    const fetched = await fetch(`${harness.standIn.filesUrl}/files/${caseId}/${document.id}/${completed.VersionId}`, { headers: cookie(alice) });
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(content)).toBe(true);
  });

  it('rejects a check-in whose hash does not match (3003) and adds notes', async () => {
    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const meta = (await (await adminFetch(harness.standIn, '/cases/00000001/documents/00000002')).json()) as { versionId: string };
    await client.CheckOutDocumentAsync({ SessionToken: alice, CaseId: '00000001', DocumentId: '00000002', VersionId: meta.versionId });
    const [begin] = await client.BeginCheckInAsync({ SessionToken: alice, CaseId: '00000001', DocumentId: '00000002', FileName: 'x.txt', MimeType: 'text/plain', TotalBytes: '5' });
    await client.UploadChunkAsync({ SessionToken: alice, UploadId: begin.UploadId, Sequence: '1', Data: Buffer.from('hello').toString('base64') });
    await expect(expectCmsFault(client.CompleteCheckInAsync({ SessionToken: alice, UploadId: begin.UploadId, Sha256: '0'.repeat(64) }))).resolves.toMatchObject({ Code: '3003' });
    await client.CancelCheckOutAsync({ SessionToken: alice, CaseId: '00000001', DocumentId: '00000002' });

    const [note] = await client.AddNoteAsync({ SessionToken: alice, CaseId: '00000001', Text: 'Reviewed by Zoë — £0 costs' });
    expect(note).toMatchObject({ CreatedBy: 'alice.admin', NoteId: expect.stringMatching(/^\d{8}$/) });
  });
});
