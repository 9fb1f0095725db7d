import type { Readable } from 'node:stream';
import { DomainError } from '../common/domain-error.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import type { SearchIndex } from '../search/search-index.port.js';
import type { BlobStore } from '../storage/blob/blob-store.port.js';
import { parseRangeHeader } from '../common/http-content/range-header.js';
import { blobKeys, versionPrefix } from './blob-keys.js';
import type { CaseRefresher } from './case-refresher.js';
import type { EnqueueDocument } from './document-job.js';
import type { StoredPdf, SupersedingVersion } from './ingested-versions.port.js';
import { newTrackedDocument } from './document-processor.js';
import type { IngestionTracker } from './tracker/ingestion-tracker.js';
import { indexedVersionOf, isTerminal, type CaseTracker } from './tracker/tracker.model.js';

/** What superseding a version needs besides the tracker and the blobs (the module always gives them). */
export interface SupersedeTools {
  readonly index: SearchIndex;
  readonly enqueue: EnqueueDocument;
}

/** What the API asks of ingestion. Callers have proven access to the case (the case-access guard). */
export class IngestionService {
  constructor(
    private readonly refresher: CaseRefresher,
    private readonly tracker: IngestionTracker,
    private readonly blobs: BlobStore,
    private readonly supersedeTools?: SupersedeTools,
  ) {}

  refresh(caller: LegacyCaller, caseId: string): Promise<CaseTracker> {
    return this.refresher.refresh(caller, caseId);
  }

  /**
   * A new version replaces `oldVersionId` now, not once it is indexed (a redaction: the old text must not stay
   * searchable meanwhile). The tracker moves to the new version with nothing indexed, the old version's lines
   * and stored artefacts are removed, and the new version is queued. Idempotent: safe to repeat after a crash.
   */
  async supersede(caller: LegacyCaller, caseId: string, documentId: string, oldVersionId: string, next: SupersedingVersion): Promise<void> {
    const tracked = await this.tracker.update(caseId, documentId, (current) => {
      if (current === null) return undefined;
      if (current.versionId === oldVersionId) {
        return newTrackedDocument({
          caseId,
          documentId,
          versionId: next.versionId,
          parentDocumentId: current.parentDocumentId,
          childIndex: current.childIndex,
          fileName: next.fileName,
          mimeType: next.mimeType,
          sizeBytes: next.sizeBytes,
          requestedBy: caller.username,
          requestedBySubject: caller.subject,
          indexedVersionId: null,
        });
      }
      return current.indexedVersionId === oldVersionId ? { ...current, indexedVersionId: null } : undefined;
    });
    if (this.supersedeTools === undefined) return;
    await this.supersedeTools.index.deleteDocument(caseId, documentId, oldVersionId);
    await this.blobs.deletePrefix(versionPrefix(caseId, documentId, oldVersionId));
    if (tracked !== null && tracked.versionId === next.versionId && !isTerminal(tracked.status)) {
      await this.supersedeTools.enqueue({ caseId, documentId, versionId: next.versionId });
    }
  }

  caseTracker(caseId: string): Promise<CaseTracker> {
    return this.tracker.snapshot(caseId);
  }

  watch(caseId: string, listener: () => void): () => void {
    return this.tracker.onChange(caseId, listener);
  }

  /** documentId → the version whose lines are searchable now; null for a case never refreshed. */
  async currentVersions(caseId: string): Promise<ReadonlyMap<string, string> | null> {
    const documents = await this.tracker.documents(caseId);
    if (documents.length === 0 && (await this.tracker.caseRun(caseId)) === null) return null;
    const current = new Map<string, string>();
    for (const document of documents) {
      const versionId = indexedVersionOf(document);
      if (versionId !== null) current.set(document.documentId, versionId);
    }
    return current;
  }

  /** The converted PDF of a version (or the one range the header asks for). */
  async openPdf(caseId: string, documentId: string, versionId: string, rangeHeader?: string): Promise<StoredPdf> {
    const key = blobKeys(caseId, documentId, versionId).pdf;
    const properties = await this.blobs.head(key);
    if (properties === null) throw await this.notStored(caseId, documentId, 'PDF');
    const request = parseRangeHeader(rangeHeader, properties.sizeBytes);
    if (request.kind === 'unsatisfiable') {
      throw new DomainError('RANGE_NOT_SATISFIABLE', 'The range lies outside the PDF.', { totalBytes: properties.sizeBytes });
    }
    const range = request.kind === 'partial' ? request.range : null;
    const blob = await this.blobs.get(key, range ?? undefined);
    if (blob === null) throw await this.notStored(caseId, documentId, 'PDF');
    const tracked = await this.tracker.document(caseId, documentId);
    return { stream: blob.stream, fileName: pdfFileName(tracked?.fileName ?? `${documentId}.pdf`), totalBytes: properties.sizeBytes, range };
  }

  /** The stored text JSON of a version, as stored (pages, lines, words with boxes). */
  async openText(caseId: string, documentId: string, versionId: string): Promise<{ stream: Readable; sizeBytes: number }> {
    const blob = await this.blobs.get(blobKeys(caseId, documentId, versionId).text);
    if (blob === null) throw await this.notStored(caseId, documentId, 'text');
    return { stream: blob.stream, sizeBytes: blob.properties.sizeBytes };
  }

  private async notStored(caseId: string, documentId: string, what: string): Promise<DomainError> {
    const tracked = await this.tracker.document(caseId, documentId);
    return tracked === null
      ? new DomainError('DOCUMENT_NOT_FOUND', `No document with this id has been ingested for the case; refresh the case first.`)
      : new DomainError('DOCUMENT_VERSION_NOT_FOUND', `No ${what} is stored for this version (yet); see the case tracker.`);
  }
}

function pdfFileName(fileName: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '');
  return `${base === '' ? 'document' : base}.pdf`;
}
