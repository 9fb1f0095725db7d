import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { DomainError } from '../common/domain-error.js';
import type { ErrorCode } from '../common/error-codes.js';
import { ProcessingFailure } from '../conversion/processing-failure.js';
import type { DocumentText } from '../common/word-model.js';
import { blobKeys } from '../ingestion/blob-keys.js';
import type { CaseRefresher } from '../ingestion/case-refresher.js';
import { IngestedVersionsService } from '../ingestion/ingested-versions.service.js';
import { IngestionService } from '../ingestion/ingestion.service.js';
import { IngestionTracker } from '../ingestion/tracker/ingestion-tracker.js';
import type { CaseTracker } from '../ingestion/tracker/tracker.model.js';
import type { CaseDocument, CheckInRequest, DocumentInfo, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { FsBlobStore } from '../storage/blob/fs-blob-store.adapter.js';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { RedactionLogSummaryStore } from './log/redaction-log-summary.store.js';
import { RedactionTypeCatalog } from './log/redaction-type-catalog.js';
import { RemovedWordHasher } from './log/removed-word-hasher.js';
import { RedactionLog } from './redaction-log.js';
import { RedactionSaveLock } from './redaction-save-lock.js';
import { StateLease } from '../storage/state/state-lease.js';
import { REDACTION_SAVES_TABLE, RedactionSaveJournal, type RedactionSaveRecord } from './redaction-save-journal.js';
import type { RedactionVerificationInput, RedactionVerifier } from './redaction-verifier.port.js';
import type { RedactionPlan, RedactionResult, Redactor, VerificationReport } from './redaction.types.js';
import { redactedFileName, RedactionService, type RedactionServiceOptions } from './redaction.service.js';
import { eventually } from '../../test/helpers/eventually.js';
import { domainFailureOf } from '../../test/helpers/rejection-of.js';

const CALLER: LegacyCaller = { username: 'alice.admin', correlationId: 'corr-7' };
const TARGET = { caseId: '42', documentId: '1001', versionId: '7001' };
const PDF = Buffer.from('%PDF-1.7\n% stand-in bytes for the unit test\n%%EOF\n');
const TEXT: DocumentText = {
  pageCount: 2,
  pages: [0, 1].map((pageIndex) => ({
    pageIndex,
    width: 600,
    height: 800,
    rotation: 0,
    source: 'text-layer' as const,
    lines: [{ text: 'Ring 07700 900123', box: { x: 50, y: 100, width: 170, height: 12 }, words: [
      { text: 'Ring', box: { x: 50, y: 100, width: 40, height: 12 } },
      { text: '07700', box: { x: 95, y: 100, width: 50, height: 12 } },
      { text: '900123', box: { x: 150, y: 100, width: 70, height: 12 } },
    ] }],
  })),
};

/** The legacy CMS as the save-back sees it, recording every write. */
class FakeLegacy {
  calls: string[] = [];
  document: CaseDocument = {
    documentId: '1001',
    versionId: '7001',
    title: 'Statement',
    fileName: 'MG11 statement.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    category: 'Statement',
    documentDate: null,
    parentDocumentId: null,
    isUsed: true,
    isCheckedOut: false,
    sizeBytes: 10,
    versions: [{ versionId: '7000', createdAt: null, sizeBytes: 9 }, { versionId: '7001', createdAt: null, sizeBytes: 10 }],
  };
  checkedOutBy: string | null = null;
  checkOutError: Error | null = null;
  checkInError: Error | null = null;
  cancelError: Error | null = null;
  uploaded: { request: Omit<CheckInRequest, 'content'>; bytes: Buffer } | null = null;

  getCaseSummary = (): Promise<{ unitId: string; unitName: string }> => Promise.resolve({ unitId: 'U1', unitName: 'Unit one' });
  listDocuments = (): Promise<CaseDocument[]> => Promise.resolve([{ ...this.document, isCheckedOut: this.checkedOutBy !== null }]);
  getDocumentInfo = (): Promise<DocumentInfo> =>
    Promise.resolve({ documentId: '1001', versionId: this.document.versionId, fileName: 'x', mimeType: 'x', sizeBytes: 1, isCheckedOut: this.checkedOutBy !== null, checkedOutBy: this.checkedOutBy });
  checkOutDocument = (caller: LegacyCaller): Promise<void> => {
    this.calls.push('checkOut');
    if (this.checkOutError) return Promise.reject(this.checkOutError);
    this.checkedOutBy = caller.username;
    return Promise.resolve();
  };
  cancelCheckOut = (): Promise<void> => {
    this.calls.push('cancel');
    if (this.cancelError) return Promise.reject(this.cancelError);
    this.checkedOutBy = null;
    return Promise.resolve();
  };
  checkInDocument = async (_caller: LegacyCaller, request: CheckInRequest): Promise<string> => {
    this.calls.push('checkIn');
    const chunks: Buffer[] = [];
    for await (const chunk of request.content) chunks.push(chunk as Buffer);
    if (this.checkInError) throw this.checkInError;
    const { content: _content, ...rest } = request;
    this.uploaded = { request: rest, bytes: Buffer.concat(chunks) };
    this.checkedOutBy = null;
    this.document = { ...this.document, versionId: '7002', versions: [...this.document.versions, { versionId: '7002', createdAt: null, sizeBytes: 1 }] };
    return '7002';
  };
}

class FakeRedactor implements Redactor {
  readonly engine = 'fake';
  plans: RedactionPlan[] = [];
  failure: Error | null = null;
  available = () => Promise.resolve(true);
  async redact(input: string, plan: RedactionPlan, output: string): Promise<RedactionResult> {
    this.plans.push(plan);
    if (this.failure) throw this.failure;
    await copyFile(input, output);
    const redactedPages = [...new Set(plan.boxes.map((box) => box.pageIndex))].sort((a, b) => a - b);
    return { outputPath: output, pageCount: 2, redactedPages, boxCount: plan.boxes.length, engine: this.engine };
  }
}

class FakeVerifier implements RedactionVerifier {
  report: VerificationReport = { ok: true, failures: [] };
  crash = false;
  inputs: RedactionVerificationInput[] = [];
  verify(input: RedactionVerificationInput): Promise<VerificationReport> {
    this.inputs.push(input);
    return this.crash ? Promise.reject(new Error('verifier crashed')) : Promise.resolve(this.report);
  }
}

describe('RedactionService', () => {
  let dir: string;
  let blobs: FsBlobStore;
  let state: InMemoryStateStore;
  let legacy: FakeLegacy;
  let redactor: FakeRedactor;
  let verifier: FakeVerifier;
  let refreshes: string[];
  let log: RedactionLog;
  let audit: AuditTrail;
  let options: RedactionServiceOptions;
  let logged: ReturnType<typeof jest.spyOn>;
  let journal: RedactionSaveJournal;
  let clockMs: number;

  const service = () =>
    new RedactionService(
      legacy as unknown as LegacyCms,
      new IngestedVersionsService(
        new IngestionService({ refresh: (_caller: LegacyCaller, caseId: string) => (refreshes.push(caseId), Promise.resolve({ documents: [] } as unknown as CaseTracker)) } as unknown as CaseRefresher, new IngestionTracker(state), blobs),
        new IngestionTracker(state),
        blobs,
      ),
      redactor,
      verifier,
      log,
      audit,
      options,
      journal,
      new RedactionTypeCatalog(['named-person', 'phone', 'other']),
      RemovedWordHasher.fromKey(Buffer.alloc(32, 7).toString('base64')),
      new RedactionLogSummaryStore(state),
      new RedactionSaveLock(new StateLease(state, () => new Date(clockMs)), 30_000),
    );
  const codeOf = async (promise: Promise<unknown>): Promise<ErrorCode> => (await domainFailureOf(promise)).code;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'redaction-service-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    logged.mockRestore();
  });

  beforeEach(async () => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const root = await mkdtemp(path.join(dir, 'case-'));
    blobs = new FsBlobStore({ root: path.join(root, 'blobs'), uncommittedGraceMs: 0 });
    state = InMemoryStateStore.fromConfig();
    const keys = blobKeys(TARGET.caseId, TARGET.documentId, TARGET.versionId);
    await blobs.put(keys.pdf, Readable.from([PDF]), { contentType: 'application/pdf' });
    await blobs.put(keys.text, Readable.from([Buffer.from(JSON.stringify({ ...TARGET, ...TEXT }))]), { contentType: 'application/json' });
    legacy = new FakeLegacy();
    redactor = new FakeRedactor();
    verifier = new FakeVerifier();
    refreshes = [];
    log = new RedactionLog(state);
    audit = new AuditTrail(state);
    options = { workDir: path.join(root, 'work'), maxPdfBytes: 1_000_000, maxPages: 100 };
    clockMs = Date.parse('2026-03-01T09:00:00Z');
    journal = new RedactionSaveJournal(state, { leaseMs: 30_000, now: () => clockMs });
  });

  /** A save record as a request that died at `step` left it, its lease run out; answers it claimed for recovery. */
  const deadSave = async (step: 'started' | 'checked-out' | 'checked-in', patch: Partial<RedactionSaveRecord> = {}) => {
    const begun = await journal.begin({
      caseId: '42',
      documentId: '1001',
      oldVersionId: '7001',
      username: 'alice.admin',
      correlationId: 'corr-dead',
      heldBefore: false,
      fileName: 'MG11 statement-redacted.pdf',
      sizeBytes: PDF.length,
      summary: { pages: [1], boxCount: 1, pageModifications: [], reasonCodes: ['PII'], engine: 'fake' },
    });
    await journal.advance(begun, { step, ...patch });
    expect(await journal.claimExpired((await journal.open())[0])).toBeNull();
    clockMs += 30_001;
    const [open] = await journal.open();
    const claimed = (await journal.claimExpired(open))!;
    // A second instance looking at the same record finds it taken.
    expect(await journal.claimExpired(open)).toBeNull();
    return claimed;
  };
  const checkedInByTheDeadSave = () => {
    legacy.document = { ...legacy.document, versionId: '7002', versions: [...legacy.document.versions, { versionId: '7002', createdAt: '2026-03-01T09:00:05.000Z', sizeBytes: PDF.length }] };
  };

  const byRect = { redactions: [{ pageIndex: 1, pageWidth: 300, pageHeight: 400, rects: [{ x: 10, y: 20, width: 30, height: 40 }] }], reasonCodes: ['PII'] };

  it('saves: check-out, upload of the verified PDF as <name>-redacted.pdf, log, audit, re-ingestion', async () => {
    const saved = await service().save(CALLER, TARGET, byRect);
    expect(saved).toEqual({ documentId: '1001', oldVersionId: '7001', newVersionId: '7002', pages: [1], boxCount: 1 });
    expect(legacy.calls).toEqual(['checkOut', 'checkIn']);
    expect(legacy.uploaded!.request).toEqual({ caseId: '42', documentId: '1001', fileName: 'MG11 statement-redacted.pdf', mimeType: 'application/pdf', sizeBytes: PDF.length });
    expect(legacy.uploaded!.bytes.equals(PDF)).toBe(true);
    // Client units scaled to points (the page is 600×800 points, drawn at 300×400).
    expect(redactor.plans[0].boxes).toEqual([{ pageIndex: 1, box: { x: 20, y: 40, width: 60, height: 80 }, redactionType: 'unspecified' }]);
    expect(verifier.inputs).toHaveLength(1);
    expect(verifier.inputs[0].originalText.pageCount).toBe(2);
    const { entries } = await log.list('42');
    expect(entries).toEqual([
      expect.objectContaining({ caseId: '42', documentId: '1001', oldVersionId: '7001', newVersionId: '7002', pages: [1], boxCount: 1, reasonCodes: ['PII'], engine: 'fake', savedBy: 'alice.admin', correlationId: 'corr-7' }),
    ]);
    const [day] = await audit.days();
    expect(await audit.list({ day })).toEqual([expect.objectContaining({ action: 'redaction.apply', actor: 'alice.admin', target: 'case/42/document/1001', reason: 'PII', after: expect.objectContaining({ versionId: '7002' }) })]);
    expect(refreshes).toEqual(['42', '42']);
    expect(await readdir(path.join(options.workDir, 'redaction'))).toEqual([]);
  });

  it('logs typed boxes by type and page, the verifier report, the unit, the agency entry and hashes of the removed words, and a summary row once', async () => {
    verifier.report = { ok: true, failures: [], checks: [{ check: 'extracted-text', items: 2 }] };
    const hasher = RemovedWordHasher.fromKey(Buffer.alloc(32, 7).toString('base64'));
    await service().save(CALLER, TARGET, {
      redactions: [{ pageIndex: 1, pageWidth: 600, pageHeight: 800, rects: [{ x: 45, y: 95, width: 20, height: 20, redactionType: 'other', otherReason: 'Medical detail' }] }],
      typedSearchTerms: [{ term: '07700 900123', redactionType: 'phone' }],
      agencyFeedback: { agency: 'Met', underRedactions: [{ redactionType: 'phone', count: 2 }], overRedactions: [], returnedToAgency: true },
    });
    const [entry] = (await log.list('42')).entries;
    expect(entry).toMatchObject({
      byType: { other: 1, phone: 4 },
      byPage: [
        { pageIndex: 0, boxCount: 2, byType: { phone: 2 } },
        { pageIndex: 1, boxCount: 3, byType: { other: 1, phone: 2 } },
      ],
      otherReasons: ['Medical detail'],
      unitId: 'U1',
      unitName: 'Unit one',
      agencyFeedback: { agency: 'Met', returnedToAgency: true },
      verification: { ok: true, failureCount: 0, checks: [{ check: 'extracted-text', items: 2 }], boxesChecked: 5, wordsUnderBoxes: 5 },
      removedWords: { keyId: hasher.keyId, wordCount: 5, truncated: false },
    });
    expect(JSON.stringify(entry)).not.toMatch(/07700|900123|Ring/);
    expect(hasher.prove(entry.removedWords!, ['Ring', '07700', 'absent'])).toEqual([
      { matched: true, occurrences: 1 },
      { matched: true, occurrences: 2 },
      { matched: false, occurrences: 0 },
    ]);
    const summaries = new RedactionLogSummaryStore(state);
    expect(await summaries.summary('2020-01-01', '2030-12-31')).toMatchObject({ redactions: 1, byAgency: [{ agency: 'Met', underRedactedTotal: 2 }] });
  });

  it('refuses an unknown redaction type naming the field, before touching the legacy CMS', async () => {
    const failure = await domainFailureOf(service().save(CALLER, TARGET, { redactions: [{ pageIndex: 0, pageWidth: 600, pageHeight: 800, rects: [{ x: 1, y: 1, width: 5, height: 5 }, { x: 1, y: 1, width: 5, height: 5, redactionType: 'shoe-size' }] }] }));
    expect([failure.code, failure.details]).toEqual(['VALIDATION_FAILED', { field: 'redactions[0].rects[1].redactionType' }]);
    expect(legacy.calls).toEqual([]);
  });

  it('refuses a second save of a document while one runs (409 DOCUMENT_CHECKED_OUT), and takes the next one after', async () => {
    const redaction = service();
    const [first, second] = await Promise.allSettled([redaction.save(CALLER, TARGET, byRect), redaction.save(CALLER, TARGET, byRect)]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { newVersionId: '7002' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'DOCUMENT_CHECKED_OUT' } });
    expect(legacy.calls).toEqual(['checkOut', 'checkIn']);
    // The lease was given up: the next save runs, and finds the version moved on.
    expect(await codeOf(redaction.save(CALLER, TARGET, byRect))).toBe('DOCUMENT_VERSION_NOT_CURRENT');
  });

  it('redacts every occurrence of search terms, from the word index', async () => {
    await service().save(CALLER, TARGET, { searchTerms: ['07700 900123'] });
    expect(redactor.plans[0].boxes.map((box) => [box.pageIndex, Math.round(box.box.x)])).toEqual([
      [0, 95],
      [0, 150],
      [1, 95],
      [1, 150],
    ]);
  });

  it('refuses a request with nothing to redact, bad geometry or page changes out of range, before touching the legacy CMS', async () => {
    expect(await codeOf(service().save(CALLER, TARGET, { searchTerms: ['absent'] }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(service().save(CALLER, TARGET, { redactions: [{ pageIndex: 0, pageWidth: 100, pageHeight: 100, rects: [{ x: 0, y: 0, width: -5, height: 5 }] }] }))).toBe('INVALID_GEOMETRY');
    expect(await codeOf(service().save(CALLER, TARGET, { redactions: [{ pageIndex: 9, pageWidth: 100, pageHeight: 100, rects: [{ x: 0, y: 0, width: 5, height: 5 }] }] }))).toBe('INVALID_GEOMETRY');
    expect(await codeOf(service().save(CALLER, TARGET, { pageModifications: [{ pageIndex: 2, action: 'delete' }] }))).toBe('INVALID_GEOMETRY');
    expect(await codeOf(service().save(CALLER, TARGET, { pageModifications: [{ pageIndex: 0, action: 'delete' }, { pageIndex: 1, action: 'delete' }] }))).toBe('VALIDATION_FAILED');
    expect(legacy.calls).toEqual([]);
    expect(redactor.plans).toEqual([]);
  });

  it('never saves what fails verification, or what could not be verified', async () => {
    verifier.report = { ok: false, failures: [{ check: 'stream-scan', pageIndex: 1, detail: 'a redacted string is still in a content stream' }] };
    const failed = await domainFailureOf(service().save(CALLER, TARGET, byRect));
    expect(failed.code).toBe('REDACTION_VERIFICATION_FAILED');
    expect(failed.details).toMatchObject({ checks: 'stream-scan', failureCount: 1 });
    verifier.report = { ok: true, failures: [] };
    verifier.crash = true;
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('REDACTION_VERIFICATION_FAILED');
    expect(legacy.calls).toEqual([]);
    expect(await log.list('42')).toEqual({ entries: [], nextAfter: null });
  });

  it('cancels the check-out when the upload fails, and still reports the original error when cancelling fails too', async () => {
    legacy.checkInError = new DomainError('LEGACY_BAD_RESPONSE', 'upload rejected');
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('LEGACY_BAD_RESPONSE');
    expect(legacy.calls).toEqual(['checkOut', 'checkIn', 'cancel']);
    expect(legacy.checkedOutBy).toBeNull();
    legacy.calls = [];
    expect(logged).not.toHaveBeenCalled();
    legacy.cancelError = new DomainError('LEGACY_UNAVAILABLE', 'gone');
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('LEGACY_BAD_RESPONSE');
    expect(legacy.calls).toEqual(['checkOut', 'checkIn', 'cancel']);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ correlationId: 'corr-7', code: 'LEGACY_UNAVAILABLE' }), expect.stringContaining('check-out'));
    expect((await log.list('42')).entries).toEqual([]);
    expect(refreshes).toEqual([]);
  });

  it('leaves a check-out the caller held before (a redaction session) in place when the upload fails', async () => {
    legacy.checkedOutBy = CALLER.username;
    legacy.checkInError = new DomainError('LEGACY_BAD_RESPONSE', 'upload rejected');
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('LEGACY_BAD_RESPONSE');
    expect(legacy.calls).toEqual(['checkOut', 'checkIn']);
    expect(legacy.checkedOutBy).toBe(CALLER.username);
  });

  it('keeps a durable record of the save, written before the check-out and closed once logged and re-ingested', async () => {
    const saved = await service().save(CALLER, TARGET, byRect);
    expect(await journal.open()).toEqual([]);
    const closed = (await state.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'closed')).map((entity) => entity.value);
    expect(closed).toEqual([expect.objectContaining({ step: 'done', caseId: '42', documentId: '1001', oldVersionId: '7001', newVersionId: saved.newVersionId, username: 'alice.admin', recoveries: 0 })]);
    expect((await log.list('42')).entries.map((entry) => entry.entryId)).toEqual([closed[0].logEntryId]);
    // A refused check-out leaves an undone record and nothing else.
    legacy.checkOutError = new DomainError('LEGACY_UNAVAILABLE', 'down');
    legacy.document = { ...legacy.document, versionId: '7001' };
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('LEGACY_UNAVAILABLE');
    expect(await journal.open()).toEqual([]);
    expect((await state.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'closed')).map((entity) => entity.value.step).sort()).toEqual(['done', 'undone']);
  });

  it('recovery cancels a check-out a dead save made, as its user, and logs nothing', async () => {
    for (const step of ['started', 'checked-out'] as const) {
      legacy.checkedOutBy = 'alice.admin';
      legacy.calls = [];
      const claimed = await deadSave(step);
      await service().recoverSave(claimed);
      expect(legacy.calls).toEqual(['cancel']);
      expect(legacy.checkedOutBy).toBeNull();
      expect(await journal.closed(claimed.record.saveId)).toMatchObject({ step: 'undone', outcome: 'check-out cancelled', recoveries: 1 });
    }
    expect(await journal.open()).toEqual([]);
    expect((await log.list('42')).entries).toEqual([]);
    expect(refreshes).toEqual([]);
  });

  it('recovery leaves alone a check-out the user held before the save, or someone else holds', async () => {
    legacy.checkedOutBy = 'alice.admin';
    const held = await deadSave('checked-out', { heldBefore: true });
    await service().recoverSave(held);
    legacy.checkedOutBy = 'bob.north';
    const others = await deadSave('started');
    await service().recoverSave(others);
    expect(legacy.calls).toEqual([]);
    expect(legacy.checkedOutBy).toBe('bob.north');
    expect((await journal.closed(held.record.saveId))?.step).toBe('undone');
    expect((await journal.closed(others.record.saveId))?.step).toBe('undone');
  });

  it('recovery finishes a check-in the dead save did not record: logged once, re-ingested, closed done', async () => {
    checkedInByTheDeadSave();
    const claimed = await deadSave('checked-out');
    await service().recoverSave(claimed);
    expect(legacy.calls).toEqual([]);
    const { entries } = await log.list('42');
    expect(entries).toEqual([expect.objectContaining({ oldVersionId: '7001', newVersionId: '7002', savedBy: 'alice.admin', correlationId: 'corr-dead', reasonCodes: ['PII'], savedAt: '2026-03-01T09:00:05.000Z' })]);
    expect(refreshes).toEqual(['42', '42']);
    expect(await journal.closed(claimed.record.saveId)).toMatchObject({ step: 'done', newVersionId: '7002', logEntryId: entries[0].entryId });
  });

  it('recovery treats a next version of another size as someone else\'s: the save is undone, nothing logged', async () => {
    legacy.document = { ...legacy.document, versionId: '7002', versions: [...legacy.document.versions, { versionId: '7002', createdAt: null, sizeBytes: PDF.length + 1 }] };
    const claimed = await deadSave('started');
    await service().recoverSave(claimed);
    expect((await journal.closed(claimed.record.saveId))?.step).toBe('undone');
    expect((await log.list('42')).entries).toEqual([]);
  });

  it('replaying the log step after a crash between the entry and the record does not double the entry', async () => {
    checkedInByTheDeadSave();
    const claimed = await deadSave('checked-in', { newVersionId: '7002', checkedInAt: '2026-03-01T09:00:05.000Z' });
    const [asLeft] = await journal.open();
    await service().recoverSave(claimed);
    // The process died after the entry was written but before the record moved on: the record is back as it was.
    await state.put(REDACTION_SAVES_TABLE, 'open', asLeft.key, asLeft.value);
    clockMs += 60_001;
    const again = (await journal.claimExpired((await journal.open())[0]))!;
    await service().recoverSave(again);
    expect((await log.list('42')).entries).toHaveLength(1);
    expect(await journal.open()).toEqual([]);
    expect(await journal.closed(claimed.record.saveId)).toMatchObject({ step: 'done', recoveries: 2 });
  });

  it('recovery logs the typed details the journal carries, and writes the summary row once however often it replays', async () => {
    const removedWords = RemovedWordHasher.fromKey(Buffer.alloc(32, 7).toString('base64')).hashAll(['07700'], 'salt');
    const summary = {
      pages: [1],
      boxCount: 1,
      pageModifications: [],
      reasonCodes: [],
      engine: 'fake',
      byType: { phone: 1 },
      byPage: [{ pageIndex: 1, boxCount: 1, byType: { phone: 1 } }],
      unitId: 'U1',
      unitName: 'Unit one',
      agencyFeedback: { agency: 'Met', underRedactions: [], overRedactions: [{ redactionType: 'phone', count: 1 }], returnedToAgency: false },
      removedWords,
    };
    const claimed = await deadSave('checked-in', { newVersionId: '7002', checkedInAt: '2026-03-01T09:00:05.000Z', summary });
    const [asLeft] = await journal.open();
    await service().recoverSave(claimed);
    await state.put(REDACTION_SAVES_TABLE, 'open', asLeft.key, asLeft.value);
    clockMs += 60_001;
    await service().recoverSave((await journal.claimExpired((await journal.open())[0]))!);
    const [entry] = (await log.list('42')).entries;
    expect(entry).toMatchObject({ byType: { phone: 1 }, unitId: 'U1', agencyFeedback: { agency: 'Met' }, removedWords: { salt: 'salt', hashes: removedWords.hashes } });
    const figures = await new RedactionLogSummaryStore(state).summary('2026-03-01', '2026-03-01');
    expect([figures.redactions, figures.byAgency[0]?.overRedactedTotal]).toEqual([1, 1]);
  });

  it('answers 409 with who holds the document, before redacting', async () => {
    legacy.checkedOutBy = 'bob.north';
    const conflict = await domainFailureOf(service().save(CALLER, TARGET, byRect));
    expect(conflict.code).toBe('DOCUMENT_CHECKED_OUT');
    expect(conflict.details).toEqual({ checkedOutBy: 'bob.north' });
    expect(redactor.plans).toEqual([]);
    // Someone checks it out between the listing and our check-out: the fault without a name is completed from the document info.
    legacy.checkedOutBy = null;
    legacy.checkOutError = new DomainError('DOCUMENT_CHECKED_OUT', 'checked out (3001)');
    legacy.getDocumentInfo = () => Promise.resolve({ documentId: '1001', versionId: '7001', fileName: 'x', mimeType: 'x', sizeBytes: 1, isCheckedOut: true, checkedOutBy: 'dave.south' });
    expect((await domainFailureOf(service().save(CALLER, TARGET, byRect))).details).toEqual({ checkedOutBy: 'dave.south' });
    expect(legacy.calls).toEqual(['checkOut']);
  });

  it('answers 409 for a version that is no longer current (also when it moves on just before the check-out), 404 for an unknown one', async () => {
    legacy.document = { ...legacy.document, versionId: '7003', versions: [...legacy.document.versions, { versionId: '7003', createdAt: null, sizeBytes: 1 }] };
    const stale = await domainFailureOf(service().save(CALLER, TARGET, byRect));
    expect([stale.code, stale.details]).toEqual(['DOCUMENT_VERSION_NOT_CURRENT', { currentVersionId: '7003' }]);
    expect(await codeOf(service().save(CALLER, { ...TARGET, versionId: '9999' }, byRect))).toBe('DOCUMENT_VERSION_NOT_FOUND');
    expect(await codeOf(service().save(CALLER, { ...TARGET, documentId: '5' }, byRect))).toBe('DOCUMENT_NOT_FOUND');
    legacy.document = new FakeLegacy().document;
    const original = legacy.listDocuments;
    legacy.checkOutError = new DomainError('VALIDATION_FAILED', 'only the current version (4001)');
    legacy.checkOutDocument = () => {
      legacy.listDocuments = () => original().then((documents) => documents.map((document) => ({ ...document, versionId: '7004' })));
      return Promise.reject(legacy.checkOutError!);
    };
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('DOCUMENT_VERSION_NOT_CURRENT');
  });

  it('answers 413 for a PDF over the size or page cap, and 422 when the engine cannot process it', async () => {
    options = { ...options, maxPdfBytes: PDF.length - 1 };
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('DOCUMENT_TOO_LARGE');
    options = { ...options, maxPdfBytes: 1_000_000, maxPages: 1 };
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('DOCUMENT_TOO_LARGE');
    options = { ...options, maxPages: 100 };
    redactor.failure = new ProcessingFailure('TIMEOUT', 'took too long');
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('REDACTION_FAILED');
    redactor.failure = new ProcessingFailure('OUT_OF_MEMORY', 'too big');
    expect(await codeOf(service().save(CALLER, TARGET, byRect))).toBe('DOCUMENT_TOO_LARGE');
    expect(legacy.calls).toEqual([]);
  });

  it('answers 409 DOCUMENT_NOT_INGESTED for a version never ingested, and starts ingesting it', async () => {
    await blobs.deletePrefix(`cases/42/`);
    const error = await domainFailureOf(service().save(CALLER, TARGET, byRect));
    expect(error.code).toBe('DOCUMENT_NOT_INGESTED');
    expect(refreshes).toEqual(['42']);
    expect(legacy.calls).toEqual([]);
  });

  it('answers a preview of a document not in the case, or a made-up version, with 404 and starts no refresh', async () => {
    expect(await codeOf(service().preview(CALLER, { ...TARGET, documentId: '9999' }, byRect))).toBe('DOCUMENT_NOT_FOUND');
    expect(await codeOf(service().preview(CALLER, { ...TARGET, versionId: '7999' }, byRect))).toBe('DOCUMENT_VERSION_NOT_FOUND');
    expect(await codeOf(service().save(CALLER, { ...TARGET, documentId: '9999' }, byRect))).toBe('DOCUMENT_NOT_FOUND');
    expect(refreshes).toEqual([]);
    expect(verifier.inputs).toEqual([]);
  });

  it('answers a preview of an older version that was never ingested with 409 and its current version, starting no refresh', async () => {
    const error = await domainFailureOf(service().preview(CALLER, { ...TARGET, versionId: '7000' }, byRect));
    expect(error.code).toBe('DOCUMENT_NOT_INGESTED');
    expect(error.details).toEqual({ currentVersionId: '7001' });
    expect(refreshes).toEqual([]);
  });

  it('starts ingesting for a preview of the current version not ingested yet', async () => {
    await blobs.deletePrefix(`cases/42/`);
    const error = await domainFailureOf(service().preview(CALLER, TARGET, byRect));
    expect(error.code).toBe('DOCUMENT_NOT_INGESTED');
    expect(error.details).toEqual({ retryable: true });
    expect(refreshes).toEqual(['42']);
  });

  it('previews the verified PDF without touching the legacy CMS', async () => {
    const preview = await service().preview(CALLER, TARGET, byRect);
    const chunks: Buffer[] = [];
    for await (const chunk of preview.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    expect([preview.sizeBytes, preview.pages, preview.boxCount]).toEqual([PDF.length, [1], 1]);
    expect(verifier.inputs).toHaveLength(1);
    expect(legacy.calls).toEqual([]);
    // The stream removes its scratch files once it has closed (not when it ends).
    await eventually(async () => (await readdir(path.join(options.workDir, 'redaction'))).length === 0, 'the preview scratch files to go');
    expect(await readdir(path.join(options.workDir, 'redaction'))).toEqual([]);
  });
});

describe('RedactionLog', () => {
  it('appends entries in time order and pages through them', async () => {
    let tick = Date.parse('2026-01-01T00:00:00Z');
    const log = new RedactionLog(InMemoryStateStore.fromConfig(), () => new Date((tick += 1000)));
    const base = { caseId: '42', documentId: '1', oldVersionId: '1', pages: [0], boxCount: 1, pageModifications: [], reasonCodes: [], engine: 'e', savedBy: 'u', correlationId: 'c' };
    for (const newVersionId of ['2', '3', '4']) await log.append({ ...base, newVersionId });
    await log.append({ ...base, caseId: '43', newVersionId: '9' });
    const first = await log.list('42', { limit: 2 });
    expect(first.entries.map((entry) => entry.newVersionId)).toEqual(['2', '3']);
    expect(first.nextAfter).toBe(first.entries[1].entryId);
    const second = await log.list('42', { limit: 2, after: first.nextAfter! });
    expect([second.entries.map((entry) => entry.newVersionId), second.nextAfter]).toEqual([['4'], null]);
  });
});

describe('redactedFileName', () => {
  it.each([
    ['MG11 statement.docx', 'MG11 statement-redacted.pdf'],
    ['scan.pdf', 'scan-redacted.pdf'],
    ['scan-redacted.pdf', 'scan-redacted.pdf'],
    ['.pdf', 'document-redacted.pdf'],
  ])('%s → %s', (fileName, expected) => {
    expect(redactedFileName(fileName)).toBe(expected);
  });
});
