export const INGESTION_OPTIONS = Symbol('IngestionModuleOptions');

/** Knobs tests and tools may change; the rest comes from the config. */
export interface IngestionModuleOptions {
  readonly sseHeartbeatMs: number;
  readonly sseThrottleMs: number;
  /** Start consuming jobs when the app starts (false: a test drives the queue). */
  readonly startWorker: boolean;
  readonly maxParallelCases: number;
  readonly maxAttempts: number;
  /** Set by the module: whether it built the tools (and so closes them). */
  readonly ownsTools: boolean;
}

export const DEFAULT_INGESTION_OPTIONS: IngestionModuleOptions = { sseHeartbeatMs: 15_000, sseThrottleMs: 200, startWorker: true, maxParallelCases: 4, maxAttempts: 3, ownsTools: true };
