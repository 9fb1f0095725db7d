import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/common/domain-error.js';
import type { ConsumeOptions, JobQueue, QueuedJob } from '../../src/storage/queue/job-queue.port.js';
import type { DeadLetteredJob } from '../../src/storage/queue/job-queue.support.js';
import { eventually } from '../helpers/eventually.js';

/**
 * Instances of one adapter over the same backing queue, as separate facade processes would have (or one
 * process before and after a restart): `queue` and `peer` poll every 100 ms, `idle` never within a test run
 * (so only a wake-up can make it deliver at all). Retries wait `retryBaseMs × 2^(attempt−1)`.
 *
 * Nothing here asserts that something happened fast: waits are event-driven with a ceiling of minutes, and
 * the only durations asserted are lower bounds between two events on one clock (a retry never comes before
 * its backoff), which a slow machine can only lengthen.
 */
export interface JobQueueSubject {
  readonly queue: JobQueue;
  readonly peer: JobQueue;
  readonly idle: JobQueue;
  readonly retryBaseMs: number;
  /** The shortest visibility timeout the adapter honours. */
  readonly visibilityTimeoutMs: number;
  /** Whether one consumer with concurrency 1 sees jobs in enqueue order. */
  readonly fifo: boolean;
  deadLetters(queue: string): Promise<DeadLetteredJob<unknown>[]>;
  /**
   * Leases: `queue`'s heartbeats fire only on `beat()` (its consumers are dead unless the test beats);
   * `advance` moves the time leases are judged by — the injected clock where the adapter judges them
   * itself, the queue service's own clock (it cannot be steered) otherwise.
   */
  readonly lease: {
    readonly visibilityTimeoutMs: number;
    beat(): Promise<void>;
    advance(ms: number): Promise<void>;
  };
  dispose(): Promise<void>;
}

interface Payload {
  readonly n: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = (what: string, condition: () => boolean | Promise<boolean>): Promise<void> => eventually(condition, what);

function codeOf(work: () => unknown): Promise<string> {
  return (async () => {
    try {
      await work();
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    throw new Error('expected a DomainError');
  })();
}

/** The behaviour every JobQueue adapter must have. Jest does not match this file; *.contract.ts files run it. */
export function jobQueueContract(name: string, open: () => Promise<JobQueueSubject>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let subject: JobQueueSubject;
    let queueName: string;
    const stops: (() => Promise<void>)[] = [];

    beforeEach(async () => {
      subject = await open();
      queueName = `ingest-${randomBytes(4).toString('hex')}`;
    });
    afterEach(async () => {
      await Promise.all(stops.splice(0).map((stop) => stop()));
      await subject.dispose();
    });

    const options = (overrides: Partial<ConsumeOptions> = {}): ConsumeOptions => ({ concurrency: 1, visibilityTimeoutMs: 30_000, maxAttempts: 5, ...overrides });
    const consume = (queue: JobQueue, handler: (job: QueuedJob<Payload>) => Promise<void>, consumeOptions: ConsumeOptions): (() => Promise<void>) => {
      const stop = queue.consume<Payload>(queueName, handler, consumeOptions);
      stops.push(stop);
      return stop;
    };

    it('delivers every job at least once, with the id enqueue answered, and empties the queue', async () => {
      const ids = new Map<number, string>();
      for (let n = 0; n < 20; n += 1) ids.set(n, await subject.queue.enqueue<Payload>(queueName, { n }));
      expect(new Set(ids.values()).size).toBe(20);
      expect(await subject.queue.depth(queueName)).toBe(20);

      const seen = new Map<number, QueuedJob<Payload>>();
      consume(subject.queue, (job) => {
        seen.set(job.payload.n, job);
        return Promise.resolve();
      }, options({ concurrency: 4 }));
      await waitFor('all jobs', () => seen.size === 20);
      for (const [n, job] of seen) expect(job).toEqual({ id: ids.get(n), queue: queueName, payload: { n }, attempt: 1 });
      await waitFor('an empty queue', async () => (await subject.queue.depth(queueName)) === 0);
    });

    it('wakes its own consumers on enqueue instead of waiting for the next poll', async () => {
      const delivered: number[] = [];
      consume(subject.idle, (job) => {
        delivered.push(job.payload.n);
        return Promise.resolve();
      }, options());
      await sleep(300); // lets the consumer find the queue empty and go to sleep (sooner or later, the outcome is the same)
      await subject.idle.enqueue<Payload>(queueName, { n: 1 });
      // `idle` does not poll again within the test run: only the wake-up can deliver the job.
      await waitFor('the woken consumer', () => delivered.length === 1);
      expect(delivered).toEqual([1]);
    });

    it('retries a failing job with backoff, then dead-letters it; a job that recovers is not dead-lettered', async () => {
      const attempts = new Map<number, { attempt: number; at: number }[]>();
      consume(subject.queue, (job) => {
        const list = attempts.get(job.payload.n) ?? [];
        list.push({ attempt: job.attempt, at: Date.now() });
        attempts.set(job.payload.n, list);
        if (job.payload.n === 1 || job.attempt === 1) return Promise.reject(new DomainError('LEGACY_UNAVAILABLE', 'legacy CMS down'));
        return Promise.resolve();
      }, options({ concurrency: 2, maxAttempts: 3 }));
      const failingId = await subject.queue.enqueue<Payload>(queueName, { n: 1 });
      await subject.queue.enqueue<Payload>(queueName, { n: 2 });

      await waitFor('the dead letter', async () => (await subject.deadLetters(queueName)).length === 1);
      const failing = attempts.get(1)!;
      expect(failing.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      // Lower bounds on one clock: each backoff starts after the failed attempt began, each retry is handed out after it ends.
      expect(failing[1].at - failing[0].at).toBeGreaterThanOrEqual(subject.retryBaseMs);
      expect(failing[2].at - failing[1].at).toBeGreaterThanOrEqual(subject.retryBaseMs * 2);
      const [dead] = await subject.deadLetters(queueName);
      expect(dead).toMatchObject({ id: failingId, queue: queueName, payload: { n: 1 }, attempts: 3, reason: 'LEGACY_UNAVAILABLE' });
      expect(Date.parse(dead.deadLetteredAt)).not.toBeNaN();

      await waitFor('the recovering job', () => attempts.get(2)?.length === 2);
      expect(attempts.get(2)!.map((entry) => entry.attempt)).toEqual([1, 2]);
      await waitFor('an empty queue', async () => (await subject.queue.depth(queueName)) === 0);
      await sleep(subject.retryBaseMs * 2);
      expect(attempts.get(1)).toHaveLength(3);
      expect(await subject.deadLetters(queueName)).toHaveLength(1);
    });

    it('redelivers a job whose consumer died mid-job to a new consumer once the lease runs out', async () => {
      const visibilityTimeoutMs = subject.visibilityTimeoutMs;
      let releaseCrashed!: () => void;
      const crashedHangs = new Promise<void>((resolve) => (releaseCrashed = resolve));
      const deliveries: { consumer: string; attempt: number; at: number }[] = [];
      consume(subject.queue, async (job) => {
        deliveries.push({ consumer: 'crashed', attempt: job.attempt, at: Date.now() });
        await crashedHangs; // never finishes while the other consumer takes over
      }, options({ visibilityTimeoutMs }));
      // Taken before the enqueue: the lease cannot have started earlier (the first delivery's own time can be later
      // than its lease's start on a loaded machine, so the lease is measured from here).
      const enqueuedAt = Date.now();
      await subject.queue.enqueue<Payload>(queueName, { n: 7 });
      await waitFor('the first delivery', () => deliveries.length === 1);

      consume(subject.peer, (job) => {
        deliveries.push({ consumer: 'restarted', attempt: job.attempt, at: Date.now() });
        return Promise.resolve();
      }, options({ visibilityTimeoutMs }));
      await waitFor('the redelivery', () => deliveries.length === 2);
      expect(deliveries.map(({ consumer, attempt }) => ({ consumer, attempt }))).toEqual([
        { consumer: 'crashed', attempt: 1 },
        { consumer: 'restarted', attempt: 2 },
      ]);
      expect(deliveries[1].at - enqueuedAt).toBeGreaterThanOrEqual(visibilityTimeoutMs);

      // The stale consumer finally returns: its late success must not disturb anything.
      releaseCrashed();
      await waitFor('an empty queue', async () => (await subject.queue.depth(queueName)) === 0);
      await sleep(visibilityTimeoutMs + 300);
      expect(deliveries).toHaveLength(2);
      expect(await subject.deadLetters(queueName)).toEqual([]);
    });

    it('renews a running job\'s lease by heartbeat so no one takes it, and hands a dead holder\'s job over once its lease runs out', async () => {
      const { visibilityTimeoutMs } = subject.lease;
      const taken: { consumer: string; n: number; attempt: number }[] = [];
      let releaseHolder!: () => void;
      const holding = new Promise<void>((resolve) => (releaseHolder = resolve));
      try {
        consume(subject.queue, async (job) => {
          taken.push({ consumer: 'holder', n: job.payload.n, attempt: job.attempt });
          await holding;
        }, options({ visibilityTimeoutMs }));
        await subject.queue.enqueue<Payload>(queueName, { n: 1 });
        await waitFor('the holder to take the job', () => taken.length === 1);
        consume(subject.peer, (job) => {
          taken.push({ consumer: 'peer', n: job.payload.n, attempt: job.attempt });
          return Promise.resolve();
        }, options({ visibilityTimeoutMs, concurrency: 2 }));

        // Alive: three leases' worth of time, a heartbeat every half lease. After each step the peer makes a claim
        // pass (woken by a marker job it enqueues itself), which would take the job if its lease had run out.
        for (let marker = 100; marker < 106; marker += 1) {
          await subject.lease.advance(visibilityTimeoutMs / 2);
          await subject.lease.beat();
          await subject.peer.enqueue<Payload>(queueName, { n: marker });
          await waitFor(`the peer to take marker ${marker}`, () => taken.some((entry) => entry.n === marker));
        }
        expect(taken.filter((entry) => entry.n === 1)).toEqual([{ consumer: 'holder', n: 1, attempt: 1 }]);

        // Dead: no more heartbeats. Once a lease has passed, the peer's next claim pass takes the job over.
        await subject.lease.advance(visibilityTimeoutMs + 1000);
        await subject.peer.enqueue<Payload>(queueName, { n: 200 });
        await waitFor('the peer to take the job over', () => taken.some((entry) => entry.consumer === 'peer' && entry.n === 1));
        expect(taken.filter((entry) => entry.n === 1)).toEqual([
          { consumer: 'holder', n: 1, attempt: 1 },
          { consumer: 'peer', n: 1, attempt: 2 },
        ]);
      } finally {
        releaseHolder();
      }
      // The holder's late success cannot settle a job it no longer holds.
      await waitFor('an empty queue', async () => (await subject.queue.depth(queueName)) === 0);
      expect(await subject.deadLetters(queueName)).toEqual([]);
    });

    it('never runs more jobs at once than the concurrency allows', async () => {
      for (let n = 0; n < 12; n += 1) await subject.queue.enqueue<Payload>(queueName, { n });
      let active = 0;
      let peak = 0;
      let done = 0;
      consume(subject.queue, async () => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(60);
        active -= 1;
        done += 1;
      }, options({ concurrency: 3 }));
      await waitFor('all jobs', () => done === 12);
      expect(peak).toBe(3);
    });

    it('stops by finishing the jobs in flight and then taking no more', async () => {
      let finished = 0;
      let started = 0;
      const stop = consume(subject.queue, async () => {
        started += 1;
        await sleep(300);
        finished += 1;
      }, options({ concurrency: 2 }));
      await subject.queue.enqueue<Payload>(queueName, { n: 1 });
      await subject.queue.enqueue<Payload>(queueName, { n: 2 });
      await waitFor('both jobs started', () => started === 2);
      await stop();
      expect(finished).toBe(2);
      await subject.queue.enqueue<Payload>(queueName, { n: 3 });
      await sleep(400);
      expect(started).toBe(2);
      expect(await subject.queue.depth(queueName)).toBe(1);
    });

    it('hands out jobs in enqueue order to a single consumer with concurrency 1, where the adapter promises it', async () => {
      for (let n = 0; n < 15; n += 1) await subject.queue.enqueue<Payload>(queueName, { n });
      const order: number[] = [];
      consume(subject.queue, (job) => {
        order.push(job.payload.n);
        return Promise.resolve();
      }, options());
      await waitFor('all jobs', () => order.length === 15);
      if (subject.fifo) expect(order).toEqual([...Array(15).keys()]);
      else expect([...order].sort((a, b) => a - b)).toEqual([...Array(15).keys()]);
    });

    it('refuses invalid queue names, payloads and options', async () => {
      for (const queue of ['Ingest', 'ab', 'a--b', '-ab', 'ab-', 'q_1', 'x'.repeat(57), '../q']) {
        expect(await codeOf(() => subject.queue.enqueue(queue, { n: 1 }))).toBe('VALIDATION_FAILED');
        expect(await codeOf(() => subject.queue.consume(queue, () => Promise.resolve(), options()))).toBe('VALIDATION_FAILED');
        expect(await codeOf(() => subject.queue.depth(queue))).toBe('VALIDATION_FAILED');
      }
      expect(await codeOf(() => subject.queue.enqueue(queueName, undefined))).toBe('VALIDATION_FAILED');
      expect(await codeOf(() => subject.queue.enqueue(queueName, { text: 'x'.repeat(60_000) }))).toBe('PAYLOAD_TOO_LARGE');
      expect(await codeOf(() => subject.queue.consume(queueName, () => Promise.resolve(), options({ concurrency: 0 })))).toBe('VALIDATION_FAILED');
      expect(await codeOf(() => subject.queue.consume(queueName, () => Promise.resolve(), options({ maxAttempts: 0 })))).toBe('VALIDATION_FAILED');
      expect(await codeOf(() => subject.queue.consume(queueName, () => Promise.resolve(), options({ visibilityTimeoutMs: 0 })))).toBe('VALIDATION_FAILED');
      expect(await subject.queue.depth(queueName)).toBe(0);
    });

    it('reports itself ready', async () => {
      const readiness = await subject.queue.readiness();
      expect(Object.values(readiness).length).toBeGreaterThan(0);
      expect(Object.values(readiness).every((part) => part.up)).toBe(true);
    });
  });
}
