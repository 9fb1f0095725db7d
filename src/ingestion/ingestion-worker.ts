import { rm } from 'node:fs/promises';
import type { JobQueue, QueuedJob } from '../storage/queue/job-queue.port.js';
import { DOCUMENT_QUEUE } from './document-job.js';
import type { DocumentProcessor } from './document-processor.js';
import type { VersionRef } from '../common/version-ref.js';

export interface IngestionWorkerOptions {
  /** Documents worked on at once; their children are bounded by the cores and the child memory budget, not by this. */
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** The job's lease: renewed by heartbeat while it runs; a job whose holder died is delivered again after this. */
  readonly visibilityTimeoutMs: number;
  /** Scratch directory whose leftovers (a crashed run's) are removed at start. */
  readonly workDir: string;
}

/** Consumes the document queue: one job per document version, at least once, handled idempotently. */
export class IngestionWorker {
  private stopConsuming: (() => Promise<void>) | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly processor: DocumentProcessor,
    private readonly options: IngestionWorkerOptions,
  ) {}

  async start(): Promise<void> {
    if (this.stopConsuming !== null) return;
    await rm(this.options.workDir, { recursive: true, force: true });
    this.stopConsuming = this.queue.consume<VersionRef>(DOCUMENT_QUEUE, (job) => this.handle(job), {
      concurrency: this.options.concurrency,
      visibilityTimeoutMs: this.options.visibilityTimeoutMs,
      maxAttempts: this.options.maxAttempts,
    });
  }

  async stop(): Promise<void> {
    const stop = this.stopConsuming;
    this.stopConsuming = null;
    if (stop !== null) await stop();
  }

  private handle(job: QueuedJob<VersionRef>): Promise<void> {
    const { caseId, documentId, versionId } = job.payload;
    return this.processor.process({ caseId, documentId, versionId }, job.attempt >= this.options.maxAttempts);
  }
}
