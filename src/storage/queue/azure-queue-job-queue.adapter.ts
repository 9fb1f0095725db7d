import { Logger } from '@nestjs/common';
import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import { DomainError } from '../../common/domain-error.js';
import type { ConsumeOptions, JobQueue, QueuedJob } from './job-queue.port.js';
import { SingleFlight } from '../../common/single-flight.js';
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
import { azureTokenCredential } from '../azure-credential.js';

/** A connection string (Azurite, key-based accounts) or the queue endpoint reached with DefaultAzureCredential (managed identity). */
export type AzureQueueConnection = { readonly connectionString: string } | { readonly accountUrl: string; readonly managedIdentityClientId?: string };

export interface AzureQueueJobQueueOptions {
  /** How often an idle consumer asks the queue for messages (default 1 s; each ask is a billed transaction). */
  readonly pollIntervalMs?: number;
  /** Retry delays, applied as the failed message's new visibility timeout (whole seconds). */
  readonly retryBackoff?: RetryBackoff;
  /** How long a readiness probe may take (default 5 s). */
  readonly readinessTimeoutMs?: number;
  /** Drives the heartbeat that renews a running job's visibility (default: the system clock; the queue keeps its own time). */
  readonly clock?: LeaseClock;
}

const MAX_RECEIVE = 32;
const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;

/**
 * JobQueue on Azure Storage Queues: one queue per name (created on first use), JSON payloads base64-encoded
 * (what Azure Functions' queue trigger expects), messages that never expire. A received message is invisible
 * for the visibility timeout, renewed by a heartbeat while its handler runs; it is deleted when its handler succeeds; on failure it becomes visible again
 * after a backoff; Azure's dequeueCount is the attempt. After maxAttempts the job moves to `<queue>-poison`,
 * wrapped with its id, attempts and reason. Visibility timeouts are whole seconds (at least 1).
 */
export class AzureQueueJobQueue implements JobQueue {
  private service: Promise<QueueServiceClient> | null = null;
  private readonly queues = new SingleFlight<string, QueueClient>({ keepFulfilled: true });
  private readonly wakeUps = new WakeUps();
  private readonly pollIntervalMs: number;
  private readonly retryBackoff: RetryBackoff;
  private readonly readinessTimeoutMs: number;
  private readonly clock: LeaseClock;
  private readonly logger = new Logger('AzureQueueJobQueue');

  constructor(
    private readonly connection: AzureQueueConnection,
    options: AzureQueueJobQueueOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retryBackoff = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
    this.readinessTimeoutMs = options.readinessTimeoutMs ?? 5000;
    this.clock = options.clock ?? SYSTEM_LEASE_CLOCK;
  }

  static fromConfig(config: AzureQueueConnection, options?: AzureQueueJobQueueOptions): AzureQueueJobQueue {
    return new AzureQueueJobQueue('connectionString' in config ? { connectionString: config.connectionString } : { accountUrl: config.accountUrl, ...(config.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.managedIdentityClientId }) }, options);
  }

  async enqueue<T>(queue: string, payload: T): Promise<string> {
    assertQueueName(queue);
    const text = encode(serialiseJobPayload(payload));
    const client = await this.queue(queue);
    try {
      const sent = await client.sendMessage(text, { messageTimeToLive: -1 });
      this.wakeUps.notify(queue);
      return sent.messageId;
    } catch (error) {
      throw queueError('enqueue', error);
    }
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
    try {
      return (await (await this.queue(queue)).getProperties()).approximateMessagesCount ?? 0;
    } catch (error) {
      throw queueError('depth', error);
    }
  }

  /** Jobs that gave up (peeked from `<queue>-poison`, at most 32). */
  async deadLetters<T>(queue: string, limit = MAX_RECEIVE): Promise<DeadLetteredJob<T>[]> {
    assertQueueName(queue);
    const poison = await this.queue(poisonQueueName(queue));
    try {
      const peeked = await poison.peekMessages({ numberOfMessages: Math.max(1, Math.min(MAX_RECEIVE, limit)) });
      return peeked.peekedMessageItems.map((item) => JSON.parse(decode(item.messageText)) as DeadLetteredJob<T>);
    } catch (error) {
      throw queueError('peek dead letters', error);
    }
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      const service = await this.serviceClient();
      await service.getProperties({ abortSignal: AbortSignal.timeout(this.readinessTimeoutMs) });
      return { azureQueue: { up: true } };
    } catch (error) {
      return { azureQueue: { up: false, detail: describe(error) } };
    }
  }

  private async claim<T>(queue: string, max: number, options: ConsumeOptions): Promise<Delivery<T>[]> {
    const client = await this.queue(queue);
    const visibilityTimeout = visibilitySeconds(options.visibilityTimeoutMs);
    let items: DequeuedMessageItem[];
    try {
      items = (await client.receiveMessages({ numberOfMessages: Math.min(MAX_RECEIVE, max), visibilityTimeout })).receivedMessageItems;
    } catch (error) {
      throw queueError('receive', error);
    }
    const claimed: Delivery<T>[] = [];
    for (const item of items) {
      let payload: T;
      try {
        payload = JSON.parse(decode(item.messageText)) as T;
      } catch {
        await this.poison(queue, client, item, undefined, 'undecodable message').catch((error: unknown) => this.logger.warn(`queue ${queue}: poisoning failed: ${describe(error)}`));
        continue;
      }
      if (item.dequeueCount > options.maxAttempts) {
        // Its consumers kept dying before settling it: give up on it like on a failing one.
        await this.poison(queue, client, item, payload, 'redelivered too often').catch((error: unknown) => this.logger.warn(`queue ${queue}: poisoning failed: ${describe(error)}`));
        continue;
      }
      claimed.push(this.delivery(queue, client, item, payload, options));
    }
    return claimed;
  }

  /**
   * Renewing (the heartbeat) makes the message invisible for another visibility timeout and hands out a new
   * pop receipt, which settling then uses. A stale receipt (404) means someone else holds the message now.
   */
  private delivery<T>(queue: string, client: QueueClient, received: DequeuedMessageItem, payload: T, options: ConsumeOptions): Delivery<T> {
    let item: DequeuedMessageItem | null = received;
    return {
      job: { id: received.messageId, queue, payload, attempt: received.dequeueCount },
      renew: async () => {
        if (item === null) return;
        try {
          const renewed = await client.updateMessage(item.messageId, item.popReceipt, undefined, visibilitySeconds(options.visibilityTimeoutMs));
          if (renewed.popReceipt !== undefined) item = { ...item, popReceipt: renewed.popReceipt };
        } catch (error) {
          if (statusOf(error) !== 404) throw queueError('renew', error);
          item = null;
        }
      },
      settle: async (outcome) => {
        if (item !== null) await this.settle(queue, client, item, payload, outcome, options);
      },
    };
  }

  /** A stale pop receipt (404) means the visibility timeout passed and the message is someone else's now. */
  private async settle(queue: string, client: QueueClient, item: DequeuedMessageItem, payload: unknown, outcome: JobOutcome, options: ConsumeOptions): Promise<void> {
    try {
      if (outcome.ok) {
        await client.deleteMessage(item.messageId, item.popReceipt);
      } else if (item.dequeueCount >= options.maxAttempts) {
        await this.poison(queue, client, item, payload, failureReason(outcome.error));
      } else {
        const delaySeconds = Math.min(MAX_VISIBILITY_SECONDS, Math.round(backoffMs(this.retryBackoff, item.dequeueCount) / 1000));
        await client.updateMessage(item.messageId, item.popReceipt, undefined, delaySeconds);
      }
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw queueError('settle', error);
    }
  }

  /** Copied to the poison queue first, then deleted: a crash in between repeats it, never loses it. */
  private async poison(queue: string, client: QueueClient, item: DequeuedMessageItem, payload: unknown, reason: string): Promise<void> {
    const dead: DeadLetteredJob<unknown> = { id: item.messageId, queue, payload: payload ?? null, attempts: item.dequeueCount, reason, deadLetteredAt: new Date().toISOString() };
    const poison = await this.queue(poisonQueueName(queue));
    await poison.sendMessage(encode(JSON.stringify(dead)), { messageTimeToLive: -1 });
    await client.deleteMessage(item.messageId, item.popReceipt);
  }

  private serviceClient(): Promise<QueueServiceClient> {
    this.service ??= (async () =>
      'connectionString' in this.connection
        ? QueueServiceClient.fromConnectionString(this.connection.connectionString)
        : new QueueServiceClient(queueEndpoint(this.connection.accountUrl), await azureTokenCredential(this.connection.managedIdentityClientId)))();
    return this.service;
  }

  /** The queue's client, creating the queue once; a failed attempt is retried on the next call. */
  private queue(name: string): Promise<QueueClient> {
    const client = this.queues.run(name, async () => {
      const queue = (await this.serviceClient()).getQueueClient(name);
      await queue.createIfNotExists({ abortSignal: AbortSignal.timeout(this.readinessTimeoutMs * 2) });
      return queue;
    });
    return client.catch((error: unknown) => {
      throw queueError('create queue', error);
    });
  }
}

/** Visibility timeouts are whole seconds, at least 1. */
function visibilitySeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
}

export function poisonQueueName(queue: string): string {
  return `${queue}-poison`;
}

/**
 * The queue endpoint of an account. AZURE_STORAGE_ACCOUNT_URL is shared with the table and blob adapters,
 * so a `https://<account>.table|blob.core.windows.net` URL is turned into the account's queue endpoint.
 */
export function queueEndpoint(accountUrl: string): string {
  const url = new URL(accountUrl);
  url.hostname = url.hostname.replace(/^([^.]+)\.(?:table|blob|dfs)\./, '$1.queue.');
  return url.toString().replace(/\/$/, '');
}

const encode = (json: string): string => Buffer.from(json, 'utf8').toString('base64');

function decode(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** SDK errors become plain errors (no SDK types leak); the original stays as the cause. */
function queueError(operation: string, error: unknown): Error {
  if (error instanceof DomainError) return error;
  const status = statusOf(error);
  return new Error(`Azure Queue Storage ${operation} failed: ${status === undefined ? '' : `HTTP ${status}: `}${describe(error)}`, { cause: error });
}
