import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { StateConflictError, type StateEntity, type StateStore } from '../state/state-store.port.js';
import type { ConsumeOptions, JobQueue, QueuedJob } from './job-queue.port.js';
import {
  assertConsumeOptions,
  assertQueueName,
  backoffMs,
  DEFAULT_RETRY_BACKOFF,
  describe,
  failureReason,
  serialiseJobPayload,
  startConsumerLoop,
  SYSTEM_LEASE_CLOCK,
  WakeUps,
  type DeadLetteredJob,
  type Delivery,
  type JobOutcome,
  type LeaseClock,
  type RetryBackoff,
} from './job-queue.support.js';

export interface InProcessJobQueueOptions {
  /** How often an idle consumer looks for jobs enqueued by another process or whose lease expired (default 1 s). */
  readonly pollIntervalMs?: number;
  readonly retryBackoff?: RetryBackoff;
  /** Lease time and heartbeats (default: the system clock). */
  readonly clock?: LeaseClock;
}

/** Waiting and in-flight jobs: partition = queue name, key = enqueue order. */
export const JOBS_TABLE = 'jobs';
export const DEAD_LETTER_TABLE = 'jobsdeadletter';

const SCAN_PAGE = 100;

interface JobRecord {
  readonly payload: unknown;
  readonly enqueuedAt: string;
  /** Deliveries so far. */
  readonly attempt: number;
  /** Epoch ms: claimed by a consumer until then (0: not claimed). */
  readonly leaseUntil: number;
  /** Epoch ms: not to be delivered before (retry backoff). */
  readonly notBefore: number;
  readonly lastFailure?: string;
}

/**
 * The default JobQueue: jobs live in the StateStore (SQLite by default), so they survive a restart.
 * A consumer claims a job with a conditional write (etag) that sets a lease; a finished job is
 * deleted, a failed one gets a backoff, and one that failed `maxAttempts` times moves to the
 * dead-letter table. While the handler runs, a heartbeat renews the lease; a consumer that dies
 * mid-job stops renewing, its lease expires, and the job is delivered again — to any consumer over
 * the same store. Enqueues in this process wake its
 * consumers at once; others notice on their next poll.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly wakeUps = new WakeUps();
  private readonly pollIntervalMs: number;
  private readonly retryBackoff: RetryBackoff;
  private readonly clock: LeaseClock;
  private readonly logger = new Logger('InProcessJobQueue');
  private sequence = 0;

  constructor(
    private readonly store: StateStore,
    options: InProcessJobQueueOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retryBackoff = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
    this.clock = options.clock ?? SYSTEM_LEASE_CLOCK;
  }

  static fromConfig(config: { readonly stateStore: StateStore } & InProcessJobQueueOptions): InProcessJobQueue {
    return new InProcessJobQueue(config.stateStore, config);
  }

  async enqueue<T>(queue: string, payload: T): Promise<string> {
    assertQueueName(queue);
    const record: JobRecord = { payload: JSON.parse(serialiseJobPayload(payload)), enqueuedAt: new Date().toISOString(), attempt: 0, leaseUntil: 0, notBefore: 0 };
    const id = this.nextJobId();
    await this.store.put(JOBS_TABLE, queue, id, record, { ifAbsent: true });
    this.wakeUps.notify(queue);
    return id;
  }

  consume<T>(queue: string, handler: (job: QueuedJob<T>) => Promise<void>, options: ConsumeOptions): () => Promise<void> {
    assertQueueName(queue);
    assertConsumeOptions(options);
    return startConsumerLoop<T>({
      queue,
      concurrency: options.concurrency,
      pollIntervalMs: this.pollIntervalMs,
      visibilityTimeoutMs: options.visibilityTimeoutMs,
      clock: this.clock,
      claim: (max) => this.claim<T>(queue, max, options),
      handler,
      subscribe: (wake) => this.wakeUps.subscribe(queue, wake),
      logger: this.logger,
    });
  }

  async depth(queue: string): Promise<number> {
    assertQueueName(queue);
    let count = 0;
    let afterKey: string | undefined;
    for (;;) {
      const page = await this.store.list<JobRecord>(JOBS_TABLE, queue, { afterKey, limit: 1000 });
      count += page.length;
      if (page.length < 1000) return count;
      afterKey = page[page.length - 1].key;
    }
  }

  /** Jobs that gave up, oldest first. */
  async deadLetters<T>(queue: string, limit = 100): Promise<DeadLetteredJob<T>[]> {
    assertQueueName(queue);
    const entities = await this.store.list<DeadLetteredJob<T>>(DEAD_LETTER_TABLE, queue, { limit });
    return entities.map((entity) => entity.value);
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    const state = await this.store.readiness();
    const down = Object.entries(state).find(([, part]) => !part.up);
    return { inProcessQueue: down === undefined ? { up: true } : { up: false, detail: `state store ${down[0]} down` } };
  }

  /** Time-ordered, unique across processes: zero-padded epoch ms, a per-process sequence, random bits. */
  private nextJobId(): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${Date.now().toString().padStart(15, '0')}-${this.sequence.toString().padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  }

  private async claim<T>(queue: string, max: number, options: ConsumeOptions): Promise<Delivery<T>[]> {
    const claimed: Delivery<T>[] = [];
    let afterKey: string | undefined;
    while (claimed.length < max) {
      const page = await this.store.list<JobRecord>(JOBS_TABLE, queue, { afterKey, limit: SCAN_PAGE });
      const now = this.clock.now();
      for (const entity of page) {
        if (claimed.length >= max) break;
        const record = entity.value;
        if (record.leaseUntil > now || record.notBefore > now) continue;
        const attempt = record.attempt + 1;
        if (attempt > options.maxAttempts) {
          // Its consumers kept dying before settling it: give up on it like on a failing one.
          await this.deadLetter(queue, entity, 'redelivered too often').catch((error: unknown) => this.logger.warn(`queue ${queue}: dead-lettering failed: ${describe(error)}`));
          continue;
        }
        let lease: StateEntity<JobRecord>;
        try {
          lease = await this.store.put<JobRecord>(JOBS_TABLE, queue, entity.key, { ...record, attempt, leaseUntil: now + options.visibilityTimeoutMs }, { ifMatch: entity.etag });
        } catch (error) {
          if (error instanceof StateConflictError) continue; // another consumer claimed it first
          throw error;
        }
        claimed.push(this.delivery<T>(queue, lease, options));
      }
      if (page.length < SCAN_PAGE) break;
      afterKey = page[page.length - 1].key;
    }
    return claimed;
  }

  /** The lease is renewed and settled by etag; once another consumer took the job over, both are no-ops. */
  private delivery<T>(queue: string, claimed: StateEntity<JobRecord>, options: ConsumeOptions): Delivery<T> {
    let lease: StateEntity<JobRecord> | null = claimed;
    return {
      job: { id: claimed.key, queue, payload: claimed.value.payload as T, attempt: claimed.value.attempt },
      renew: async () => {
        if (lease === null) return;
        try {
          lease = await this.store.put<JobRecord>(JOBS_TABLE, queue, lease.key, { ...lease.value, leaseUntil: this.clock.now() + options.visibilityTimeoutMs }, { ifMatch: lease.etag });
        } catch (error) {
          if (!(error instanceof StateConflictError)) throw error;
          lease = null;
        }
      },
      settle: async (outcome) => {
        if (lease !== null) await this.settle(queue, lease, outcome, options);
      },
    };
  }

  /** Every write is conditional on our lease: if it expired and someone else claimed the job, it is theirs now. */
  private async settle(queue: string, lease: StateEntity<JobRecord>, outcome: JobOutcome, options: ConsumeOptions): Promise<void> {
    try {
      if (outcome.ok) {
        await this.store.delete(JOBS_TABLE, queue, lease.key, { ifMatch: lease.etag });
        return;
      }
      const reason = failureReason(outcome.error);
      if (lease.value.attempt >= options.maxAttempts) {
        await this.deadLetter(queue, lease, reason);
        return;
      }
      const retry: JobRecord = { ...lease.value, leaseUntil: 0, notBefore: this.clock.now() + backoffMs(this.retryBackoff, lease.value.attempt), lastFailure: reason };
      await this.store.put(JOBS_TABLE, queue, lease.key, retry, { ifMatch: lease.etag });
    } catch (error) {
      if (error instanceof StateConflictError) return;
      throw error;
    }
  }

  /** Written to the dead-letter table first, then removed: a crash in between repeats it, never loses it. */
  private async deadLetter(queue: string, entity: StateEntity<JobRecord>, reason: string): Promise<void> {
    const dead: DeadLetteredJob<unknown> = {
      id: entity.key,
      queue,
      payload: entity.value.payload,
      attempts: entity.value.attempt,
      reason,
      deadLetteredAt: new Date().toISOString(),
    };
    await this.store.put(DEAD_LETTER_TABLE, queue, entity.key, dead);
    try {
      await this.store.delete(JOBS_TABLE, queue, entity.key, { ifMatch: entity.etag });
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }
}
