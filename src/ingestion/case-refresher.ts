import { randomUUID } from 'node:crypto';
import { Semaphore } from '../conversion/sandbox/semaphore.js';
import type { CaseDocument, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import type { SearchIndex } from '../search/search-index.port.js';
import type { BlobStore } from '../storage/blob/blob-store.port.js';
import { documentPrefix, versionPrefix } from './blob-keys.js';
import type { EnqueueDocument } from './document-job.js';
import { newTrackedDocument } from './document-processor.js';
import { diffCase } from './stages/diff.stage.js';
import { listCaseDocuments } from './stages/list.stage.js';
import type { IngestionTracker } from './tracker/ingestion-tracker.js';
import { indexedVersionOf, type CaseTracker, type TrackedDocument } from './tracker/tracker.model.js';
import { SingleFlight } from '../common/single-flight.js';
import type { VersionRef } from '../common/version-ref.js';

export interface CaseRefresherOptions {
  /** Cases listed and diffed at once; more wait their turn. */
  readonly maxParallelCases: number;
}

/**
 * A case refresh: one list call, a diff against the tracker, a job per new document version,
 * deleted documents dropped from the index and the store. Concurrent refreshes of one case share
 * one run (and one answer); different cases run in parallel up to a bound.
 */
export class CaseRefresher {
  private readonly running = new SingleFlight<string, CaseTracker>();
  private readonly slots: Semaphore;

  constructor(
    private readonly legacy: LegacyCms,
    private readonly tracker: IngestionTracker,
    private readonly blobs: BlobStore,
    private readonly index: SearchIndex,
    private readonly enqueue: EnqueueDocument,
    options: CaseRefresherOptions,
  ) {
    this.slots = new Semaphore(options.maxParallelCases);
  }

  refresh(caller: LegacyCaller, caseId: string): Promise<CaseTracker> {
    return this.running.run(caseId, () => this.slots.use(() => this.run(caller, caseId)));
  }

  private async run(caller: LegacyCaller, caseId: string): Promise<CaseTracker> {
    const previous = await this.tracker.caseRun(caseId);
    const run = { caseId, runId: randomUUID(), startedAt: new Date().toISOString(), listedAt: null, finishedAt: null, refreshCount: (previous?.refreshCount ?? 0) + 1 };
    await this.tracker.putCaseRun(run);
    let listed: CaseDocument[];
    try {
      listed = await listCaseDocuments(this.legacy, caller, caseId);
    } catch (error) {
      await this.tracker.putCaseRun(previous ?? { ...run, listedAt: run.startedAt, finishedAt: run.startedAt });
      throw error;
    }
    const diff = diffCase(listed, await this.tracker.documents(caseId));
    const jobs: VersionRef[] = [];
    for (const document of diff.added) {
      await this.tracker.update(caseId, document.documentId, (current) => (current === null ? trackedFrom(caseId, document, caller, null) : undefined));
      jobs.push({ caseId, documentId: document.documentId, versionId: document.versionId });
    }
    for (const { listed: document, tracked } of diff.changed) {
      const indexedVersionId = indexedVersionOf(tracked);
      await this.tracker.update(caseId, document.documentId, () => trackedFrom(caseId, document, caller, indexedVersionId));
      if (tracked.versionId !== indexedVersionId) await this.dropVersion(caseId, tracked.documentId, tracked.versionId);
      jobs.push({ caseId, documentId: document.documentId, versionId: document.versionId });
    }
    for (const document of diff.unfinished) jobs.push({ caseId, documentId: document.documentId, versionId: document.versionId });
    for (const document of diff.deleted) await this.dropDocument(document);
    for (const job of jobs) await this.enqueue(job);
    await this.tracker.putCaseRun({ ...run, listedAt: new Date().toISOString() });
    await this.tracker.finishIfDone(caseId);
    return this.tracker.snapshot(caseId);
  }

  /** A version that never made it into the index (replaced mid-way): drop whatever it left. */
  private async dropVersion(caseId: string, documentId: string, versionId: string): Promise<void> {
    await this.index.deleteDocument(caseId, documentId, versionId);
    await this.blobs.deletePrefix(versionPrefix(caseId, documentId, versionId));
  }

  private async dropDocument(document: TrackedDocument): Promise<void> {
    await this.index.deleteDocument(document.caseId, document.documentId);
    await this.blobs.deletePrefix(documentPrefix(document.caseId, document.documentId));
    await this.tracker.update(document.caseId, document.documentId, () => null);
  }
}

function trackedFrom(caseId: string, document: CaseDocument, caller: LegacyCaller, indexedVersionId: string | null): TrackedDocument {
  return newTrackedDocument({
    caseId,
    documentId: document.documentId,
    versionId: document.versionId,
    parentDocumentId: document.parentDocumentId,
    childIndex: null,
    fileName: document.fileName,
    mimeType: document.mimeType,
    sizeBytes: document.sizeBytes,
    requestedBy: caller.username,
    requestedBySubject: caller.subject,
    indexedVersionId,
  });
}
