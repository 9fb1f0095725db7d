import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import type { VersionRef } from '../../src/common/version-ref.js';
import type { DocumentText } from '../../src/common/word-model.js';
import type { IngestedVersions } from '../../src/ingestion/ingested-versions.port.js';
import type { CaseDocument, CheckInRequest, DocumentInfo, LegacyCaller, LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { RedactionLogSummaryStore } from '../../src/redaction/log/redaction-log-summary.store.js';
import { RedactionTypeCatalog } from '../../src/redaction/log/redaction-type-catalog.js';
import { RemovedWordHasher } from '../../src/redaction/log/removed-word-hasher.js';
import { RedactionLog } from '../../src/redaction/redaction-log.js';
import { RedactionSaveJournal } from '../../src/redaction/redaction-save-journal.js';
import { RedactionSaveLock, saveLockName } from '../../src/redaction/redaction-save-lock.js';
import type { RedactionVerifier } from '../../src/redaction/redaction-verifier.port.js';
import { RedactionService } from '../../src/redaction/redaction.service.js';
import type { RedactionPlan, RedactionResult, Redactor } from '../../src/redaction/redaction.types.js';
import { AzureTableStateStore } from '../../src/storage/state/azure-table-state-store.adapter.js';
import { StateLease } from '../../src/storage/state/state-lease.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';
import { eventually } from '../helpers/eventually.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

const CALLER: LegacyCaller = { username: 'alice.admin', correlationId: 'corr-lock' };
const LEASE_MS = 30_000;
const PDF = Buffer.from('%PDF-1.7\n% stand-in bytes\n%%EOF\n');
const TEXT: DocumentText = {
  pageCount: 1,
  pages: [{ pageIndex: 0, width: 600, height: 800, rotation: 0, source: 'text-layer', lines: [{ text: 'Ring 07700', box: { x: 50, y: 100, width: 100, height: 12 }, words: [{ text: 'Ring', box: { x: 50, y: 100, width: 40, height: 12 } }, { text: '07700', box: { x: 95, y: 100, width: 50, height: 12 } }] }] }],
};
const BY_RECT = { redactions: [{ pageIndex: 0, pageWidth: 600, pageHeight: 800, rects: [{ x: 90, y: 95, width: 60, height: 20 }] }] };

/** One legacy CMS both instances talk to, counting its writes. */
class SharedLegacy {
  writes: string[] = [];
  versionId = '7001';
  checkedOutBy: string | null = null;
  private readonly base = { documentId: '1001', title: 'Statement', fileName: 'statement.pdf', mimeType: 'application/pdf', category: 'Statement', documentDate: null, parentDocumentId: null, isUsed: true, sizeBytes: 10 };

  listDocuments = (): Promise<CaseDocument[]> =>
    Promise.resolve([{ ...this.base, versionId: this.versionId, isCheckedOut: this.checkedOutBy !== null, versions: [{ versionId: '7001', createdAt: null, sizeBytes: 10 }, ...(this.versionId === '7001' ? [] : [{ versionId: this.versionId, createdAt: null, sizeBytes: PDF.length }])] }]);
  getDocumentInfo = (): Promise<DocumentInfo> =>
    Promise.resolve({ documentId: '1001', versionId: this.versionId, fileName: 'x', mimeType: 'x', sizeBytes: 1, isCheckedOut: this.checkedOutBy !== null, checkedOutBy: this.checkedOutBy });
  getCaseSummary = () => Promise.resolve({ unitId: 'U1', unitName: 'Unit one' });
  checkOutDocument = (caller: LegacyCaller): Promise<void> => {
    this.writes.push('checkOut');
    this.checkedOutBy = caller.username;
    return Promise.resolve();
  };
  cancelCheckOut = (): Promise<void> => {
    this.writes.push('cancel');
    this.checkedOutBy = null;
    return Promise.resolve();
  };
  checkInDocument = async (_caller: LegacyCaller, request: CheckInRequest): Promise<string> => {
    for await (const _chunk of request.content) void _chunk;
    this.writes.push('checkIn');
    this.checkedOutBy = null;
    this.versionId = '7002';
    return this.versionId;
  };
}

/** A redactor that waits for the test's word before it finishes, so a save can be held in flight. */
class GatedRedactor implements Redactor {
  readonly engine = 'fake';
  started = 0;
  private open: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  available = () => Promise.resolve(true);
  async redact(input: string, plan: RedactionPlan, output: string): Promise<RedactionResult> {
    this.started += 1;
    await this.gate;
    await copyFile(input, output);
    return { outputPath: output, pageCount: 1, redactedPages: [0], boxCount: plan.boxes.length, engine: this.engine };
  }
}

describe('the redaction save lock across instances (ADR 0036)', () => {
  let azurite: AzuriteInstance;
  let dir: string;
  let pdfPath: string;
  let legacy: SharedLegacy;
  let redactor: GatedRedactor;
  let stores: AzureTableStateStore[];
  let clockMs: number;

  beforeAll(async () => {
    azurite = await startAzurite();
    dir = await mkdtemp(path.join(tmpdir(), 'save-lock-'));
    pdfPath = path.join(dir, 'converted.pdf');
    await writeFile(pdfPath, PDF);
  });
  afterAll(async () => {
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    legacy = new SharedLegacy();
    redactor = new GatedRedactor();
    clockMs = Date.parse('2026-12-05T09:00:00Z');
    const tablePrefix = `t${randomBytes(4).toString('hex')}`;
    stores = [0, 1].map(() => AzureTableStateStore.fromConfig({ connectionString: azurite.connectionString }, { tablePrefix, readinessTimeoutMs: 60_000 }));
  });

  const ingested: Partial<IngestedVersions> = {
    pdfSize: () => Promise.resolve(PDF.length),
    copyPdfToFile: async (_ref: VersionRef, to: string) => (await copyFile(pdfPath, to), true),
    readText: () => Promise.resolve(TEXT),
    refresh: () => Promise.resolve([{ caseId: '42', documentId: '1001', versionId: '7002' }]),
    supersede: () => Promise.resolve(),
    state: () => Promise.resolve(null),
  };
  const verifier: RedactionVerifier = { verify: () => Promise.resolve({ ok: true, failures: [] }) };

  /** One facade instance's RedactionService, on its own client of the shared state store. */
  const instance = (store: AzureTableStateStore) =>
    new RedactionService(
      legacy as unknown as LegacyCms,
      ingested as IngestedVersions,
      redactor,
      verifier,
      new RedactionLog(store),
      new AuditTrail(store),
      { workDir: path.join(dir, 'work'), maxPdfBytes: 1_000_000, maxPages: 100 },
      new RedactionSaveJournal(store, { leaseMs: LEASE_MS, now: () => clockMs }),
      new RedactionTypeCatalog(['named-person', 'phone', 'other']),
      RemovedWordHasher.fromKey(Buffer.alloc(32, 7).toString('base64')),
      new RedactionLogSummaryStore(store),
      new RedactionSaveLock(new StateLease(store, () => new Date(clockMs)), LEASE_MS),
    );

  it('refuses a second save of the document on another instance while the first runs: one new version, one log entry', async () => {
    const [a, b] = stores.map(instance);
    redactor.hold();
    const first = a.save(CALLER, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT);
    // The first save holds the lock once its engine runs.
    await eventually(() => redactor.started === 1, 'the first save to run its engine');
    const refused = await domainFailureOf(b.save({ ...CALLER, correlationId: 'corr-second' }, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT));
    expect(refused.code).toBe('DOCUMENT_CHECKED_OUT');
    expect(redactor.started).toBe(1);
    redactor.release();
    expect(await first).toMatchObject({ oldVersionId: '7001', newVersionId: '7002' });
    expect(legacy.writes).toEqual(['checkOut', 'checkIn']);
    expect((await new RedactionLog(stores[1]).list('42')).entries).toHaveLength(1);
    // Given up at the end: the next save on the other instance runs, and finds the version moved on.
    expect((await domainFailureOf(b.save(CALLER, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT))).code).toBe('DOCUMENT_VERSION_NOT_CURRENT');
    expect(redactor.started).toBe(1);
  });

  it('lets another instance save once a dead holder’s lease has run out, not before', async () => {
    const lease = new StateLease(stores[0], () => new Date(clockMs));
    expect(await lease.acquire(saveLockName('42', '1001'), 'a-process-that-died', LEASE_MS)).toBe(true);
    const b = instance(stores[1]);
    expect((await domainFailureOf(b.save(CALLER, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT))).code).toBe('DOCUMENT_CHECKED_OUT');
    clockMs += LEASE_MS + 1;
    expect(await b.save(CALLER, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT)).toMatchObject({ newVersionId: '7002' });
    expect(legacy.writes).toEqual(['checkOut', 'checkIn']);
  });

  it('holds saves of different documents apart from each other', async () => {
    const lease = new StateLease(stores[0], () => new Date(clockMs));
    expect(await lease.acquire(saveLockName('42', '9999'), 'another-save', LEASE_MS)).toBe(true);
    expect(await instance(stores[1]).save(CALLER, { caseId: '42', documentId: '1001', versionId: '7001' }, BY_RECT)).toMatchObject({ newVersionId: '7002' });
  });
});
