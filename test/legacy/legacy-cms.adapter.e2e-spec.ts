import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/common/domain-error.js';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import { LegacyConnection } from '../../src/legacy/legacy-connection.js';
import type { CaseDocument, LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { domainFailureOf } from '../helpers/rejection-of.js';
import { SteerableClock } from '../helpers/steerable-clock.js';

/** Every port method against the real legacy CMS stand-in (SOAP, GraphQL, file store over HTTP). */

let standIn: RunningStandIn;
let dataDir: string;
let connection: LegacyConnection;
let adapter: LegacyCmsAdapter;
/** The stand-in's clock (sessions, rate limits). */
const clock = new SteerableClock();

const as = (username: string): LegacyCaller => ({ username, correlationId: `e2e-${username}` });
const alice = as('alice.admin');
const bob = as('bob.north');
const carol = as('carol.none');

const connectionWith = (legacyTimeoutMs: number): LegacyConnection =>
  LegacyConnection.fromConfig({
    legacy: {
      soapUrl: standIn.soapUrl,
      graphqlUrl: standIn.graphqlUrl,
      filesUrl: standIn.filesUrl,
      serviceUsername: standIn.serviceUsername,
      servicePassword: standIn.servicePassword,
    },
    legacyTimeoutMs,
  });

/** A legacy deadline a loaded machine never reaches: only a hung legacy CMS could trip it. */
const PATIENT_MS = 60_000;

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${standIn.adminUrl}${path}`, { ...init, headers: { 'X-Admin-Key': standIn.adminKey, ...(init.headers ?? {}) } });
  if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The first case of a URN the user can see. */
async function caseIdFor(caller: LegacyCaller, urn: string): Promise<string> {
  const [first] = await adapter.findCasesByUrn(caller, urn);
  if (!first) throw new Error(`no case for ${urn}`);
  return first.caseId;
}

const userInfo = (username: string) => {
  const info = standIn.users.find((user) => user.username === username);
  if (!info) throw new Error(`stand-in has no ${username}`);
  return info;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'legacy-e2e-'));
  standIn = await startStandIn({ dataDir, rateLimitPerSecond: 0, now: clock.now });
  connection = connectionWith(PATIENT_MS);
  adapter = LegacyCmsAdapter.over(connection);
});

afterEach(async () => {
  await admin('/faults', { method: 'DELETE' });
});

afterAll(async () => {
  connection.onApplicationShutdown();
  await standIn.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('LegacyCmsAdapter against the stand-in', () => {
  it('finds cases by URN and reads the summary', async () => {
    const urn = userInfo('alice.admin').visibleUrns[0];
    const refs = await adapter.findCasesByUrn(alice, urn);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.urn).toBe(urn);
      expect(ref.caseId).toMatch(/^[1-9]\d*$/);
    }
    const summary = await adapter.getCaseSummary(alice, refs[0].caseId);
    expect(summary.caseId).toBe(refs[0].caseId);
    expect(summary.urn).toBe(urn);
    expect(summary.unitId).toMatch(/^[1-9]\d*$/);
    expect(typeof summary.isCustody).toBe('boolean');
    if (summary.registeredDate !== null) expect(summary.registeredDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('answers nothing for a URN the user cannot see', async () => {
    const hidden = userInfo('carol.none').hiddenUrns[0];
    expect(await adapter.findCasesByUrn(carol, hidden)).toEqual([]);
  });

  it('tells access granted, denied and not-found', async () => {
    const caseId = await caseIdFor(alice, userInfo('bob.north').hiddenUrns[0]);
    expect(await adapter.checkCaseAccess(alice, caseId)).toBe('granted');
    expect(await adapter.checkCaseAccess(bob, caseId)).toBe('denied');
    expect(await adapter.checkCaseAccess(carol, caseId)).toBe('denied');
    expect(await adapter.checkCaseAccess(alice, '9999999')).toBe('not-found');
    expect((await domainFailureOf(adapter.getCaseSummary(carol, caseId))).code).toBe('CASE_ACCESS_DENIED');
    expect((await domainFailureOf(adapter.getCaseSummary(alice, '9999999'))).code).toBe('CASE_NOT_FOUND');
  });

  it('reads defendants with their charges', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    const defendants = await adapter.getDefendants(alice, caseId);
    expect(defendants.length).toBeGreaterThan(0);
    for (const defendant of defendants) {
      expect(defendant.defendantId).toMatch(/^[1-9]\d*$/);
      expect(defendant.surname.length).toBeGreaterThan(0);
      expect(defendant.charges.length).toBeGreaterThan(0);
      for (const charge of defendant.charges) expect(charge.chargeId).toMatch(/^[1-9]\d*$/);
    }
  });

  it('reads witnesses in full with clearance and partially, with warnings, without', async () => {
    let checked = 0;
    for (const urn of userInfo('bob.north').visibleUrns) {
      const caseId = await caseIdFor(bob, urn);
      const partial = await adapter.getWitnesses(bob, caseId);
      const full = await adapter.getWitnesses(alice, caseId);
      expect(full.warnings).toEqual([]);
      expect(partial.value.map((witness) => witness.witnessId)).toEqual(full.value.map((witness) => witness.witnessId));
      partial.value.forEach((witness, index) => {
        const isProtected = witness.isVulnerable || witness.isIntimidated;
        const withheld = ['dateOfBirth', 'address', 'phone'].map((field) => `witnesses[${index}].${field}`);
        if (isProtected) {
          expect(partial.warnings).toEqual(expect.arrayContaining(withheld));
          expect([witness.dateOfBirth, witness.address, witness.phone]).toEqual([null, null, null]);
          expect(full.value[index].address).not.toBeNull();
          checked += 1;
        } else {
          for (const path of withheld) expect(partial.warnings).not.toContain(path);
          expect(witness).toEqual(full.value[index]);
        }
      });
      if (checked > 0) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lists documents with versions, and links attachments to their email', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    const parent = (await adapter.listDocuments(alice, caseId))[0];
    const added = (await (
      await admin(`/cases/${caseId}/documents`, {
        method: 'POST',
        body: 'attachment body',
        headers: { 'Content-Type': 'text/plain', 'X-File-Name': encodeURIComponent('Pièce jointe £5.txt'), 'X-Parent-Document-Id': parent.documentId },
      })
    ).json()) as { documentId: string; versionId: string };
    const documents = await adapter.listDocuments(alice, caseId);
    for (const document of documents) {
      expect(document.versions.length).toBeGreaterThan(0);
      expect(document.versions.at(-1)!.versionId).toBe(document.versionId);
      if (document.parentDocumentId !== null) expect(documents.map((candidate) => candidate.documentId)).toContain(document.parentDocumentId);
    }
    const attachment = documents.find((document) => document.documentId === String(Number(added.documentId)))!;
    expect(attachment).toMatchObject({ parentDocumentId: parent.documentId, fileName: 'Pièce jointe £5.txt', mimeType: 'text/plain', sizeBytes: 15 });
  });

  it('reads document info and streams content, whole and by range', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[1]);
    const document = (await adapter.listDocuments(alice, caseId)).find((candidate) => candidate.sizeBytes > 100)!;
    const info = await adapter.getDocumentInfo(alice, caseId, document.documentId, document.versionId);
    expect(info).toMatchObject({ documentId: document.documentId, versionId: document.versionId, fileName: document.fileName, sizeBytes: document.sizeBytes });

    const whole = await adapter.openDocumentContent(alice, caseId, document.documentId, document.versionId, null);
    const bytes = await readAll(whole.stream);
    expect(bytes.length).toBe(document.sizeBytes);
    expect(whole).toMatchObject({ totalBytes: document.sizeBytes, range: null, mimeType: document.mimeType, fileName: document.fileName });

    const part = await adapter.openDocumentContent(alice, caseId, document.documentId, document.versionId, { start: 10, end: 49 });
    expect(part.range).toEqual({ start: 10, end: 49 });
    expect(part.totalBytes).toBe(document.sizeBytes);
    expect((await readAll(part.stream)).equals(bytes.subarray(10, 50))).toBe(true);

    const beyond = { start: document.sizeBytes + 10, end: document.sizeBytes + 20 };
    expect((await domainFailureOf(adapter.openDocumentContent(alice, caseId, document.documentId, document.versionId, beyond))).code).toBe('RANGE_NOT_SATISFIABLE');
    expect((await domainFailureOf(adapter.openDocumentContent(alice, caseId, document.documentId, '9999999', null))).code).toBe('DOCUMENT_VERSION_NOT_FOUND');
    expect((await domainFailureOf(adapter.getDocumentInfo(alice, caseId, '9999999', document.versionId))).code).toBe('DOCUMENT_NOT_FOUND');
  });

  it('renames, reclassifies and marks documents used', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[2]);
    const document = (await adapter.listDocuments(alice, caseId))[0];
    const renamed = await adapter.renameDocument(alice, caseId, document.documentId, 'Statement – Zoë Brontë (£5)');
    expect(renamed.title).toBe('Statement – Zoë Brontë (£5)');
    const reclassified = await adapter.reclassifyDocument(alice, caseId, document.documentId, 'Unused material');
    expect(reclassified.category).toBe('Unused material');
    const used = await adapter.setDocumentUsed(alice, caseId, document.documentId, !document.isUsed);
    expect(used.isUsed).toBe(!document.isUsed);
    const listed = (await adapter.listDocuments(alice, caseId)).find((candidate) => candidate.documentId === document.documentId)!;
    expect(listed).toMatchObject({ title: 'Statement – Zoë Brontë (£5)', category: 'Unused material', isUsed: !document.isUsed });
    expect((await domainFailureOf(adapter.renameDocument(alice, caseId, document.documentId, ''))).code).toBe('VALIDATION_FAILED');
  });

  it('adds a note over SOAP and lists it over GraphQL, text intact', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[3]);
    const text = 'Café meeting with OIC – £240 exhibit, Zoë’s statement to follow';
    const note = await adapter.addNote(alice, caseId, text);
    expect(note).toMatchObject({ text, createdBy: 'alice.admin' });
    expect(note.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const notes = await adapter.listNotes(alice, caseId);
    expect(notes.find((listed) => listed.noteId === note.noteId)).toEqual(note);
  });

  it('decodes Windows-1252 names exactly (SOAP agrees with the UTF-8 GraphQL API)', async () => {
    let compared = 0;
    for (const urn of userInfo('alice.admin').visibleUrns.slice(0, 4)) {
      const caseId = await caseIdFor(alice, urn);
      for (const document of await adapter.listDocuments(alice, caseId)) {
        if (/^[\x20-\x7e]*$/.test(document.fileName)) continue;
        const info = await adapter.getDocumentInfo(alice, caseId, document.documentId, document.versionId);
        expect(info.fileName).toBe(document.fileName);
        compared += 1;
      }
      const defendants = await adapter.getDefendants(alice, caseId);
      for (const name of defendants.flatMap((defendant) => [defendant.firstNames, defendant.surname])) expect(name).not.toMatch(/[\uFFFD]|Ã/);
    }
    expect(compared).toBeGreaterThan(0);
    const documents = await adapter.listDocuments(alice, await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]));
    expect(documents.map((document) => document.fileName).join(' ')).toMatch(/[éëöøèïü]/);
  });

  it('refuses a check-out held by another user and checks in a 3 MB file in chunks', async () => {
    const caseId = await caseIdFor(bob, userInfo('bob.north').visibleUrns[0]);
    const document: CaseDocument = (await adapter.listDocuments(alice, caseId)).find((candidate) => !candidate.isCheckedOut)!;
    await adapter.checkOutDocument(alice, caseId, document.documentId, document.versionId);

    const conflict = await domainFailureOf(adapter.checkOutDocument(bob, caseId, document.documentId, document.versionId));
    expect(conflict.code).toBe('DOCUMENT_CHECKED_OUT');
    expect(conflict.details).toEqual({ checkedOutBy: 'alice.admin' });
    expect((await domainFailureOf(adapter.renameDocument(bob, caseId, document.documentId, 'sneaky'))).code).toBe('DOCUMENT_CHECKED_OUT');
    expect((await domainFailureOf(adapter.cancelCheckOut(bob, caseId, document.documentId))).code).toBe('DOCUMENT_CHECKED_OUT');
    expect((await adapter.getDocumentInfo(alice, caseId, document.documentId, document.versionId)).checkedOutBy).toBe('alice.admin');

    const sizeBytes = 3 * 1_048_576 + 12_345;
    const content = Buffer.alloc(sizeBytes);
    for (let i = 0; i < sizeBytes; i += 1) content[i] = (i * 31 + (i >> 10)) & 0xff;
    const pieces = function* () {
      for (let offset = 0; offset < sizeBytes; offset += 65_000) yield content.subarray(offset, offset + 65_000);
    };
    const versionId = await adapter.checkInDocument(alice, {
      caseId,
      documentId: document.documentId,
      fileName: 'revised statement.pdf',
      mimeType: 'application/pdf',
      sizeBytes,
      content: Readable.from(pieces()),
    });
    expect(versionId).toMatch(/^[1-9]\d*$/);
    expect(versionId).not.toBe(document.versionId);

    const after = (await adapter.listDocuments(alice, caseId)).find((candidate) => candidate.documentId === document.documentId)!;
    expect(after).toMatchObject({ versionId, isCheckedOut: false, sizeBytes, fileName: 'revised statement.pdf' });
    expect(after.versions.map((version) => version.versionId)).toEqual([...document.versions.map((version) => version.versionId), versionId]);
    const stored = await readAll((await adapter.openDocumentContent(alice, caseId, document.documentId, versionId, null)).stream);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('cancels a check-out', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[4]);
    const document = (await adapter.listDocuments(alice, caseId)).find((candidate) => !candidate.isCheckedOut)!;
    await adapter.checkOutDocument(alice, caseId, document.documentId, document.versionId);
    expect((await adapter.getDocumentInfo(alice, caseId, document.documentId, document.versionId)).isCheckedOut).toBe(true);
    await adapter.cancelCheckOut(alice, caseId, document.documentId);
    expect((await adapter.getDocumentInfo(alice, caseId, document.documentId, document.versionId)).isCheckedOut).toBe(false);
  });

  it('recovers from expired sessions transparently, on every interface', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    const document = (await adapter.listDocuments(alice, caseId))[0];
    await admin('/sessions/expire', { method: 'POST' });
    expect((await adapter.getCaseSummary(alice, caseId)).caseId).toBe(caseId);
    await admin('/sessions/expire', { method: 'POST' });
    expect((await adapter.listDocuments(alice, caseId)).length).toBeGreaterThan(0);
    await admin('/sessions/expire', { method: 'POST' });
    const content = await adapter.openDocumentContent(alice, caseId, document.documentId, document.versionId, { start: 0, end: 3 });
    expect((await readAll(content.stream)).length).toBe(4);
  });

  it('reports readiness of all three interfaces', async () => {
    const readiness = await adapter.readiness();
    expect(Object.values(readiness).map((state) => state.up)).toEqual([true, true, true]);
    expect(Object.keys(readiness)).toHaveLength(3);
  });
});

describe('LegacyCmsAdapter against injected stand-in faults', () => {
  const faults = (body: Record<string, unknown>) => admin('/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses a DOCTYPE-bearing SOAP response', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    await faults({ target: 'soap', doctypeXml: true });
    expect((await domainFailureOf(adapter.getCaseSummary(alice, caseId))).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('maps malformed XML, outages and timeouts', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    await faults({ target: 'soap', malformedXml: true });
    expect((await domainFailureOf(adapter.getCaseSummary(alice, caseId))).code).toBe('LEGACY_BAD_RESPONSE');
    await faults({ target: 'soap', outage: true });
    expect((await domainFailureOf(adapter.getCaseSummary(alice, caseId))).code).toBe('LEGACY_UNAVAILABLE');
    await admin('/faults', { method: 'DELETE' });
    // The short deadline is only on the calls made while the legacy CMS hangs: the session they use is
    // opened beforehand through a patient connection, so no healthy call ever runs under it.
    const patient = connectionWith(PATIENT_MS);
    const short = connectionWith(300);
    const impatient = new LegacyCmsAdapter(short.classic, short.graphql, short.fileStore, patient.sessions);
    try {
      expect((await LegacyCmsAdapter.over(patient).listNotes(alice, caseId)).length).toBeGreaterThanOrEqual(0);
      await faults({ target: 'all', hang: true });
      expect((await domainFailureOf(impatient.getCaseSummary(alice, caseId))).code).toBe('LEGACY_TIMEOUT');
      expect((await domainFailureOf(impatient.listNotes(alice, caseId))).code).toBe('LEGACY_TIMEOUT');
      const readiness = await impatient.readiness();
      expect(readiness.legacyClassic.up).toBe(false);
      expect(readiness.legacyModern.up).toBe(false);
    } finally {
      patient.onApplicationShutdown();
      short.onApplicationShutdown();
    }
  });

  it('keeps documents when one field fails (partial GraphQL data)', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    await faults({ target: 'graphql', partialGraphqlErrors: true });
    const documents = await adapter.listDocuments(alice, caseId);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((document) => document.documentDate === null)).toBe(true);
  });

  it('maps the per-session rate limit to LEGACY_RATE_LIMITED', async () => {
    const caseId = await caseIdFor(alice, userInfo('alice.admin').visibleUrns[0]);
    await admin('/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 1 }) });
    // The stand-in's clock stands still: the bursts use up the session's budget however slowly the calls run.
    clock.freeze();
    try {
      await admin('/sessions/expire', { method: 'POST' });
      const soapOutcomes = await Promise.allSettled(Array.from({ length: 6 }, () => adapter.getCaseSummary(alice, caseId)));
      const soapCodes = soapOutcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as DomainError).code : 'ok'));
      expect(soapCodes).toContain('LEGACY_RATE_LIMITED');
      expect(soapCodes.filter((code) => code !== 'ok' && code !== 'LEGACY_RATE_LIMITED')).toEqual([]);

      clock.advance(2_000); // the bucket refills
      const graphqlOutcomes = await Promise.allSettled(Array.from({ length: 6 }, () => adapter.listNotes(alice, caseId)));
      const limited = graphqlOutcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected').map((outcome) => outcome.reason as DomainError);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited.length).toBeLessThan(6);
      for (const error of limited) {
        expect(error.code).toBe('LEGACY_RATE_LIMITED');
        expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
      }
    } finally {
      clock.release();
      await admin('/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 0 }) });
    }
  });
});
