import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainError } from '../../src/common/domain-error.js';
import type { CaseDocument, CaseRef, LegacyCaller, LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

/**
 * What the suite runs on. Each implementation discovers or seeds it from its own data (the stand-in's seed,
 * the fake's seeding API); the suite asserts only behaviour every LegacyCms must share.
 */
export interface LegacyCmsContractWorld {
  readonly cms: LegacyCms;
  /** Sees `caseRef` and `witnessCaseId`, without witness clearance. */
  readonly granted: LegacyCaller;
  /** Another user who sees `caseRef`: the one who finds a document checked out by `granted`. */
  readonly colleague: LegacyCaller;
  /** Does not see `caseRef`. */
  readonly denied: LegacyCaller;
  /** A case with at least four checked-in documents of a few bytes or more (the mutating tests use one each). */
  readonly caseRef: CaseRef;
  /** Whether `caseRef` holds an email attachment (a document with a parentDocumentId). */
  readonly hasEmailAttachment: boolean;
  /** A case where `granted` gets witness data withheld, with warnings. */
  readonly witnessCaseId: string;
  /** A canonical case id no case has. */
  readonly unknownCaseId: string;
  teardown(): Promise<void>;
}

/** Canonical decimal ids: no sign, no zero padding. */
const CANONICAL_ID = /^[1-9]\d*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const expectId = (id: string | null): void => expect(id).toMatch(CANONICAL_ID);
const expectDate = (date: string | null): void => {
  if (date === null) return;
  expect(date).toMatch(ISO_DATE);
  expect(new Date(`${date}T00:00:00.000Z`).toISOString().slice(0, 10)).toBe(date);
};
const expectDateTime = (dateTime: string | null): void => {
  if (dateTime === null) return;
  expect(Number.isNaN(Date.parse(dateTime))).toBe(false);
  expect(dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => (await domainFailureOf(promise)).code;

/** An id one above the largest of `ids`: one the implementation has not handed out. */
const unusedId = (ids: readonly string[]): string => String(Math.max(0, ...ids.map(Number)) + 1_000);

/** Content of a check-in: position-dependent, so a shifted or truncated copy cannot pass. */
const checkInBytes = (size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251));

/**
 * The behaviour every LegacyCms must have: the adapter over the legacy CMS (its stand-in), the in-memory fake,
 * and the strangled LegacyCms with each modern implementation put in. Jest does not match this file.
 */
export function describeLegacyCmsContract(name: string, setup: () => Promise<LegacyCmsContractWorld>): void {
  describe(`LegacyCms contract: ${name}`, () => {
    let world: LegacyCmsContractWorld;
    let cms: LegacyCms;
    let caseId: string;
    /** Documents a mutating test has taken: each takes its own, so the others see the world unchanged. */
    const taken = new Set<string>();

    beforeAll(async () => {
      world = await setup();
      cms = world.cms;
      caseId = world.caseRef.caseId;
    });
    afterAll(async () => {
      await world?.teardown();
    });

    const documents = (): Promise<CaseDocument[]> => cms.listDocuments(world.granted, caseId);
    const listed = async (documentId: string): Promise<CaseDocument> => {
      const found = (await documents()).find((document) => document.documentId === documentId);
      if (!found) throw new Error(`document ${documentId} is not listed`);
      return found;
    };
    /** A checked-in document no other test has changed. */
    const takeDocument = async (): Promise<CaseDocument> => {
      const free = (await documents()).filter((document) => !document.isCheckedOut && !taken.has(document.documentId));
      const document = free.sort((a, b) => a.sizeBytes - b.sizeBytes).find((candidate) => candidate.sizeBytes >= 4);
      if (!document) throw new Error(`the world's case ${caseId} has no document left for a mutating test`);
      taken.add(document.documentId);
      return document;
    };

    describe('cases', () => {
      it('answers canonical ids and ISO dates, and findCasesByUrn round-trips to getCaseSummary', async () => {
        const refs = await cms.findCasesByUrn(world.granted, world.caseRef.urn);
        expect(refs.map((ref) => ref.caseId)).toContain(caseId);
        for (const ref of refs) {
          expectId(ref.caseId);
          expect(ref.urn).toBe(world.caseRef.urn);
          const summary = await cms.getCaseSummary(world.granted, ref.caseId);
          expect({ caseId: summary.caseId, urn: summary.urn }).toEqual(ref);
          expectId(summary.unitId);
          expect(typeof summary.isCustody).toBe('boolean');
          expectDate(summary.registeredDate);
          expectDate(summary.nextHearingDate);
        }
      });

      it('answers defendants and charges with canonical ids and ISO dates', async () => {
        const defendants = await cms.getDefendants(world.granted, caseId);
        for (const defendant of defendants) {
          expectId(defendant.defendantId);
          expectDate(defendant.dateOfBirth);
          for (const charge of defendant.charges) {
            expectId(charge.chargeId);
            expectDate(charge.offenceDate);
          }
        }
      });

      it('tells access granted, denied and not-found', async () => {
        expect(await cms.checkCaseAccess(world.granted, caseId)).toBe('granted');
        expect(await cms.checkCaseAccess(world.colleague, caseId)).toBe('granted');
        expect(await cms.checkCaseAccess(world.denied, caseId)).toBe('denied');
        expect(await cms.checkCaseAccess(world.granted, world.unknownCaseId)).toBe('not-found');
      });

      it('finds no case of a URN for a caller who may not see it', async () => {
        const refs = await cms.findCasesByUrn(world.denied, world.caseRef.urn);
        expect(refs.map((ref) => ref.caseId)).not.toContain(caseId);
      });
    });

    describe('failures of every case-scoped method', () => {
      /** Every case-scoped method, called on `target` as `caller`, with a document and version that exist in the world's case. */
      const everyMethod = (caller: LegacyCaller, target: string, document: CaseDocument): [string, () => Promise<unknown>][] => [
        ['getCaseSummary', () => cms.getCaseSummary(caller, target)],
        ['getDefendants', () => cms.getDefendants(caller, target)],
        ['getWitnesses', () => cms.getWitnesses(caller, target)],
        ['listDocuments', () => cms.listDocuments(caller, target)],
        ['getDocumentInfo', () => cms.getDocumentInfo(caller, target, document.documentId, document.versionId)],
        ['openDocumentContent', () => cms.openDocumentContent(caller, target, document.documentId, document.versionId, null)],
        ['renameDocument', () => cms.renameDocument(caller, target, document.documentId, 'Not applied')],
        ['reclassifyDocument', () => cms.reclassifyDocument(caller, target, document.documentId, 'Not applied')],
        ['setDocumentUsed', () => cms.setDocumentUsed(caller, target, document.documentId, !document.isUsed)],
        ['listNotes', () => cms.listNotes(caller, target)],
        ['addNote', () => cms.addNote(caller, target, 'Not applied')],
        ['checkOutDocument', () => cms.checkOutDocument(caller, target, document.documentId, document.versionId)],
        ['cancelCheckOut', () => cms.cancelCheckOut(caller, target, document.documentId)],
        [
          'checkInDocument',
          () =>
            cms.checkInDocument(caller, { caseId: target, documentId: document.documentId, fileName: 'x.txt', mimeType: 'text/plain', sizeBytes: 4, content: Readable.from([checkInBytes(4)]) }),
        ],
      ];

      const codesOf = async (calls: [string, () => Promise<unknown>][]): Promise<Record<string, string>> => {
        const codes: Record<string, string> = {};
        // A method that throws instead of rejecting breaks callers that chain on the promise: it fails here too.
        for (const [method, call] of calls) codes[method] = await codeOf(Promise.resolve().then(() => call()));
        return codes;
      };

      it('answers CASE_NOT_FOUND for an unknown case', async () => {
        const document = (await documents())[0];
        const codes = await codesOf(everyMethod(world.granted, world.unknownCaseId, document));
        expect(codes).toEqual(Object.fromEntries(Object.keys(codes).map((method) => [method, 'CASE_NOT_FOUND'])));
      });

      it('answers CASE_ACCESS_DENIED to a caller who may not see the case, and changes nothing', async () => {
        const before = await documents();
        const notesBefore = await cms.listNotes(world.granted, caseId);
        const codes = await codesOf(everyMethod(world.denied, caseId, before[0]));
        expect(codes).toEqual(Object.fromEntries(Object.keys(codes).map((method) => [method, 'CASE_ACCESS_DENIED'])));
        expect(await documents()).toEqual(before);
        expect(await cms.listNotes(world.granted, caseId)).toEqual(notesBefore);
      });

      it('answers DOCUMENT_NOT_FOUND and DOCUMENT_VERSION_NOT_FOUND for unknown documents and versions', async () => {
        const all = await documents();
        const document = all[0];
        const unknownDocumentId = unusedId(all.map((candidate) => candidate.documentId));
        const unknownVersionId = unusedId(all.flatMap((candidate) => candidate.versions.map((version) => version.versionId)));
        expect(await codeOf(cms.getDocumentInfo(world.granted, caseId, unknownDocumentId, document.versionId))).toBe('DOCUMENT_NOT_FOUND');
        expect(await codeOf(cms.openDocumentContent(world.granted, caseId, unknownDocumentId, document.versionId, null))).toBe('DOCUMENT_NOT_FOUND');
        expect(await codeOf(cms.renameDocument(world.granted, caseId, unknownDocumentId, 'Not applied'))).toBe('DOCUMENT_NOT_FOUND');
        expect(await codeOf(cms.getDocumentInfo(world.granted, caseId, document.documentId, unknownVersionId))).toBe('DOCUMENT_VERSION_NOT_FOUND');
        expect(await codeOf(cms.openDocumentContent(world.granted, caseId, document.documentId, unknownVersionId, null))).toBe('DOCUMENT_VERSION_NOT_FOUND');
      });
    });

    describe('witnesses', () => {
      it('carries a warning for every field withheld, and the withheld fields are null', async () => {
        const { value, warnings } = await cms.getWitnesses(world.granted, world.witnessCaseId);
        expect(warnings.length).toBeGreaterThan(0);
        for (const warning of warnings) {
          const match = /^witnesses\[(\d+)\]\.(dateOfBirth|address|phone)$/.exec(warning);
          expect(match).not.toBeNull();
          const witness = value[Number(match![1])];
          expect(witness).toBeDefined();
          expect(witness[match![2] as 'dateOfBirth' | 'address' | 'phone']).toBeNull();
        }
        for (const witness of value) {
          expectId(witness.witnessId);
          expectDate(witness.dateOfBirth);
          expect(typeof witness.isVulnerable).toBe('boolean');
          expect(typeof witness.isIntimidated).toBe('boolean');
        }
      });
    });

    describe('documents', () => {
      it('lists versions oldest first with the current one last, links attachments to a listed email, in canonical ids', async () => {
        const all = await documents();
        expect(all.length).toBeGreaterThanOrEqual(4);
        const ids = all.map((document) => document.documentId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const document of all) {
          expectId(document.documentId);
          expectId(document.versionId);
          expectDate(document.documentDate);
          expect(document.versions.length).toBeGreaterThan(0);
          expect(document.versions.at(-1)!.versionId).toBe(document.versionId);
          expect(document.sizeBytes).toBe(document.versions.at(-1)!.sizeBytes);
          const versionIds = document.versions.map((version) => Number(version.versionId));
          expect(versionIds).toEqual([...versionIds].sort((a, b) => a - b));
          for (const version of document.versions) {
            expectId(version.versionId);
            expectDateTime(version.createdAt);
          }
          const createdAts = document.versions.map((version) => version.createdAt).filter((at): at is string => at !== null);
          expect(createdAts.map(Date.parse)).toEqual(createdAts.map(Date.parse).sort((a, b) => a - b));
          if (document.parentDocumentId !== null) {
            expectId(document.parentDocumentId);
            expect(ids).toContain(document.parentDocumentId);
          }
        }
        const attachments = all.filter((document) => document.parentDocumentId !== null);
        if (world.hasEmailAttachment) expect(attachments.length).toBeGreaterThan(0);
        else expect(attachments).toEqual([]);
      });

      it('answers getDocumentInfo as listed, for the current and every earlier version', async () => {
        for (const document of await documents()) {
          for (const version of document.versions) {
            const info = await cms.getDocumentInfo(world.granted, caseId, document.documentId, version.versionId);
            expect(info).toMatchObject({ documentId: document.documentId, versionId: version.versionId, sizeBytes: version.sizeBytes, isCheckedOut: document.isCheckedOut });
            if (version.versionId === document.versionId) expect(info).toMatchObject({ fileName: document.fileName, mimeType: document.mimeType });
            if (!info.isCheckedOut) expect(info.checkedOutBy).toBeNull();
          }
        }
      });

      it('streams content whole and by range, the range being the matching slice of the whole', async () => {
        const document = (await documents()).filter((candidate) => candidate.sizeBytes >= 4).sort((a, b) => a.sizeBytes - b.sizeBytes)[0];
        const whole = await cms.openDocumentContent(world.granted, caseId, document.documentId, document.versionId, null);
        const bytes = await readAll(whole.stream);
        expect(bytes.length).toBe(document.sizeBytes);
        expect(whole).toMatchObject({ totalBytes: document.sizeBytes, range: null, mimeType: document.mimeType, fileName: document.fileName });

        const range = { start: Math.floor(document.sizeBytes / 4), end: Math.floor(document.sizeBytes / 2) };
        const part = await cms.openDocumentContent(world.granted, caseId, document.documentId, document.versionId, range);
        expect(part).toMatchObject({ totalBytes: document.sizeBytes, range, mimeType: document.mimeType, fileName: document.fileName });
        expect((await readAll(part.stream)).equals(bytes.subarray(range.start, range.end + 1))).toBe(true);

        const last = { start: document.sizeBytes - 1, end: document.sizeBytes - 1 };
        const tail = await cms.openDocumentContent(world.granted, caseId, document.documentId, document.versionId, last);
        expect((await readAll(tail.stream)).equals(bytes.subarray(document.sizeBytes - 1))).toBe(true);

        const overrun = { start: document.sizeBytes - 2, end: document.sizeBytes + 100 };
        const cut = await cms.openDocumentContent(world.granted, caseId, document.documentId, document.versionId, overrun);
        expect(cut).toMatchObject({ totalBytes: document.sizeBytes, range: { start: overrun.start, end: document.sizeBytes - 1 } });
        expect((await readAll(cut.stream)).equals(bytes.subarray(overrun.start))).toBe(true);

        const beyond = { start: document.sizeBytes + 10, end: document.sizeBytes + 20 };
        expect(await codeOf(cms.openDocumentContent(world.granted, caseId, document.documentId, document.versionId, beyond))).toBe('RANGE_NOT_SATISFIABLE');
      });

      it('renames, reclassifies and marks used, answering the updated document, seen in the next list', async () => {
        const document = await takeDocument();
        const title = `  Statement – Zoë Brontë (£5) ${document.documentId}  `;
        const renamed = await cms.renameDocument(world.granted, caseId, document.documentId, title);
        expect(renamed).toEqual({ ...document, title: title.trim() });
        expect(await listed(document.documentId)).toEqual(renamed);

        const reclassified = await cms.reclassifyDocument(world.granted, caseId, document.documentId, 'Unused material');
        expect(reclassified).toEqual({ ...renamed, category: 'Unused material' });
        expect(await listed(document.documentId)).toEqual(reclassified);

        const used = await cms.setDocumentUsed(world.granted, caseId, document.documentId, !document.isUsed);
        expect(used).toEqual({ ...reclassified, isUsed: !document.isUsed });
        expect(await listed(document.documentId)).toEqual(used);

        expect(await codeOf(cms.renameDocument(world.granted, caseId, document.documentId, '   '))).toBe('VALIDATION_FAILED');
        expect(await listed(document.documentId)).toEqual(used);
      });
    });

    describe('notes', () => {
      it('lists an added note as it was answered', async () => {
        const before = await cms.listNotes(world.granted, caseId);
        const text = `Café meeting with OIC – £240 exhibit ${before.length}`;
        const note = await cms.addNote(world.granted, caseId, text);
        expectId(note.noteId);
        expect(before.map((listedNote) => listedNote.noteId)).not.toContain(note.noteId);
        expect(note).toMatchObject({ text, createdBy: world.granted.username });
        expectDateTime(note.createdAt);
        const after = await cms.listNotes(world.granted, caseId);
        expect(after).toEqual(expect.arrayContaining([...before, note]));
        expect(after).toHaveLength(before.length + 1);
        for (const listedNote of after) {
          expectId(listedNote.noteId);
          expectDateTime(listedNote.createdAt);
        }
        expect(await codeOf(cms.addNote(world.granted, caseId, '  '))).toBe('VALIDATION_FAILED');
      });
    });

    describe('check-out and check-in', () => {
      it('holds a check-out against another user and checks in a new version, listed last', async () => {
        const document = await takeDocument();
        await cms.checkOutDocument(world.granted, caseId, document.documentId, document.versionId);
        // Checking out again as the holder is no conflict.
        await cms.checkOutDocument(world.granted, caseId, document.documentId, document.versionId);

        const conflict: DomainError = await domainFailureOf(cms.checkOutDocument(world.colleague, caseId, document.documentId, document.versionId));
        expect(conflict.code).toBe('DOCUMENT_CHECKED_OUT');
        expect(conflict.details).toEqual({ checkedOutBy: world.granted.username });
        const refused = await domainFailureOf(cms.renameDocument(world.colleague, caseId, document.documentId, 'Not applied'));
        expect({ code: refused.code, details: refused.details }).toEqual({ code: 'DOCUMENT_CHECKED_OUT', details: { checkedOutBy: world.granted.username } });
        expect(await codeOf(cms.cancelCheckOut(world.colleague, caseId, document.documentId))).toBe('DOCUMENT_CHECKED_OUT');

        const info = await cms.getDocumentInfo(world.colleague, caseId, document.documentId, document.versionId);
        expect(info).toMatchObject({ isCheckedOut: true, checkedOutBy: world.granted.username });
        expect((await listed(document.documentId)).isCheckedOut).toBe(true);
        // The holder may still edit it.
        expect((await cms.renameDocument(world.granted, caseId, document.documentId, `Revised ${document.documentId}`)).title).toBe(`Revised ${document.documentId}`);

        const content = checkInBytes(4_321);
        const versionId = await cms.checkInDocument(world.granted, {
          caseId,
          documentId: document.documentId,
          fileName: 'revised statement – Zoë.txt',
          mimeType: 'text/plain',
          sizeBytes: content.length,
          content: Readable.from([content.subarray(0, 1_000), content.subarray(1_000)]),
        });
        expectId(versionId);
        expect(document.versions.map((version) => version.versionId)).not.toContain(versionId);

        const after = await listed(document.documentId);
        expect(after).toMatchObject({ versionId, isCheckedOut: false, sizeBytes: content.length, fileName: 'revised statement – Zoë.txt', mimeType: 'text/plain' });
        expect(after.versions.map((version) => version.versionId)).toEqual([...document.versions.map((version) => version.versionId), versionId]);
        expect(await cms.getDocumentInfo(world.granted, caseId, document.documentId, versionId)).toMatchObject({ sizeBytes: content.length, isCheckedOut: false, checkedOutBy: null });
        const stored = await readAll((await cms.openDocumentContent(world.granted, caseId, document.documentId, versionId, null)).stream);
        expect(stored.equals(content)).toBe(true);

        const notHeld = await domainFailureOf(cms.cancelCheckOut(world.granted, caseId, document.documentId));
        expect({ code: notHeld.code, details: notHeld.details }).toEqual({ code: 'DOCUMENT_CHECKED_OUT', details: { notCheckedOutByCaller: true } });
      });

      it('cancels a check-out, and refuses to check out a version that is not the current one', async () => {
        const document = await takeDocument();
        await cms.checkOutDocument(world.granted, caseId, document.documentId, document.versionId);
        await cms.cancelCheckOut(world.granted, caseId, document.documentId);
        expect(await cms.getDocumentInfo(world.granted, caseId, document.documentId, document.versionId)).toMatchObject({ isCheckedOut: false, checkedOutBy: null });
        expect(await listed(document.documentId)).toEqual(document);
        // Free again: the colleague may take it.
        await cms.checkOutDocument(world.colleague, caseId, document.documentId, document.versionId);
        await cms.cancelCheckOut(world.colleague, caseId, document.documentId);

        const older = (await documents()).find((candidate) => candidate.versions.length > 1 && !candidate.isCheckedOut);
        if (!older) throw new Error(`the world's case ${caseId} has no document with an earlier version`);
        expect(await codeOf(cms.checkOutDocument(world.granted, caseId, older.documentId, older.versions[0].versionId))).toBe('VALIDATION_FAILED');
        expect((await listed(older.documentId)).isCheckedOut).toBe(false);
      });

      it('refuses a check-in without a check-out', async () => {
        const document = await takeDocument();
        const failure = await domainFailureOf(
          cms.checkInDocument(world.granted, { caseId, documentId: document.documentId, fileName: 'x.txt', mimeType: 'text/plain', sizeBytes: 4, content: Readable.from([checkInBytes(4)]) }),
        );
        expect({ code: failure.code, details: failure.details }).toEqual({ code: 'DOCUMENT_CHECKED_OUT', details: { notCheckedOutByCaller: true } });
        expect(await listed(document.documentId)).toEqual(document);
      });
    });
  });
}
