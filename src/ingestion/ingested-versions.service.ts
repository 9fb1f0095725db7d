import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { VersionRef } from '../common/version-ref.js';
import type { DocumentText } from '../common/word-model.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import type { BlobStore } from '../storage/blob/blob-store.port.js';
import { blobKeys } from './blob-keys.js';
import type { CoveredText, IngestedVersions, IngestionState, StoredPdf, SupersedingVersion } from './ingested-versions.port.js';
import type { IngestionService } from './ingestion.service.js';
import { loadJson } from './stages/store.stage.js';
import type { IngestionTracker } from './tracker/ingestion-tracker.js';

/** IngestedVersions over the tracker and the blob store: the only way other features reach ingested versions. */
export class IngestedVersionsService implements IngestedVersions {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly tracker: IngestionTracker,
    private readonly blobs: BlobStore,
  ) {}

  async pdfSize(ref: VersionRef): Promise<number | null> {
    return (await this.blobs.head(blobKeys(ref.caseId, ref.documentId, ref.versionId).pdf))?.sizeBytes ?? null;
  }

  openPdf(ref: VersionRef, rangeHeader?: string): Promise<StoredPdf> {
    return this.ingestion.openPdf(ref.caseId, ref.documentId, ref.versionId, rangeHeader);
  }

  async copyPdfToFile(ref: VersionRef, path: string): Promise<boolean> {
    const blob = await this.blobs.get(blobKeys(ref.caseId, ref.documentId, ref.versionId).pdf);
    if (blob === null) return false;
    await pipeline(blob.stream, createWriteStream(path));
    return true;
  }

  readText(ref: VersionRef): Promise<DocumentText | null> {
    return loadJson<DocumentText>(this.blobs, blobKeys(ref.caseId, ref.documentId, ref.versionId).text);
  }

  async coveredText(ref: VersionRef): Promise<CoveredText | null> {
    const tracked = await this.tracker.document(ref.caseId, ref.documentId);
    if (tracked === null || tracked.versionId !== ref.versionId || tracked.coveredText == null) return null;
    if (tracked.coveredText.length === 0) return { pages: [] };
    const text = await this.readText(ref);
    const wordsOn = (pageIndex: number) =>
      (text?.pages.find((page) => page.pageIndex === pageIndex)?.lines ?? []).flatMap((line) => line.words.filter((word) => word.covered === true).map((word) => word.text));
    return { pages: tracked.coveredText.map((page) => ({ pageIndex: page.pageIndex, boxes: page.boxes, words: wordsOn(page.pageIndex) })) };
  }

  async state(caseId: string, documentId: string): Promise<IngestionState | null> {
    const tracked = await this.tracker.document(caseId, documentId);
    return tracked === null ? null : { versionId: tracked.versionId, status: tracked.status, reason: tracked.reason };
  }

  async states(caseId: string): Promise<ReadonlyMap<string, IngestionState>> {
    const tracked = await this.tracker.documents(caseId);
    return new Map(tracked.map((document) => [document.documentId, { versionId: document.versionId, status: document.status, reason: document.reason }]));
  }

  currentVersions(caseId: string): Promise<ReadonlyMap<string, string> | null> {
    return this.ingestion.currentVersions(caseId);
  }

  async refresh(caller: LegacyCaller, caseId: string): Promise<readonly VersionRef[]> {
    const tracker = await this.ingestion.refresh(caller, caseId);
    return tracker.documents.map((document) => ({ caseId, documentId: document.documentId, versionId: document.versionId }));
  }

  supersede(caller: LegacyCaller, old: VersionRef, next: SupersedingVersion): Promise<void> {
    return this.ingestion.supersede(caller, old.caseId, old.documentId, old.versionId, next);
  }
}
