import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueServiceClient } from '@azure/storage-queue';
import { AzureQueueJobQueue, queueEndpoint } from '../../src/storage/queue/azure-queue-job-queue.adapter.js';
import { DEAD_LETTER_TABLE, InProcessJobQueue, JOBS_TABLE } from '../../src/storage/queue/in-process-job-queue.adapter.js';
import type { QueuedJob } from '../../src/storage/queue/job-queue.port.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';
import { eventually } from '../helpers/eventually.js';
import { ManualLeaseClock } from '../helpers/manual-lease-clock.js';
import { SteerableClock } from '../helpers/steerable-clock.js';
import { jobQueueContract } from './job-queue.contract-suite.js';

const waitFor = (condition: () => boolean | Promise<boolean>): Promise<void> => eventually(condition, 'the queue');

/** The longest timer Node keeps (about 24.8 days): an `idle` consumer never polls within a test run. */
const NEVER_WITHIN_A_TEST_MS = 2 ** 31 - 1;

describe('in-process over the SQLite StateStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'job-queue-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Three connections on one SQLite file, as three facade processes (or restarts) would have.
  jobQueueContract('in-process (SQLite)', () => {
    const path = join(dir, randomBytes(6).toString('hex'), 'state.sqlite');
    const stores = [0, 1, 2].map(() => SqliteStateStore.fromConfig({ path }));
    const retryBackoff = { baseMs: 200, maxMs: 5000 };
    // One time for the three "processes" (real until a test freezes it); heartbeats only when a test beats.
    const time = new SteerableClock();
    const clock = new ManualLeaseClock(time);
    const queue = InProcessJobQueue.fromConfig({ stateStore: stores[0], pollIntervalMs: 100, retryBackoff, clock });
    return Promise.resolve({
      queue,
      peer: InProcessJobQueue.fromConfig({ stateStore: stores[1], pollIntervalMs: 100, retryBackoff, clock: new ManualLeaseClock(time) }),
      idle: InProcessJobQueue.fromConfig({ stateStore: stores[2], pollIntervalMs: NEVER_WITHIN_A_TEST_MS, retryBackoff, clock: new ManualLeaseClock(time) }),
      lease: {
        visibilityTimeoutMs: 30_000,
        beat: () => clock.beat(),
        advance: (ms: number) => {
          time.advance(ms);
          return Promise.resolve();
        },
      },
      retryBaseMs: retryBackoff.baseMs,
      visibilityTimeoutMs: 300,
      fifo: true,
      deadLetters: (name) => queue.deadLetters(name),
      dispose: async () => {
        await Promise.all(stores.map((store) => store.close()));
      },
    });
  });

  it('keeps its jobs across a restart and delivers them to the restarted process', async () => {
    const path = join(dir, 'restart', 'state.sqlite');
    const before = SqliteStateStore.fromConfig({ path });
    const id = await InProcessJobQueue.fromConfig({ stateStore: before }).enqueue('ingest', { caseId: 'c-1', documentId: 'd-1', versionId: 'v-2' });
    await before.close();

    const after = SqliteStateStore.fromConfig({ path });
    const delivered: QueuedJob<unknown>[] = [];
    const stop = InProcessJobQueue.fromConfig({ stateStore: after, pollIntervalMs: 50 }).consume('ingest', (job) => {
      delivered.push(job);
      return Promise.resolve();
    }, { concurrency: 1, visibilityTimeoutMs: 1000, maxAttempts: 3 });
    await waitFor(() => delivered.length === 1);
    await stop();
    expect(delivered).toEqual([{ id, queue: 'ingest', payload: { caseId: 'c-1', documentId: 'd-1', versionId: 'v-2' }, attempt: 1 }]);
    expect(await after.list(JOBS_TABLE, 'ingest')).toEqual([]);
    await after.close();
  });

  it('dead-letters a job whose consumers keep dying before they settle it', async () => {
    const path = join(dir, 'dying', 'state.sqlite');
    const store = SqliteStateStore.fromConfig({ path });
    const queue = InProcessJobQueue.fromConfig({ stateStore: store, pollIntervalMs: 20 });
    await queue.enqueue('ingest', { n: 1 });
    // Each "process" takes the job and dies: its handler never settles, and its lease runs out.
    const hung: (() => Promise<void>)[] = [];
    let release!: () => void;
    const never = new Promise<void>((resolve) => (release = resolve));
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      let taken = false;
      // Its heartbeats never fire: the process is dead, so its lease is not renewed.
      hung.push(InProcessJobQueue.fromConfig({ stateStore: store, pollIntervalMs: 20, clock: new ManualLeaseClock() }).consume('ingest', async () => {
        taken = true;
        await never;
      }, { concurrency: 1, visibilityTimeoutMs: 100, maxAttempts: 2 }));
      await waitFor(() => taken);
    }
    const third = InProcessJobQueue.fromConfig({ stateStore: store, pollIntervalMs: 20 });
    let handled = false;
    hung.push(third.consume('ingest', () => {
      handled = true;
      return Promise.resolve();
    }, { concurrency: 1, visibilityTimeoutMs: 100, maxAttempts: 2 }));
    await waitFor(async () => (await store.list(DEAD_LETTER_TABLE, 'ingest')).length === 1);
    expect(handled).toBe(false);
    expect((await queue.deadLetters('ingest'))[0]).toMatchObject({ payload: { n: 1 }, attempts: 2, reason: 'redelivered too often' });
    release();
    await Promise.all(hung.map((stop) => stop()));
    await store.close();
  });
});

describe('Azure Storage Queues on Azurite', () => {
  let azurite: AzuriteInstance;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  jobQueueContract('Azure Queue (Azurite)', () => {
    const connection = { connectionString: azurite.connectionString };
    const retryBackoff = { baseMs: 1000, maxMs: 5000 };
    // readinessTimeoutMs: a ceiling for Azurite on a loaded machine (only an unreachable account should trip it).
    // Heartbeats only when a test beats; visibility is Azure's (Azurite's) own clock, which cannot be steered.
    const clock = new ManualLeaseClock();
    const queue = AzureQueueJobQueue.fromConfig(connection, { pollIntervalMs: 100, retryBackoff, readinessTimeoutMs: 60_000, clock });
    return Promise.resolve({
      queue,
      peer: AzureQueueJobQueue.fromConfig(connection, { pollIntervalMs: 100, retryBackoff, clock: new ManualLeaseClock() }),
      idle: AzureQueueJobQueue.fromConfig(connection, { pollIntervalMs: NEVER_WITHIN_A_TEST_MS, retryBackoff, clock: new ManualLeaseClock() }),
      lease: {
        // Whole seconds; a heartbeat every half lease leaves two seconds for each step's claim pass on a loaded machine
        // (Azurite's clock is real time here, so this slack is what keeps the test independent of the machine's speed).
        visibilityTimeoutMs: 4_000,
        beat: () => clock.beat(),
        advance: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      },
      retryBaseMs: retryBackoff.baseMs,
      visibilityTimeoutMs: 1000,
      fifo: false,
      deadLetters: (name) => queue.deadLetters(name),
      dispose: () => Promise.resolve(),
    });
  });

  it('puts base64-encoded JSON on the wire and dead-letters to <queue>-poison', async () => {
    const queue = AzureQueueJobQueue.fromConfig({ connectionString: azurite.connectionString }, { pollIntervalMs: 50, retryBackoff: { baseMs: 0, maxMs: 0 } });
    await queue.enqueue('wire-format', { caseId: 'c-1', note: 'Müller' });
    const raw = QueueServiceClient.fromConnectionString(azurite.connectionString);
    const [peeked] = (await raw.getQueueClient('wire-format').peekMessages()).peekedMessageItems;
    expect(JSON.parse(Buffer.from(peeked.messageText, 'base64').toString('utf8'))).toEqual({ caseId: 'c-1', note: 'Müller' });

    const stop = queue.consume('wire-format', () => Promise.reject(new Error('boom')), { concurrency: 1, visibilityTimeoutMs: 1000, maxAttempts: 1 });
    await waitFor(async () => (await queue.deadLetters('wire-format')).length === 1);
    await stop();
    const [poisoned] = (await raw.getQueueClient('wire-format-poison').peekMessages()).peekedMessageItems;
    expect(JSON.parse(Buffer.from(poisoned.messageText, 'base64').toString('utf8'))).toMatchObject({ payload: { caseId: 'c-1', note: 'Müller' }, attempts: 1, reason: 'Error' });
    expect(await queue.depth('wire-format')).toBe(0);
  });

  it('reports itself down when the account cannot be reached', async () => {
    const connectionString = azurite.connectionString.replace(/QueueEndpoint=http:\/\/127\.0\.0\.1:\d+/, 'QueueEndpoint=http://127.0.0.1:9');
    const readiness = await AzureQueueJobQueue.fromConfig({ connectionString }, { readinessTimeoutMs: 300 }).readiness();
    expect(readiness.azureQueue.up).toBe(false);
    expect(readiness.azureQueue.detail).toBeDefined();
  });

  it('derives the queue endpoint from an account URL shared with tables and blobs', () => {
    expect(queueEndpoint('https://acct.table.core.windows.net/')).toBe('https://acct.queue.core.windows.net');
    expect(queueEndpoint('https://acct.blob.core.windows.net')).toBe('https://acct.queue.core.windows.net');
  });
});
