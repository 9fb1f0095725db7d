import type { ProcessingFailureReason } from '../../conversion/processing-failure.js';
import type { Box } from '../../common/word-model.js';

/** A page where words lie under a dark box, image or annotation (ADR 0032): the covering areas, word-model units. */
export interface CoveredTextPage {
  readonly pageIndex: number;
  readonly boxes: readonly Box[];
}

/** new → converted → extracted → indexed, or failed(reason) at any step. */
export const DOCUMENT_STATUSES = ['new', 'converted', 'extracted', 'indexed', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Why a document failed: a processing reason, or the legacy CMS would not give us the bytes. */
export type TrackerFailureReason = ProcessingFailureReason | 'FETCH_FAILED';

/** One document of a case as the pipeline knows it: the version being (or last) processed. */
export interface TrackedDocument {
  readonly caseId: string;
  /** The legacy id, or `<parentDocumentId>-<n>` for the n-th attachment unpacked from an e-mail. */
  readonly documentId: string;
  readonly versionId: string;
  readonly parentDocumentId: string | null;
  /** Set for attachments unpacked from an e-mail (1-based, in the e-mail's order). */
  readonly childIndex: number | null;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly status: DocumentStatus;
  readonly reason: TrackerFailureReason | null;
  /** Non-personal detail of a failure (never document text). */
  readonly detail: string | null;
  /** The real type found by sniffing. */
  readonly detectedType: string | null;
  readonly pageCount: number | null;
  readonly ocrPageCount: number | null;
  /** Pages with no words after OCR (photos, blank pages, OCR failed or off); absent on records that predate it. */
  readonly pagesWithoutText?: number | null;
  readonly lineCount: number | null;
  /**
   * Under-redaction detection (ADR 0032): the pages where live words lie under a covering box ([] none); null when
   * not looked at (switched off, the renderer failed, not extracted yet); absent on records that predate it.
   */
  readonly coveredText?: readonly CoveredTextPage[] | null;
  /** The version whose lines are in the index (the previous one until this one is indexed). */
  readonly indexedVersionId: string | null;
  /** Who asked for the refresh that queued this version (the legacy CMS is asked on their behalf). */
  readonly requestedBy: string;
  /** Their token subject (absent on records that predate it): the strangler's canary is decided on it. */
  readonly requestedBySubject?: string;
  /** ISO-8601 per status reached. */
  readonly queuedAt: string;
  readonly convertedAt: string | null;
  readonly extractedAt: string | null;
  readonly indexedAt: string | null;
  readonly failedAt: string | null;
}

export type CaseRunStatus = 'idle' | 'running' | 'done';

/** Case-level record of refreshes. Counts are derived from the documents when read. */
export interface CaseRun {
  readonly caseId: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly listedAt: string | null;
  readonly finishedAt: string | null;
  readonly refreshCount: number;
}

export interface TrackerProgress {
  readonly total: number;
  readonly new: number;
  readonly converted: number;
  readonly extracted: number;
  readonly indexed: number;
  readonly failed: number;
  /** Share of documents that reached indexed or failed, 0–100. */
  readonly percent: number;
  readonly pages: number;
}

export interface CaseTracker {
  readonly caseId: string;
  readonly status: CaseRunStatus;
  readonly runId: string | null;
  readonly startedAt: string | null;
  readonly listedAt: string | null;
  readonly finishedAt: string | null;
  readonly progress: TrackerProgress;
  readonly documents: readonly TrackedDocument[];
}

/** The version whose lines are searchable now: this one once indexed, else the one indexed before it (null: none). */
export const indexedVersionOf = (document: Pick<TrackedDocument, 'status' | 'versionId' | 'indexedVersionId'>): string | null =>
  document.status === 'indexed' ? document.versionId : document.indexedVersionId;

export const isTerminal = (status: DocumentStatus): boolean => status === 'indexed' || status === 'failed';

export function progressOf(documents: readonly TrackedDocument[]): TrackerProgress {
  const counts = { new: 0, converted: 0, extracted: 0, indexed: 0, failed: 0 };
  let pages = 0;
  for (const document of documents) {
    counts[document.status] += 1;
    pages += document.pageCount ?? 0;
  }
  const total = documents.length;
  const finished = counts.indexed + counts.failed;
  return { total, ...counts, percent: total === 0 ? 100 : Math.floor((finished * 100) / total), pages };
}
