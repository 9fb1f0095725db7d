import { randomUUID } from 'node:crypto';
import type { ConsumeOptions, JobQueue, QueuedJob } from '../../../src/storage/queue/job-queue.port.js';

/** A minimal in-memory JobQueue for stage tests (the real adapters pass the JobQueue contract suite). */
export class MemoryJobQueue implements JobQueue {
  readonly enqueued: QueuedJob<unknown>[] = [];
  private readonly waiting = new Map<string, QueuedJob<unknown>[]>();
  private readonly wake = new Map<string, () => void>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  enqueue<T>(queue: string, payload: T): Promise<string> {
    const job: QueuedJob<unknown> = { id: randomUUID(), queue, payload, attempt: 1 };
    this.enqueued.push(job);
    this.push(job);
    return Promise.resolve(job.id);
  }

  consume<T>(queue: string, handler: (job: QueuedJob<T>) => Promise<void>, options: ConsumeOptions): () => Promise<void> {
    let stopped = false;
    const running = new Set<Promise<void>>();
    const pump = (): void => {
      const jobs = this.waiting.get(queue) ?? [];
      while (!stopped && running.size < options.concurrency && jobs.length > 0) {
        const job = jobs.shift()!;
        this.inFlight += 1;
        const run = handler(job as QueuedJob<T>)
          .catch(() => {
            if (job.attempt < options.maxAttempts) this.push({ ...job, attempt: job.attempt + 1 });
          })
          .finally(() => {
            running.delete(run);
            this.inFlight -= 1;
            pump();
            this.checkIdle();
          });
        running.add(run);
      }
    };
    this.wake.set(queue, pump);
    pump();
    return async () => {
      stopped = true;
      this.wake.delete(queue);
      await Promise.all(running);
    };
  }

  depth(queue: string): Promise<number> {
    return Promise.resolve((this.waiting.get(queue)?.length ?? 0) + this.inFlight);
  }

  readiness(): Promise<Record<string, { up: boolean }>> {
    return Promise.resolve({ memoryQueue: { up: true } });
  }

  /** Resolves when nothing waits and nothing runs. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && [...this.waiting.values()].every((jobs) => jobs.length === 0);
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private push(job: QueuedJob<unknown>): void {
    const jobs = this.waiting.get(job.queue) ?? [];
    jobs.push(job);
    this.waiting.set(job.queue, jobs);
    this.wake.get(job.queue)?.();
  }
}
