/**
 * Durable work queue, at-least-once: a handler may see a job more than once (after a crash
 * or a visibility timeout), so handlers are idempotent. Jobs are small JSON messages.
 */
export const JOB_QUEUE = Symbol('JobQueue');

export interface QueuedJob<T> {
  readonly id: string;
  readonly queue: string;
  readonly payload: T;
  /** 1 on first delivery. */
  readonly attempt: number;
}

export interface ConsumeOptions {
  /** Jobs handled at once by this consumer. */
  readonly concurrency: number;
  /** A job not finished within this is delivered again. */
  readonly visibilityTimeoutMs: number;
  /** After this many failed attempts the job is dead-lettered (kept, not retried). */
  readonly maxAttempts: number;
}

export interface JobQueue {
  enqueue<T>(queue: string, payload: T): Promise<string>;
  /** Starts delivering jobs to `handler` (resolve = done, reject = retry later). Returns a stop function that waits for in-flight jobs. */
  consume<T>(queue: string, handler: (job: QueuedJob<T>) => Promise<void>, options: ConsumeOptions): () => Promise<void>;
  /** Jobs waiting or in flight (approximate for remote queues). */
  depth(queue: string): Promise<number>;
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
}
