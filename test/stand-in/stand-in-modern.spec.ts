import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from 'soap';
import { adminFetch, classicClient, graphql, oboSession, startHarness, type StandInHarness } from './stand-in-test-kit.js';

let harness: StandInHarness;
let client: Client;

beforeAll(async () => {
  harness = await startHarness();
  client = await classicClient(harness.standIn);
});
afterAll(async () => harness.stop());

const WITNESSES = `query ($id: ID!) { case(id: $id) { id witnesses { id firstNames surname dateOfBirth address phone vulnerableFlag intimidatedFlag } } }`;
const DOCUMENTS = `query ($id: ID!) { case(id: $id) { id urn documents { id versionId title fileName mimeType category documentDate parentDocumentId usedFlag checkedOutFlag sizeBytes versions { versionId createdAt sizeBytes } } notes { id text createdBy createdAt } } }`;

describe('modern GraphQL API', () => {
  it('lists documents with legacy ids, dates, flags, versions and sizes', async () => {
    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const { status, body } = await graphql(harness.standIn, alice, DOCUMENTS, { id: '00000001' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const documents = body.data.case.documents as { id: string; versionId: string; usedFlag: string; sizeBytes: number; parentDocumentId: string | null; mimeType: string; versions: { versionId: string; createdAt: string; sizeBytes: number }[] }[];
    expect(documents.length).toBeGreaterThanOrEqual(15);
    for (const document of documents) {
      expect(document.id).toMatch(/^\d{8}$/);
      expect(document.usedFlag).toMatch(/^[YN]$/);
      expect(document.versions.at(-1)!.versionId).toBe(document.versionId);
      expect(document.versions.length).toBeGreaterThanOrEqual(1);
      expect(document.versions.length).toBeLessThanOrEqual(3);
      expect(document.versions[0].createdAt).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      expect(document.sizeBytes).toBe(document.versions.at(-1)!.sizeBytes);
      expect(document.sizeBytes).toBeGreaterThan(0);
    }
    const attachment = documents.find((document) => document.parentDocumentId !== null)!;
    expect(documents.find((document) => document.id === attachment.parentDocumentId)!.mimeType).toBe('message/rfc822');
  });

  it('answers the case summary fields as Classic GetCaseSummary does, in the same legacy formats', async () => {
    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const fields = 'id urn title unitId unitName status registeredDate custodyFlag nextHearingDate court';
    let withoutHearing = 0;
    for (let caseNumber = 1; caseNumber <= 24; caseNumber += 1) {
      const caseId = String(caseNumber).padStart(8, '0');
      const { body } = await graphql(harness.standIn, alice, `query ($id: ID!) { case(id: $id) { ${fields} } }`, { id: caseId });
      expect(body.errors).toBeUndefined();
      const [soap] = (await client.GetCaseSummaryAsync({ SessionToken: alice, CaseId: caseId })) as [Record<string, string | undefined>];
      const modern = body.data.case as Record<string, string | null>;
      expect(modern).toEqual({
        id: soap.CaseId,
        urn: soap.Urn,
        title: soap.Title,
        unitId: soap.UnitId,
        unitName: soap.UnitName,
        status: soap.Status,
        registeredDate: soap.RegisteredDate,
        custodyFlag: soap.CustodyFlag,
        nextHearingDate: soap.NextHearingDate ?? null,
        court: soap.Court,
      });
      expect(modern.unitId).toMatch(/^\d{8}$/);
      expect(modern.registeredDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(modern.custodyFlag).toMatch(/^[YN]$/);
      if (modern.nextHearingDate === null) withoutHearing += 1;
    }
    expect(withoutHearing).toBeLessThan(24);
  });

  it('refuses the case summary to users who may not see the case', async () => {
    const bob = await oboSession(client, harness.standIn, 'bob.north');
    const denied = await graphql(harness.standIn, bob, '{ case(id: "00000004") { title court } }');
    expect(denied.body.data.case).toBeNull();
    expect(denied.body.errors![0].extensions!.code).toBe('2002');
  });

  it('withholds protected witness details from users without clearance: partial data with 2005 errors', async () => {
    const bob = await oboSession(client, harness.standIn, 'bob.north');
    const { status, body } = await graphql(harness.standIn, bob, WITNESSES, { id: '00000001' });
    expect(status).toBe(200);
    const witnesses = body.data.case.witnesses as { vulnerableFlag: string; intimidatedFlag: string; dateOfBirth: string | null; address: string | null; phone: string | null; surname: string }[];
    const protectedIndex = witnesses.findIndex((witness) => witness.vulnerableFlag === 'Y' || witness.intimidatedFlag === 'Y');
    expect(protectedIndex).toBeGreaterThanOrEqual(0);
    expect(witnesses[protectedIndex]).toMatchObject({ dateOfBirth: null, address: null, phone: null });
    expect(witnesses[protectedIndex].surname.length).toBeGreaterThan(0);
    const paths = body.errors!.map((error) => `${error.extensions?.code} ${error.path!.join('.')}`);
    expect(paths).toContain(`2005 case.witnesses.${protectedIndex}.dateOfBirth`);
    expect(paths).toContain(`2005 case.witnesses.${protectedIndex}.phone`);
    const open = witnesses.find((witness) => witness.vulnerableFlag === 'N' && witness.intimidatedFlag === 'N');
    if (open) expect(open.phone).toMatch(/^07700 900\d{3}$/);

    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const cleared = await graphql(harness.standIn, alice, WITNESSES, { id: '00000001' });
    expect(cleared.body.errors).toBeUndefined();
    expect(cleared.body.data.case.witnesses[protectedIndex].dateOfBirth).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });

  it('answers access errors with legacy codes and the case as null', async () => {
    const bob = await oboSession(client, harness.standIn, 'bob.north');
    const denied = await graphql(harness.standIn, bob, WITNESSES, { id: '00000004' });
    expect(denied.body.data.case).toBeNull();
    expect(denied.body.errors![0].extensions!.code).toBe('2002');
    const missing = await graphql(harness.standIn, bob, WITNESSES, { id: '00000777' });
    expect(missing.body.errors![0].extensions!.code).toBe('2001');
    const noSession = await graphql(harness.standIn, 'not-a-session', WITNESSES, { id: '00000001' });
    expect(noSession.status).toBe(401);
    expect(noSession.body.errors![0].extensions!.code).toBe('1001');
  });

  it('renames, reclassifies and marks documents used', async () => {
    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    const rename = await graphql(harness.standIn, alice, `mutation { renameDocument(caseId: "00000002", documentId: "${'00000030'}", title: "Renamed by test") { id title } }`);
    // Document 30 may belong to another case: look one up instead if so.
    const listing = await graphql(harness.standIn, alice, DOCUMENTS, { id: '00000002' });
    const target = listing.body.data.case.documents[0].id as string;
    if (rename.body.errors) expect(rename.body.errors[0].extensions!.code).toBe('2003');
    const renamed = await graphql(harness.standIn, alice, `mutation ($c: ID!, $d: ID!) { renameDocument(caseId: $c, documentId: $d, title: "Renamed by test") { id title } }`, { c: '00000002', d: target });
    expect(renamed.body.data.renameDocument).toEqual({ id: target, title: 'Renamed by test' });
    const reclassified = await graphql(harness.standIn, alice, `mutation ($c: ID!, $d: ID!) { reclassifyDocument(caseId: $c, documentId: $d, category: "Unused material") { category } }`, { c: '00000002', d: target });
    expect(reclassified.body.data.reclassifyDocument.category).toBe('Unused material');
    const used = await graphql(harness.standIn, alice, `mutation ($c: ID!, $d: ID!) { markDocumentUsed(caseId: $c, documentId: $d, used: "N") { usedFlag } }`, { c: '00000002', d: target });
    expect(used.body.data.markDocumentUsed.usedFlag).toBe('N');
    const invalid = await graphql(harness.standIn, alice, `mutation ($c: ID!, $d: ID!) { markDocumentUsed(caseId: $c, documentId: $d, used: "maybe") { usedFlag } }`, { c: '00000002', d: target });
    expect(invalid.body.errors![0].extensions!.code).toBe('4001');
  });

  it('rate limits with HTTP 429 and Retry-After, and injects partial errors', async () => {
    await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 1 }) });
    // Time stands still for the stand-in: the three queries land "within one second" however slow the machine.
    harness.clock.freeze();
    try {
      const alice = await oboSession(client, harness.standIn, 'alice.admin');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i += 1) {
        const answer = await graphql(harness.standIn, alice, '{ case(id: "1") { id } }');
        statuses.push(answer.status);
        retryAfter ??= answer.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      harness.clock.release();
      await adminFetch(harness.standIn, '/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 50 }) });
    }

    const alice = await oboSession(client, harness.standIn, 'alice.admin');
    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'graphql', partialGraphqlErrors: true }) });
    const partial = await graphql(harness.standIn, alice, '{ case(id: "00000001") { documents { id documentDate } } }');
    expect(partial.body.data.case.documents[0].id).toMatch(/^\d{8}$/);
    expect(partial.body.data.case.documents[0].documentDate).toBeNull();
    expect(partial.body.errors![0].extensions!.code).toBe('9999');
    await adminFetch(harness.standIn, '/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'graphql', outage: true }) });
    expect((await graphql(harness.standIn, alice, '{ case(id: "1") { id } }')).status).toBe(503);
    await adminFetch(harness.standIn, '/faults', { method: 'DELETE' });
    const healthy = await graphql(harness.standIn, alice, '{ case(id: "00000001") { documents { id documentDate } } }');
    expect(healthy.body.errors).toBeUndefined();
  });
});
