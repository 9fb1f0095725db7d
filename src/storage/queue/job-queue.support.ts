import { Logger } from '@nestjs/common';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import type { ConsumeOptions, QueuedJob } from './job-queue.port.js';

/** Shared by the adapters so that they accept the same queue names, payloads and options, and consume alike. */

/**
 * Azure queue names (3–63 lower-case letters, digits, single hyphens, starting and ending with a letter or
 * digit), at most 56 long so that `<queue>-poison` is a valid name too. Both adapters enforce it.
 */
export const QUEUE_NAME_PATTERN = /^(?=.{3,56}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** An Azure message holds 64 KiB; base64 leaves 48 KiB of JSON. Jobs are small messages (ids, not documents). */
export const MAX_JOB_PAYLOAD_BYTES = 48 * 1024;

/** A job that gave up, kept for inspection instead of being retried. */
export interface DeadLetteredJob<T> {
  readonly id: string;
  readonly queue: string;
  readonly payload: T;
  /** Deliveries before it was dead-lettered. */
  readonly attempts: number;
  /** Why: the last failure's code (no message text: it may carry personal data) or 'redelivered too often'. */
  readonly reason: string;
  /** ISO-8601. */
  readonly deadLetteredAt: string;
}

/** Retry delays: `baseMs × 2^(attempt−1)`, capped at `maxMs`. */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { baseMs: 1000, maxMs: 60_000 };

export function backoffMs(backoff: RetryBackoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

export function assertQueueName(queue: string): void {
  if (typeof queue !== 'string' || !QUEUE_NAME_PATTERN.test(queue)) throw new DomainError('VALIDATION_FAILED', 'invalid queue name');
}

/** The payload's JSON, refusing what JSON cannot carry and anything too large for a message. */
export function serialiseJobPayload(payload: unknown): string {
  const json: unknown = JSON.stringify(payload);
  if (typeof json !== 'string') throw new DomainError('VALIDATION_FAILED', 'job payloads must be JSON-serialisable');
  if (Buffer.byteLength(json, 'utf8') > MAX_JOB_PAYLOAD_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', `job payloads are at most ${MAX_JOB_PAYLOAD_BYTES} bytes of JSON`);
  return json;
}

export function assertConsumeOptions(options: ConsumeOptions): void {
  const { concurrency, visibilityTimeoutMs, maxAttempts } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new DomainError('VALIDATION_FAILED', 'concurrency must be a positive integer');
  if (!Number.isFinite(visibilityTimeoutMs) || visibilityTimeoutMs <= 0) throw new DomainError('VALIDATION_FAILED', 'visibilityTimeoutMs must be positive');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new DomainError('VALIDATION_FAILED', 'maxAttempts must be a positive integer');
}

/** What a failure is recorded as: a code or an error name, never the message (it may carry personal data). */
export function failureReason(error: unknown): string {
  if (isDomainError(error)) return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

export type JobOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/** A claimed job and how to settle it (delete on success; retry or dead-letter on failure). */
export interface Delivery<T> {
  readonly job: QueuedJob<T>;
  /** Extends the lease by the visibility timeout from now; a lease already lost (taken over) stays lost. */
  renew(): Promise<void>;
  settle(outcome: JobOutcome): Promise<void>;
}

/**
 * Time as the job leases see it: `now` decides whether a lease ran out (in-process adapter), `every`
 * drives the heartbeat that renews the lease of a job still running. Tests inject a manual one; a
 * dead process simply stops beating.
 */
export interface LeaseClock {
  now(): number;
  /** Calls `beat` every `ms` until the answered function is called; a beat may answer a promise. */
  every(ms: number, beat: () => void | Promise<void>): () => void;
}

export const SYSTEM_LEASE_CLOCK: LeaseClock = {
  now: () => Date.now(),
  every: (ms, beat) => {
    const timer = setInterval(() => void beat(), ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Three beats per lease: a job survives two missed or late beats before anyone may take it. */
export function heartbeatIntervalMs(visibilityTimeoutMs: number): number {
  return Math.max(1, Math.floor(visibilityTimeoutMs / 3));
}

export interface ConsumerLoopOptions<T> {
  readonly queue: string;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  /** The lease of a claimed job; the loop renews it every third of this while the handler runs. */
  readonly visibilityTimeoutMs: number;
  readonly clock: LeaseClock;
  /** Claims up to `max` jobs that are ready now (none: an empty array). */
  claim(max: number): Promise<Delivery<T>[]>;
  handler(job: QueuedJob<T>): Promise<void>;
  /** Registers a wake-up (a job was enqueued in this process); answers how to unregister it. */
  subscribe(wake: () => void): () => void;
  readonly logger: Logger;
}

/**
 * The consume loop both adapters share: keeps up to `concurrency` jobs in flight (renewing their leases
 * by heartbeat while they run, so a slow job is not taken by another consumer), claims more as slots
 * free up, sleeps `pollIntervalMs` when nothing is ready unless woken by an enqueue in this process, and
 * stops by finishing the claim under way and waiting for the jobs in flight.
 */
export function startConsumerLoop<T>(options: ConsumerLoopOptions<T>): () => Promise<void> {
  const { concurrency, pollIntervalMs, logger, queue } = options;
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wakePending = false;
  let sleeper: { resolve: () => void; timer: NodeJS.Timeout } | null = null;

  const wake = (): void => {
    wakePending = true;
    if (sleeper !== null) {
      clearTimeout(sleeper.timer);
      sleeper.resolve();
      sleeper = null;
    }
  };
  const sleep = (ms: number): Promise<void> => {
    if (wakePending || stopping) {
      wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeper = null;
        resolve();
      }, ms);
      sleeper = { resolve, timer };
    });
  };

  const run = async (delivery: Delivery<T>): Promise<void> => {
    let outcome: JobOutcome;
    const lease: { renewing: Promise<void> | null } = { renewing: null };
    const stopBeats = options.clock.every(heartbeatIntervalMs(options.visibilityTimeoutMs), () => {
      lease.renewing ??= delivery
        .renew()
        .catch((error: unknown) => logger.warn(`queue ${queue}: renewing the lease of job ${delivery.job.id} failed: ${describe(error)}`))
        .finally(() => {
          lease.renewing = null;
        });
      return lease.renewing;
    });
    try {
      await options.handler(delivery.job);
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      stopBeats();
    }
    await lease.renewing;
    try {
      await delivery.settle(outcome);
    } catch (error) {
      logger.warn(`queue ${queue}: settling job ${delivery.job.id} failed: ${describe(error)}`);
    }
  };

  const unsubscribe = options.subscribe(wake);
  const loop = (async () => {
    while (!stopping) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await sleep(pollIntervalMs);
        continue;
      }
      wakePending = false;
      let claimed: Delivery<T>[];
      try {
        claimed = await options.claim(free);
      } catch (error) {
        logger.warn(`queue ${queue}: claiming jobs failed: ${describe(error)}`);
        await sleep(pollIntervalMs);
        continue;
      }
      for (const delivery of claimed) {
        const task = run(delivery).finally(() => {
          inFlight.delete(task);
          wake();
        });
        inFlight.add(task);
      }
      if (claimed.length < free) await sleep(pollIntervalMs);
    }
  })();

  let stopped: Promise<void> | null = null;
  return () => {
    stopped ??= (async () => {
      stopping = true;
      unsubscribe();
      wake();
      await loop;
      await Promise.allSettled([...inFlight]);
    })();
    return stopped;
  };
}

/** Per-queue wake-ups for consumers in this process. */
export class WakeUps {
  private readonly listeners = new Map<string, Set<() => void>>();

  subscribe(queue: string, wake: () => void): () => void {
    let set = this.listeners.get(queue);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(queue, set);
    }
    set.add(wake);
    return () => {
      set.delete(wake);
    };
  }

  notify(queue: string): void {
    for (const wake of this.listeners.get(queue) ?? []) wake();
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error';
}
