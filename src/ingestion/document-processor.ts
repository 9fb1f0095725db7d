import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDomainError } from '../common/domain-error.js';
import { isProcessingFailure } from '../conversion/processing-failure.js';
import type { DocumentText } from '../common/word-model.js';
import type { LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import type { SearchIndex } from '../search/search-index.port.js';
import type { BlobStore } from '../storage/blob/blob-store.port.js';
import { blobKeys, childDocumentId, documentPrefix, versionPrefix } from './blob-keys.js';
import type { EnqueueDocument } from './document-job.js';
import type { IngestionTools, UnpackedAttachment } from './ingestion-tools.port.js';
import { convertDocument } from './stages/convert.stage.js';
import { detectCoveredText, withCoveredWords } from './stages/covered-text.stage.js';
import { extractDocumentText } from './stages/extract.stage.js';
import { fetchDocumentVersion } from './stages/fetch.stage.js';
import { indexVersion } from './stages/index.stage.js';
import { ocrMissingText } from './stages/ocr.stage.js';
import { sniffDocument } from './stages/sniff.stage.js';
import { loadJson, loadToFile, storeFile, storeJson } from './stages/store.stage.js';
import type { IngestionTracker } from './tracker/ingestion-tracker.js';
import { indexedVersionOf, isTerminal, type DocumentStatus, type TrackedDocument, type TrackerFailureReason } from './tracker/tracker.model.js';
import { InProcessKeyedLock } from '../common/keyed-lock.js';
import type { VersionRef } from '../common/version-ref.js';

export interface DocumentProcessorOptions {
  readonly maxDocumentBytes: number;
  /** Scratch directory; each job works in a directory of its own under it. */
  readonly workDir: string;
}

/** The stored text of a version: the word model plus its ids (what GET .../text answers). */
export interface StoredDocumentText extends DocumentText {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

/** Legacy answers that will not change on a retry: the document version is gone or not ours to read. */
const PERMANENT_LEGACY_CODES = new Set(['DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND', 'CASE_NOT_FOUND', 'CASE_ACCESS_DENIED']);

class Superseded extends Error {}

/**
 * What a stage committed in this run and the next stage would otherwise read back from the blob store
 * (the PDF it just stored, the text it just stored). A resumed job starts empty and reads the store.
 */
interface Carried {
  pdfPath?: string;
  text?: StoredDocumentText;
}

/**
 * Runs one document version through the stages, resuming from its tracked status:
 * new → (fetch, sniff, convert, store original + PDF) → converted → (extract, OCR, store text) →
 * extracted → (index) → indexed. Each stage's output is committed to the BlobStore before the
 * status advances, so a crash anywhere repeats at most the interrupted stage, and a repeated stage
 * overwrites rather than adds. Jobs for one document run one at a time in this process.
 */
export class DocumentProcessor {
  private readonly locks = new InProcessKeyedLock();

  constructor(
    private readonly legacy: LegacyCms,
    private readonly blobs: BlobStore,
    private readonly index: SearchIndex,
    private readonly tools: IngestionTools,
    private readonly tracker: IngestionTracker,
    private readonly enqueue: EnqueueDocument,
    private readonly options: DocumentProcessorOptions,
  ) {}

  /** Handles one job; `finalAttempt` turns an unexpected error into a failed status instead of a retry. */
  async process(job: VersionRef, finalAttempt = false): Promise<void> {
    await this.locks.run(`${job.caseId}/${job.documentId}`, () => this.processUnlocked(job, finalAttempt));
  }

  private async processUnlocked(job: VersionRef, finalAttempt: boolean): Promise<void> {
    const tracked = await this.tracker.document(job.caseId, job.documentId);
    if (tracked === null || tracked.versionId !== job.versionId || isTerminal(tracked.status)) return;
    await mkdir(this.options.workDir, { recursive: true });
    const dir = await mkdtemp(join(this.options.workDir, 'job-'));
    let current = tracked;
    const carried: Carried = {};
    try {
      // A stage that finds its input missing steps back; the bound stops a store that keeps losing blobs.
      for (let step = 0; step < 6 && !isTerminal(current.status); step += 1) current = await this.runStage(current, dir, carried);
      if (!isTerminal(current.status)) throw new Error('the document did not settle; its stored artefacts keep disappearing');
    } catch (error) {
      if (error instanceof Superseded) return this.dropAbandonedVersion(job);
      const reason = failureReason(error, current.status, finalAttempt);
      if (reason === null) throw error;
      await this.fail(current, reason, error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await this.tracker.finishIfDone(job.caseId);
  }

  private runStage(document: TrackedDocument, dir: string, carried: Carried): Promise<TrackedDocument> {
    switch (document.status) {
      case 'new':
        return this.convertPhase(document, dir, carried);
      case 'converted':
        return this.extractPhase(document, dir, carried);
      case 'extracted':
        return this.indexPhase(document, carried);
      case 'indexed':
      case 'failed':
        return Promise.resolve(document);
    }
  }

  private async convertPhase(document: TrackedDocument, dir: string, carried: Carried): Promise<TrackedDocument> {
    const keys = blobKeys(document.caseId, document.documentId, document.versionId);
    const source = join(dir, 'source');
    // A committed original (a previous attempt's, or an e-mail's attachment) saves a download.
    if (!(await loadToFile(this.blobs, keys.original, source))) {
      if (document.childIndex !== null) throw new Error('the attachment was not stored with its e-mail');
      await fetchDocumentVersion(this.legacy, this.callerFor(document), document, source, this.options.maxDocumentBytes);
      await storeFile(this.blobs, keys.original, source, document.mimeType || 'application/octet-stream', { version_id: document.versionId });
    }
    const detectedType = await sniffDocument(this.tools, source, document.mimeType, document.fileName);
    const convertDir = join(dir, 'convert');
    await mkdir(convertDir);
    const converted = await convertDocument(this.tools, { path: source, mimeType: detectedType, fileName: document.fileName, workDir: convertDir });
    await storeFile(this.blobs, keys.pdf, converted.pdfPath, 'application/pdf', { version_id: document.versionId });
    if (document.childIndex === null) await this.registerAttachments(document, converted.attachments);
    const advanced = await this.advance(document, 'converted', { detectedType, convertedAt: now() });
    carried.pdfPath = converted.pdfPath;
    return advanced;
  }

  private async extractPhase(document: TrackedDocument, dir: string, carried: Carried): Promise<TrackedDocument> {
    const keys = blobKeys(document.caseId, document.documentId, document.versionId);
    let pdfPath = carried.pdfPath;
    if (pdfPath === undefined) {
      pdfPath = join(dir, 'document.pdf');
      if (!(await loadToFile(this.blobs, keys.pdf, pdfPath))) return this.advance(document, 'new', {});
    }
    const text = await extractDocumentText(this.tools, pdfPath);
    // detection looks only at the text layer's pages, so it overlaps OCR of the others
    const [ocr, covered] = await Promise.all([ocrMissingText(this.tools, pdfPath, text, dir), detectCoveredText(this.tools, pdfPath, text)]);
    const stored: StoredDocumentText = { caseId: document.caseId, documentId: document.documentId, versionId: document.versionId, ...withCoveredWords(ocr.text, covered.pages) };
    await storeJson(this.blobs, keys.text, stored);
    carried.text = stored;
    return this.advance(document, 'extracted', { pageCount: ocr.text.pageCount, ocrPageCount: ocr.ocrPageCount, pagesWithoutText: ocr.pagesWithoutText, coveredText: covered.coveredText, extractedAt: now() });
  }

  private async indexPhase(document: TrackedDocument, carried: Carried): Promise<TrackedDocument> {
    const keys = blobKeys(document.caseId, document.documentId, document.versionId);
    const text = carried.text ?? (await loadJson<StoredDocumentText>(this.blobs, keys.text));
    if (text === null) return this.advance(document, 'converted', {});
    const previous = document.indexedVersionId;
    const lineCount = await indexVersion(this.index, document, text, previous);
    if (previous !== null && previous !== document.versionId) {
      await this.blobs.deletePrefix(versionPrefix(document.caseId, document.documentId, previous));
    }
    return this.advance(document, 'indexed', { lineCount, indexedVersionId: document.versionId, indexedAt: now() });
  }

  /** Tracks an e-mail's attachments as documents of their own, linked to it, and queues them. */
  private async registerAttachments(email: TrackedDocument, attachments: readonly UnpackedAttachment[]): Promise<void> {
    const jobs: VersionRef[] = [];
    for (const [position, attachment] of attachments.entries()) {
      const childIndex = position + 1;
      const documentId = childDocumentId(email.documentId, childIndex);
      const keys = blobKeys(email.caseId, documentId, email.versionId);
      await storeFile(this.blobs, keys.original, attachment.path, attachment.mimeType || 'application/octet-stream', { version_id: email.versionId });
      const child = await this.tracker.update(email.caseId, documentId, (current) => {
        if (current?.versionId === email.versionId) return undefined;
        return newTrackedDocument({
          caseId: email.caseId,
          documentId,
          versionId: email.versionId,
          parentDocumentId: email.documentId,
          childIndex,
          fileName: attachment.fileName,
          mimeType: attachment.mimeType,
          sizeBytes: 0,
          requestedBy: email.requestedBy,
          requestedBySubject: email.requestedBySubject,
          indexedVersionId: current === null ? null : indexedVersionOf(current),
        });
      });
      if (child !== null && !isTerminal(child.status)) jobs.push({ caseId: email.caseId, documentId, versionId: email.versionId });
    }
    // Attachments an earlier version of the e-mail had and this one has not.
    for (const stale of await this.tracker.documents(email.caseId)) {
      if (stale.parentDocumentId !== email.documentId || stale.childIndex === null || stale.childIndex <= attachments.length) continue;
      await this.index.deleteDocument(email.caseId, stale.documentId);
      await this.blobs.deletePrefix(documentPrefix(email.caseId, stale.documentId));
      await this.tracker.update(email.caseId, stale.documentId, () => null);
    }
    for (const job of jobs) await this.enqueue(job);
  }

  private async fail(document: TrackedDocument, reason: TrackerFailureReason, error: unknown): Promise<void> {
    const detail = error instanceof Error ? error.message.slice(0, 300) : null;
    try {
      await this.advance(document, 'failed', { reason, detail, failedAt: now() });
    } catch (superseded) {
      if (!(superseded instanceof Superseded)) throw superseded;
    }
  }

  /** Moves the document on from the status it had, unless a refresh replaced its version meanwhile. */
  private async advance(document: TrackedDocument, status: DocumentStatus, patch: Partial<TrackedDocument>): Promise<TrackedDocument> {
    const updated = await this.tracker.update(document.caseId, document.documentId, (current) =>
      current === null || current.versionId !== document.versionId || isTerminal(current.status) ? undefined : { ...current, ...patch, status },
    );
    if (updated === null || updated.versionId !== document.versionId || updated.status !== status) throw new Superseded();
    return updated;
  }

  /** A refresh replaced or deleted the version this job worked on: leave nothing of it in the index or the store. */
  private async dropAbandonedVersion(job: VersionRef): Promise<void> {
    const current = await this.tracker.document(job.caseId, job.documentId);
    if (current?.indexedVersionId === job.versionId || current?.versionId === job.versionId) return;
    await this.index.deleteDocument(job.caseId, job.documentId, job.versionId);
    await this.blobs.deletePrefix(versionPrefix(job.caseId, job.documentId, job.versionId));
  }

  private callerFor(document: TrackedDocument): LegacyCaller {
    return { username: document.requestedBy, ...(document.requestedBySubject === undefined ? {} : { subject: document.requestedBySubject }), correlationId: randomUUID() };
  }
}

function failureReason(error: unknown, status: DocumentStatus, finalAttempt: boolean): TrackerFailureReason | null {
  if (isProcessingFailure(error)) return error.reason;
  if (isDomainError(error) && PERMANENT_LEGACY_CODES.has(error.code)) return 'FETCH_FAILED';
  if (!finalAttempt) return null;
  return status === 'new' ? 'FETCH_FAILED' : 'EXTRACTION_FAILED';
}

const now = (): string => new Date().toISOString();

export function newTrackedDocument(
  fields: Pick<TrackedDocument, 'caseId' | 'documentId' | 'versionId' | 'parentDocumentId' | 'childIndex' | 'fileName' | 'mimeType' | 'sizeBytes' | 'requestedBy' | 'requestedBySubject' | 'indexedVersionId'>,
): TrackedDocument {
  return {
    ...fields,
    status: 'new',
    reason: null,
    detail: null,
    detectedType: null,
    pageCount: null,
    ocrPageCount: null,
    pagesWithoutText: null,
    lineCount: null,
    coveredText: null,
    queuedAt: now(),
    convertedAt: null,
    extractedAt: null,
    indexedAt: null,
    failedAt: null,
  };
}
