import { explainFailure } from './failure-explanation.js';
import type { CaseTrackerDto, TrackedDocumentDto } from './tracker.dto.js';
import type { CaseTracker, TrackedDocument } from './tracker/tracker.model.js';

/** What clients see of a tracked document: not who asked for the refresh. */
export function toTrackedDocumentDto(document: TrackedDocument, checkedOutBy: string | null = null): TrackedDocumentDto {
  return {
    documentId: document.documentId,
    versionId: document.versionId,
    parentDocumentId: document.parentDocumentId,
    childIndex: document.childIndex,
    fileName: document.fileName,
    mimeType: document.mimeType,
    detectedType: document.detectedType,
    status: document.status,
    reason: document.reason,
    failure: document.status === 'failed' && document.reason !== null ? explainFailure(document.reason) : null,
    pageCount: document.pageCount,
    ocrPageCount: document.ocrPageCount,
    pagesWithoutText: document.pagesWithoutText ?? null,
    lineCount: document.lineCount,
    indexedVersionId: document.indexedVersionId,
    checkedOutBy,
    queuedAt: document.queuedAt,
    convertedAt: document.convertedAt,
    extractedAt: document.extractedAt,
    indexedAt: document.indexedAt,
    failedAt: document.failedAt,
    hasCoveredText: document.coveredText == null ? null : document.coveredText.length > 0,
    coveredText: document.coveredText == null ? null : document.coveredText.map((page) => ({ pageIndex: page.pageIndex, boxes: page.boxes.map((box) => ({ ...box })) })),
  };
}

/** `checkedOutBy`: documentId → who holds it in a redaction session. */
export function toCaseTrackerDto(tracker: CaseTracker, checkedOutBy: ReadonlyMap<string, string> = new Map()): CaseTrackerDto {
  const documents = [...tracker.documents].sort((a, b) => compareDocumentIds(a.documentId, b.documentId));
  return { ...tracker, progress: { ...tracker.progress }, documents: documents.map((document) => toTrackedDocumentDto(document, checkedOutBy.get(document.documentId) ?? null)) };
}

/** Numeric order of `1001`, `1001-1`, `1001-2`, `1002`. */
function compareDocumentIds(a: string, b: string): number {
  const [aId, aChild = '0'] = a.split('-');
  const [bId, bChild = '0'] = b.split('-');
  return Number(aId) - Number(bId) || Number(aChild) - Number(bChild);
}
