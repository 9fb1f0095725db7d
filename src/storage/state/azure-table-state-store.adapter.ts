import { odata, TableClient, TableServiceClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { StateConflictError, StateStoreUsageError, type ListOptions, type StateBatchWrite, type StateEntity, type StateStore, type WriteCondition } from './state-store.port.js';
import { assertStateBatch, assertStateTable, keySelected, listLimit, parseStateValue, serialiseStateValue } from './state-store.support.js';
import { decodeAzureKey, encodeAzureKey, prefixUpperBound } from './azure-table-key.mapper.js';
import { SingleFlight } from '../../common/single-flight.js';
import { azureTokenCredential } from '../azure-credential.js';

/** A connection string (Azurite, key-based accounts) or an account URL reached with DefaultAzureCredential. */
export type AzureTableConnection = { readonly connectionString: string } | { readonly accountUrl: string; readonly managedIdentityClientId?: string };

export interface AzureTableStateStoreOptions {
  /** Prepended to every table name (letters and digits), e.g. to share an account between environments or tests. */
  readonly tablePrefix?: string;
  /** How long a readiness probe may take (default 5 s). */
  readonly readinessTimeoutMs?: number;
}

/** Binary properties hold up to 64 KiB; an entity up to 1 MiB, all properties together. */
const CHUNK_BYTES = 64_000;
const MAX_CHUNKS = 15;
const PAGE_SIZE = 1000;
const DELETE_CONCURRENCY = 20;

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * StateStore on Azure Table Storage: one Azure table per logical table (created on first use), partition
 * and key escaped reversibly into PartitionKey/RowKey (see azure-table-key.mapper), the value's JSON as
 * UTF-8 split over binary properties `v0..vN` (`parts` says how many) so entities up to ~960 KB fit,
 * and the ETag as our etag. Conditional writes are Azure's own (If-Match / insert), so they are atomic
 * across instances.
 */
export class AzureTableStateStore implements StateStore {
  private readonly clients = new SingleFlight<string, TableClient>({ keepFulfilled: true });
  private credential: Promise<TokenCredential> | null = null;
  private readonly tablePrefix: string;
  private readonly readinessTimeoutMs: number;

  constructor(
    private readonly connection: AzureTableConnection,
    options: AzureTableStateStoreOptions = {},
  ) {
    this.tablePrefix = options.tablePrefix ?? '';
    this.readinessTimeoutMs = options.readinessTimeoutMs ?? 5000;
    if (this.tablePrefix !== '' && !/^[A-Za-z][A-Za-z0-9]*$/.test(this.tablePrefix)) throw new StateStoreUsageError('the Azure table prefix must be letters and digits, starting with a letter');
  }

  static fromConfig(config: AzureTableConnection, options?: AzureTableStateStoreOptions): AzureTableStateStore {
    return new AzureTableStateStore('connectionString' in config ? { connectionString: config.connectionString } : { accountUrl: config.accountUrl, ...(config.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.managedIdentityClientId }) }, options);
  }

  async get<T>(table: string, partition: string, key: string): Promise<StateEntity<T> | null> {
    const client = await this.client(table);
    try {
      return toEntity<T>(await client.getEntity<Record<string, unknown>>(encodeAzureKey(partition), encodeAzureKey(key)));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw storeError('get', error);
    }
  }

  async put<T>(table: string, partition: string, key: string, value: T, condition?: WriteCondition): Promise<StateEntity<T>> {
    const json = serialiseStateValue(value);
    const client = await this.client(table);
    const updatedAt = new Date().toISOString();
    const entity = { partitionKey: encodeAzureKey(partition), rowKey: encodeAzureKey(key), updatedAt, ...chunk(json) };
    let etag: string | undefined;
    try {
      if (condition === undefined) etag = (await client.upsertEntity(entity, 'Replace')).etag;
      else if ('ifAbsent' in condition) etag = (await client.createEntity(entity)).etag;
      else etag = (await client.updateEntity(entity, 'Replace', { etag: condition.ifMatch })).etag;
    } catch (error) {
      const status = statusOf(error);
      if (condition !== undefined && (status === 409 || status === 412 || status === 404)) throw new StateConflictError(table, partition, key);
      throw storeError('put', error);
    }
    if (etag === undefined) throw new Error('Azure Table Storage answered a write without an ETag');
    return { partition, key, value: parseStateValue<T>(json), etag, updatedAt };
  }

  /** Azure's entity group transaction: one partition, at most 100 operations, all or nothing. */
  async putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]> {
    assertStateTable(table);
    assertStateBatch(writes);
    const jsons = writes.map((write) => serialiseStateValue(write.value));
    if (writes.length === 0) return [];
    const client = await this.client(table);
    const updatedAt = new Date().toISOString();
    const partitionKey = encodeAzureKey(partition);
    const actions: TransactionAction[] = writes.map((write, i) => {
      const entity = { partitionKey, rowKey: encodeAzureKey(write.key), updatedAt, ...chunk(jsons[i]) };
      if (write.condition === undefined) return ['upsert', entity, 'Replace'];
      if ('ifAbsent' in write.condition) return ['create', entity];
      return ['update', entity, 'Replace', { etag: write.condition.ifMatch }];
    });
    let etags: (string | undefined)[];
    try {
      const response = await client.submitTransaction(actions);
      etags = writes.map((write, i) => response.getResponseForEntity(encodeAzureKey(write.key))?.etag ?? response.subResponses[i]?.etag);
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412 || status === 404) {
        const conditional = writes.find((write) => write.condition !== undefined);
        if (conditional !== undefined) throw new StateConflictError(table, partition, failedKeyOf(error, writes) ?? conditional.key);
      }
      throw storeError('putBatch', error);
    }
    return writes.map((write, i) => {
      const etag = etags[i];
      if (etag === undefined) throw new Error('Azure Table Storage answered a batch write without an ETag');
      return { partition, key: write.key, value: parseStateValue<T>(jsons[i]), etag, updatedAt };
    });
  }

  async delete(table: string, partition: string, key: string, condition?: { readonly ifMatch: string }): Promise<boolean> {
    const client = await this.client(table);
    try {
      await client.deleteEntity(encodeAzureKey(partition), encodeAzureKey(key), condition === undefined ? {} : { etag: condition.ifMatch });
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (condition !== undefined && (status === 404 || status === 412)) throw new StateConflictError(table, partition, key);
      if (status === 404) return false;
      throw storeError('delete', error);
    }
  }

  async list<T>(table: string, partition: string, options: ListOptions = {}): Promise<StateEntity<T>[]> {
    const limit = listLimit(options);
    if (limit === 0) {
      assertStateTable(table);
      return [];
    }
    const client = await this.client(table);
    // Every piece of user input goes through the SDK's odata tag, which quotes and escapes it.
    const filters = [odata`PartitionKey eq ${encodeAzureKey(partition)}`];
    if (options.afterKey !== undefined) filters.push(odata`RowKey gt ${encodeAzureKey(options.afterKey)}`);
    if (options.keyPrefix !== undefined && options.keyPrefix !== '') {
      const prefix = encodeAzureKey(options.keyPrefix);
      filters.push(odata`RowKey ge ${prefix}`);
      const bound = prefixUpperBound(prefix);
      if (bound !== null) filters.push(odata`RowKey lt ${bound}`);
    }
    const entities: StateEntity<T>[] = [];
    try {
      const pages = client.listEntities<Record<string, unknown>>({ queryOptions: { filter: filters.join(' and ') } }).byPage({ maxPageSize: Math.min(limit ?? PAGE_SIZE, PAGE_SIZE) });
      for await (const page of pages) {
        for (const row of page) {
          const entity = toEntity<T>(row);
          // Belt and braces: what the server returns must still match what was asked.
          if (entity.partition !== partition || !keySelected(entity.key, options)) continue;
          entities.push(entity);
          if (limit !== null && entities.length >= limit) return entities;
        }
      }
    } catch (error) {
      throw storeError('list', error);
    }
    return entities;
  }

  async partitions(table: string): Promise<string[]> {
    const client = await this.client(table);
    const found: string[] = [];
    let after: string | null = null;
    // Skip scan: each query starts past the last partition seen, so a big partition costs one page.
    try {
      for (;;) {
        const filter: string | undefined = after === null ? undefined : odata`PartitionKey gt ${after}`;
        let page: Row[] = [];
        for await (const candidate of client.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['PartitionKey'] } }).byPage({ maxPageSize: PAGE_SIZE })) {
          if (candidate.length > 0) {
            page = candidate;
            break;
          }
        }
        if (page.length === 0) return found.map(decodeAzureKey);
        for (const row of page) {
          if (row.partitionKey !== undefined && row.partitionKey !== found.at(-1)) found.push(row.partitionKey);
        }
        after = found.at(-1) ?? null;
      }
    } catch (error) {
      throw storeError('partitions', error);
    }
  }

  async deletePartition(table: string, partition: string): Promise<number> {
    const client = await this.client(table);
    const encoded = encodeAzureKey(partition);
    const rowKeys: string[] = [];
    try {
      for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${encoded}`, select: ['RowKey'] } })) {
        if (row.rowKey !== undefined) rowKeys.push(row.rowKey);
      }
    } catch (error) {
      throw storeError('deletePartition', error);
    }
    let deleted = 0;
    for (let i = 0; i < rowKeys.length; i += DELETE_CONCURRENCY) {
      const outcomes = await Promise.all(
        rowKeys.slice(i, i + DELETE_CONCURRENCY).map(async (rowKey) => {
          try {
            await client.deleteEntity(encoded, rowKey);
            return 1;
          } catch (error) {
            if (statusOf(error) === 404) return 0;
            throw storeError('deletePartition', error);
          }
        }),
      );
      deleted += outcomes.reduce((sum: number, outcome) => sum + outcome, 0);
    }
    return deleted;
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      const service = await this.serviceClient();
      await service.listTables({ abortSignal: AbortSignal.timeout(this.readinessTimeoutMs) }).byPage({ maxPageSize: 1 }).next();
      return { azureTable: { up: true } };
    } catch (error) {
      return { azureTable: { up: false, detail: describe(error) } };
    }
  }

  close(): Promise<void> {
    this.clients.clear();
    return Promise.resolve();
  }

  private client(table: string): Promise<TableClient> {
    assertStateTable(table);
    const name = this.tablePrefix + table;
    if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(name)) return Promise.reject(new StateStoreUsageError(`the Azure table name ${name} is too long`));
    return this.clients.run(name, () => this.createClient(name));
  }

  private async createClient(name: string): Promise<TableClient> {
    const client =
      'connectionString' in this.connection
        ? TableClient.fromConnectionString(this.connection.connectionString, name, { allowInsecureConnection: insecure(this.connection.connectionString) })
        : new TableClient(this.connection.accountUrl, name, await this.tokenCredential());
    try {
      await client.createTable();
    } catch (error) {
      if (statusOf(error) !== 409) throw storeError('createTable', error);
    }
    return client;
  }

  private async serviceClient(): Promise<TableServiceClient> {
    return 'connectionString' in this.connection
      ? TableServiceClient.fromConnectionString(this.connection.connectionString, { allowInsecureConnection: insecure(this.connection.connectionString) })
      : new TableServiceClient(this.connection.accountUrl, await this.tokenCredential());
  }

  /** Loaded on first use: only the account-URL (managed identity) mode needs @azure/identity. */
  private tokenCredential(): Promise<TokenCredential> {
    this.credential ??= azureTokenCredential('accountUrl' in this.connection ? this.connection.managedIdentityClientId : undefined);
    return this.credential;
  }
}

/** Plain http is only ever Azurite or a local emulator. */
function insecure(connectionString: string): boolean {
  return /DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true/i.test(connectionString);
}

function chunk(json: string): Record<string, Uint8Array | number> {
  const bytes = Buffer.from(json, 'utf8');
  const parts = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  if (parts > MAX_CHUNKS) throw new StateStoreUsageError(`state value of ${bytes.length} bytes is larger than Azure Table Storage holds (${CHUNK_BYTES * MAX_CHUNKS})`);
  const properties: Record<string, Uint8Array | number> = { parts };
  for (let i = 0; i < parts; i += 1) properties[`v${i}`] = new Uint8Array(bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
  return properties;
}

function toEntity<T>(row: Row): StateEntity<T> {
  const parts = typeof row.parts === 'number' ? row.parts : 0;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < parts; i += 1) {
    const part = row[`v${i}`];
    if (!(part instanceof Uint8Array)) throw new Error('Azure table entity is missing part of its value');
    chunks.push(part);
  }
  return {
    partition: decodeAzureKey(row.partitionKey ?? ''),
    key: decodeAzureKey(row.rowKey ?? ''),
    value: parseStateValue<T>(Buffer.concat(chunks).toString('utf8')),
    etag: row.etag,
    updatedAt: typeof row.updatedAt === 'string' ? row.updatedAt : new Date(0).toISOString(),
  };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error';
  return status === undefined ? message : `HTTP ${status}: ${message}`;
}

/** The write a failed batch names: Azure prefixes the error message with the failing operation's index (`0:…`). */
function failedKeyOf(error: unknown, writes: readonly StateBatchWrite<unknown>[]): string | undefined {
  const message = error instanceof Error ? error.message : '';
  const index = /^(\d+):/.exec(message)?.[1];
  return index === undefined ? undefined : writes[Number(index)]?.key;
}

/** SDK errors become plain errors (no SDK types leak); the original stays as the cause. */
function storeError(operation: string, error: unknown): Error {
  if (error instanceof StateConflictError || error instanceof StateStoreUsageError) return error;
  return new Error(`Azure Table Storage ${operation} failed: ${describe(error)}`, { cause: error });
}
