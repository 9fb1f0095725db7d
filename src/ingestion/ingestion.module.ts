import { Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InstanceRole } from '../config/instance-role.js';
import { DEFAULT_CONVERSION_OPTIONS } from '../conversion/conversion-options.js';
import { configureChildMemoryBudget } from '../conversion/sandbox/index.js';
import { LegacyModule } from '../legacy/legacy.module.js';
import { LEGACY_CMS, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { SEARCH_INDEX, type SearchIndex } from '../search/search-index.port.js';
import { SearchModule } from '../search/search.module.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob/blob-store.port.js';
import { JOB_QUEUE, type JobQueue } from '../storage/queue/job-queue.port.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { CaseRefresher } from './case-refresher.js';
import { createIngestionTools } from './create-ingestion-tools.js';
import { DOCUMENT_QUEUE } from './document-job.js';
import { DocumentProcessor } from './document-processor.js';
import { INGESTED_VERSIONS, type IngestedVersions } from './ingested-versions.port.js';
import { IngestedVersionsService } from './ingested-versions.service.js';
import { INGESTION_TOOLS, type IngestionTools } from './ingestion-tools.port.js';
import { INDEX_SWEEPER_OPTIONS, IndexSweeper } from './index-sweeper.service.js';
import { IngestionWorker } from './ingestion-worker.js';
import { IngestionController } from './ingestion.controller.js';
import { DEFAULT_INGESTION_OPTIONS, INGESTION_OPTIONS, type IngestionModuleOptions } from './ingestion.options.js';
import { IngestionService } from './ingestion.service.js';
import { IngestionTracker } from './tracker/ingestion-tracker.js';
import { ThumbnailController } from './thumbnails/thumbnail.controller.js';
import { ThumbnailService } from './thumbnails/thumbnail.service.js';

export interface IngestionModuleOverrides {
  /** Use this instead of building it from config (tests, benchmarks); the caller closes it. */
  readonly searchIndex?: SearchIndex;
  /** Wraps the app's LegacyCms (tests count or filter its calls). */
  readonly wrapLegacy?: (legacy: LegacyCms) => LegacyCms;
  readonly tools?: IngestionTools;
  readonly options?: Partial<IngestionModuleOptions>;
}

/** Starts the queue consumer after the app is up and stops it (waiting for jobs in flight) on shutdown. */
@Injectable()
export class IngestionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly worker: IngestionWorker,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionModuleOptions,
    @Inject(INGESTION_TOOLS) private readonly tools: IngestionTools,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.startWorker && this.role.runsBackgroundWork) await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    if (this.options.ownsTools) await this.tools.close?.();
  }
}

/**
 * The ingestion pipeline: case refresh, tracker, queue worker, and the tracker/PDF/text endpoints.
 * Needs STATE_STORE, BLOB_STORE and JOB_QUEUE (StorageModule) from the app and brings SearchModule
 * (SEARCH_INDEX); provides INGESTED_VERSIONS, the port other features use.
 */
@Module({})
export class IngestionModule {
  static forRoot(config: Pick<AppConfig, 'ingestion' | 'crashSafety'>, overrides: IngestionModuleOverrides = {}): DynamicModule {
    const ingestion = config.ingestion;
    // Per machine, so per process: every child this process starts (ingestion's, redaction's) reserves from it.
    configureChildMemoryBudget(ingestion.childMemoryMb);
    const options: IngestionModuleOptions = { ...DEFAULT_INGESTION_OPTIONS, ...overrides.options, ownsTools: overrides.tools === undefined };
    const wrap = overrides.wrapLegacy ?? ((legacy: LegacyCms) => legacy);
    const search = SearchModule.forRoot({ searchIndex: ingestion.searchIndex }, { searchIndex: overrides.searchIndex });
    return {
      module: IngestionModule,
      global: true,
      // Search comes with ingestion: the pipeline fills SEARCH_INDEX, search reads INGESTED_VERSIONS from here.
      imports: [LegacyModule, search],
      controllers: [IngestionController, ThumbnailController],
      providers: [
        { provide: INGESTION_OPTIONS, useValue: options },
        { provide: INGESTION_TOOLS, useFactory: (): IngestionTools => overrides.tools ?? createIngestionTools(ingestion) },
        { provide: IngestionTracker, useFactory: (state: StateStore) => new IngestionTracker(state), inject: [STATE_STORE] },
        {
          provide: DocumentProcessor,
          useFactory: (legacy: LegacyCms, blobs: BlobStore, index: SearchIndex, tools: IngestionTools, tracker: IngestionTracker, queue: JobQueue) =>
            new DocumentProcessor(wrap(legacy), blobs, index, tools, tracker, (job) => queue.enqueue(DOCUMENT_QUEUE, job).then(() => undefined), {
              maxDocumentBytes: ingestion.maxDocumentBytes,
              workDir: ingestion.workDir,
            }),
          inject: [LEGACY_CMS, BLOB_STORE, SEARCH_INDEX, INGESTION_TOOLS, IngestionTracker, JOB_QUEUE],
        },
        {
          provide: CaseRefresher,
          useFactory: (legacy: LegacyCms, tracker: IngestionTracker, blobs: BlobStore, index: SearchIndex, queue: JobQueue) =>
            new CaseRefresher(wrap(legacy), tracker, blobs, index, (job) => queue.enqueue(DOCUMENT_QUEUE, job).then(() => undefined), { maxParallelCases: options.maxParallelCases }),
          inject: [LEGACY_CMS, IngestionTracker, BLOB_STORE, SEARCH_INDEX, JOB_QUEUE],
        },
        {
          provide: IngestionWorker,
          useFactory: (queue: JobQueue, processor: DocumentProcessor) =>
            new IngestionWorker(queue, processor, {
              // Documents overlap: while one waits on a download, a store or a queue for the cores, another's children run.
              concurrency: ingestion.documentsInFlight,
              maxAttempts: options.maxAttempts,
              // Short, and renewed by heartbeat while the job runs: a dead worker's job is taken over within the lease.
              visibilityTimeoutMs: config.crashSafety.jobLeaseMs,
              workDir: ingestion.workDir,
            }),
          inject: [JOB_QUEUE, DocumentProcessor],
        },
        {
          provide: IngestionService,
          useFactory: (refresher: CaseRefresher, tracker: IngestionTracker, blobs: BlobStore, index: SearchIndex, queue: JobQueue) =>
            new IngestionService(refresher, tracker, blobs, { index, enqueue: (job) => queue.enqueue(DOCUMENT_QUEUE, job).then(() => undefined) }),
          inject: [CaseRefresher, IngestionTracker, BLOB_STORE, SEARCH_INDEX, JOB_QUEUE],
        },
        {
          provide: INGESTED_VERSIONS,
          useFactory: (ingestion: IngestionService, tracker: IngestionTracker, blobs: BlobStore) => new IngestedVersionsService(ingestion, tracker, blobs),
          inject: [IngestionService, IngestionTracker, BLOB_STORE],
        },
        {
          provide: ThumbnailService,
          useFactory: (versions: IngestedVersions, blobs: BlobStore) =>
            new ThumbnailService(versions, blobs, { workDir: ingestion.workDir, limits: { timeoutMs: ingestion.sandbox.timeoutMs, maxMemoryMb: DEFAULT_CONVERSION_OPTIONS.pdfToolLimits.maxMemoryMb } }),
          inject: [INGESTED_VERSIONS, BLOB_STORE],
        },
        IngestionLifecycle,
        { provide: INDEX_SWEEPER_OPTIONS, useValue: { intervalMs: ingestion.indexSweepIntervalMs } },
        IndexSweeper,
      ],
      exports: [INGESTED_VERSIONS, IngestionService, search],
    };
  }
}
