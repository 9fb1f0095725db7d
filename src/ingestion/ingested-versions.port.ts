import type { Readable } from 'node:stream';
import type { VersionRef } from '../common/version-ref.js';
import type { Box, DocumentText } from '../common/word-model.js';
import type { ByteRange, LegacyCaller } from '../legacy/legacy-cms.port.js';

/**
 * What other features may ask of ingestion about the versions it ingested (ADR 0027): their stored PDF and
 * words, how far ingestion got, which version of a document is searchable, and the two changes redaction
 * makes (refresh a case, supersede a version). Implemented inside ingestion; redaction, suggestions and
 * search import this file only.
 */
export const INGESTED_VERSIONS = Symbol('IngestedVersions');

export type IngestionStatus = 'new' | 'converted' | 'extracted' | 'indexed' | 'failed';

/** How far ingestion got with the version of a document it tracks (the newest it was asked to ingest). */
export interface IngestionState {
  readonly versionId: string;
  readonly status: IngestionStatus;
  /** Why it failed (a processing reason or FETCH_FAILED); null unless failed. */
  readonly reason: string | null;
}

export interface StoredPdf {
  readonly stream: Readable;
  readonly fileName: string;
  readonly totalBytes: number;
  readonly range: ByteRange | null;
}

/** The version that replaces another at once (a redaction's), as checked in. */
export interface SupersedingVersion {
  readonly versionId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
}

/** Where a version's live words lie under a dark box, image or annotation (ADR 0032): what an under-redaction entry starts from. */
export interface CoveredText {
  readonly pages: readonly { readonly pageIndex: number; readonly boxes: readonly Box[]; readonly words: readonly string[] }[];
}

export interface IngestedVersions {
  /** The size of the version's converted PDF; null when none is stored (yet). */
  pdfSize(ref: VersionRef): Promise<number | null>;
  /** The converted PDF (or the one range the header asks for); DOCUMENT_NOT_FOUND / DOCUMENT_VERSION_NOT_FOUND when not stored. */
  openPdf(ref: VersionRef, rangeHeader?: string): Promise<StoredPdf>;
  /** Copies the converted PDF to a local file (for a program that needs a path); false when none is stored. */
  copyPdfToFile(ref: VersionRef, path: string): Promise<boolean>;
  /** The version's extracted words (pages, lines, words with boxes); null when none are stored (yet). */
  readText(ref: VersionRef): Promise<DocumentText | null>;
  /**
   * The fake redactions ingestion found on the version (pages, covering boxes, and the words under them, which the
   * reader may see anyway: they are live text); null when the version was not looked at or is not the tracked one.
   */
  coveredText(ref: VersionRef): Promise<CoveredText | null>;
  /** The tracked state of a document; null when ingestion never saw it. */
  state(caseId: string, documentId: string): Promise<IngestionState | null>;
  /** documentId → tracked state, for every document of the case ingestion saw (one read, for lists). */
  states(caseId: string): Promise<ReadonlyMap<string, IngestionState>>;
  /** documentId → the version whose lines are searchable now; null for a case never refreshed. */
  currentVersions(caseId: string): Promise<ReadonlyMap<string, string> | null>;
  /** Lists the case again (joining a refresh in flight) and answers the versions ingestion now tracks. */
  refresh(caller: LegacyCaller, caseId: string): Promise<readonly VersionRef[]>;
  /** `next` replaces `old` at once, not once indexed: the old version leaves search and storage, the new one is queued. */
  supersede(caller: LegacyCaller, old: VersionRef, next: SupersedingVersion): Promise<void>;
}
