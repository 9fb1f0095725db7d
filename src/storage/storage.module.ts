import { Global, Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { BLOB_STORE, type BlobStore } from './blob/blob-store.port.js';
import { createBlobStore } from './blob/create-blob-store.js';
import { createJobQueue } from './queue/create-job-queue.js';
import { JOB_QUEUE, type JobQueue } from './queue/job-queue.port.js';
import { createStateStore } from './state/create-state-store.js';
import { STATE_STORE, type StateStore } from './state/state-store.port.js';

export interface StorageModuleOptions {
  /** Use these instead of building them from config (tests, benchmarks); the caller then closes them. */
  readonly stateStore?: StateStore;
  readonly blobStore?: BlobStore;
  readonly jobQueue?: JobQueue;
}

const STATE_STORE_OWNED = Symbol('StateStoreOwned');

/** Puts the storage ports on /health/ready and closes the state store when the app shuts down (if this module built it). */
@Injectable()
export class StorageLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Inject(STATE_STORE_OWNED) private readonly owned: boolean,
    @Inject(BLOB_STORE) blobs: BlobStore,
    @Inject(JOB_QUEUE) queue: JobQueue,
    @Optional() registry?: ReadinessRegistry,
  ) {
    registry?.register('stateStore', () => store.readiness());
    registry?.register('blobStore', () => blobs.readiness());
    registry?.register('jobQueue', () => queue.readiness());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.store.close();
  }
}

/**
 * The three storage ports, chosen from one config section (config.storage): STATE_STORE (SQLite under DATA_DIR,
 * Azure Table Storage in production), BLOB_STORE (files under DATA_DIR, Azure Blob Storage) and JOB_QUEUE
 * (in-process on the state store, Azure Queue Storage).
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: Pick<AppConfig, 'storage'>, options: StorageModuleOptions = {}): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: STATE_STORE, useFactory: (): StateStore => options.stateStore ?? createStateStore(config.storage.stateStore) },
        { provide: STATE_STORE_OWNED, useValue: options.stateStore === undefined },
        { provide: BLOB_STORE, useFactory: (): BlobStore => options.blobStore ?? createBlobStore(config.storage.blobStore) },
        { provide: JOB_QUEUE, useFactory: (state: StateStore): JobQueue => options.jobQueue ?? createJobQueue(config.storage.jobQueue, state), inject: [STATE_STORE] },
        StorageLifecycle,
      ],
      exports: [STATE_STORE, BLOB_STORE, JOB_QUEUE],
    };
  }
}
