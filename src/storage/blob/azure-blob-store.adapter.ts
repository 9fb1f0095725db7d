import { Readable, Transform } from 'node:stream';
import { BlobServiceClient, type BlobDownloadResponseParsed, type ContainerClient } from '@azure/storage-blob';
import { DomainError } from '../../common/domain-error.js';
import { BLOB_KEY_PATTERN, type BlobProperties, type BlobRead, type BlobStore, type BlobWrite } from './blob-store.port.js';
import { assertBlobKey, assertBlobPrefix, assertBlobWrite, assertDeletePrefix, compareKeys, describeError, resolveRange } from './blob-store.support.js';
import { azureTokenCredential } from '../azure-credential.js';

/** A connection string (Azurite, key-based accounts) or the blob endpoint reached with DefaultAzureCredential (managed identity). */
export type AzureBlobConnection =
  | { readonly connectionString: string; readonly container: string }
  | { readonly accountUrl: string; readonly container: string; readonly managedIdentityClientId?: string };

export interface AzureBlobStoreOptions {
  /** Size of each staged block (default 4 MiB); memory per put is about blockBytes × (uploadConcurrency + 1). */
  readonly blockBytes?: number;
  readonly uploadConcurrency?: number;
  /** How long a readiness probe may take (default 5 s). */
  readonly readinessTimeoutMs?: number;
}

/** Azure container names: 3–63 of lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
export const AZURE_CONTAINER_PATTERN = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

const DELETE_CONCURRENCY = 16;

/**
 * BlobStore on Azure Blob Storage: one container (created on first use), one block blob per key.
 * `uploadStream` stages blocks as the stream arrives and commits the block list only at the end, so
 * a put whose source fails leaves the previous version (or nothing) visible. Metadata values are
 * percent-encoded, since Azure metadata travels in ASCII headers. A put that loses a race with another
 * put to the same key may fail (Azure drops the loser's uncommitted blocks); the blob is then the winner's.
 */
export class AzureBlobStore implements BlobStore {
  private container: Promise<ContainerClient> | null = null;
  private readonly blockBytes: number;
  private readonly uploadConcurrency: number;
  private readonly readinessTimeoutMs: number;

  constructor(
    private readonly connection: AzureBlobConnection,
    options: AzureBlobStoreOptions = {},
  ) {
    if (!AZURE_CONTAINER_PATTERN.test(connection.container)) throw new Error('invalid Azure blob container name');
    this.blockBytes = options.blockBytes ?? 4 * 1024 * 1024;
    this.uploadConcurrency = options.uploadConcurrency ?? 4;
    this.readinessTimeoutMs = options.readinessTimeoutMs ?? 5000;
  }

  static fromConfig(config: AzureBlobConnection, options?: AzureBlobStoreOptions): AzureBlobStore {
    return new AzureBlobStore(config, options);
  }

  async put(key: string, content: Readable, write: BlobWrite): Promise<BlobProperties> {
    assertBlobKey(key);
    const metadata = assertBlobWrite(write);
    const container = await this.containerClient();
    let sizeBytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        callback(null, chunk);
      },
    });
    content.on('error', (error) => counted.destroy(error));
    content.pipe(counted);
    try {
      const response = await container.getBlockBlobClient(key).uploadStream(counted, this.blockBytes, this.uploadConcurrency, {
        blobHTTPHeaders: { blobContentType: write.contentType },
        metadata: encodeMetadata(metadata),
      });
      return { key, sizeBytes, contentType: write.contentType, metadata, lastModified: (response.lastModified ?? new Date()).toISOString() };
    } catch (error) {
      content.unpipe(counted);
      content.destroy();
      counted.destroy();
      throw storeError('put', error);
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<BlobRead | null> {
    assertBlobKey(key);
    if (range !== undefined) resolveRange(range, Number.MAX_SAFE_INTEGER);
    const client = (await this.containerClient()).getBlobClient(key);
    let response: BlobDownloadResponseParsed;
    try {
      response = range === undefined ? await client.download() : await client.download(range.start, range.end - range.start + 1);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return null;
      if (status === 416) throw new DomainError('RANGE_NOT_SATISFIABLE', 'range starts past the end of the blob');
      throw storeError('get', error);
    }
    const body = response.readableStreamBody;
    if (body === undefined) throw new Error('Azure Blob Storage answered a download without a body');
    const stream = body instanceof Readable ? body : new Readable().wrap(body);
    const sizeBytes = totalSize(response.contentRange) ?? response.contentLength ?? 0;
    if (range !== undefined && range.start >= sizeBytes) {
      // Azure answers 416 here; Azurite an empty 206.
      stream.destroy();
      throw new DomainError('RANGE_NOT_SATISFIABLE', 'range starts past the end of the blob', { sizeBytes });
    }
    // The response's fields are getters, so they are copied one by one.
    return { stream, properties: toProperties(key, { contentLength: sizeBytes, contentType: response.contentType, metadata: response.metadata, lastModified: response.lastModified }) };
  }

  async head(key: string): Promise<BlobProperties | null> {
    assertBlobKey(key);
    const client = (await this.containerClient()).getBlobClient(key);
    try {
      return toProperties(key, await client.getProperties());
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw storeError('head', error);
    }
  }

  async delete(key: string): Promise<boolean> {
    assertBlobKey(key);
    const client = (await this.containerClient()).getBlobClient(key);
    try {
      return (await client.deleteIfExists({ deleteSnapshots: 'include' })).succeeded;
    } catch (error) {
      throw storeError('delete', error);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertDeletePrefix(prefix);
    const keys = await this.list(prefix);
    let deleted = 0;
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
      const outcomes = await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((key) => this.delete(key)));
      deleted += outcomes.filter(Boolean).length;
    }
    return deleted;
  }

  async list(prefix: string): Promise<string[]> {
    assertBlobPrefix(prefix);
    const container = await this.containerClient();
    const keys: string[] = [];
    try {
      for await (const blob of container.listBlobsFlat(prefix === '' ? {} : { prefix })) {
        // Blobs written by something else with names we would refuse are not ours to hand out.
        if (BLOB_KEY_PATTERN.test(blob.name)) keys.push(blob.name);
      }
    } catch (error) {
      throw storeError('list', error);
    }
    return keys.sort(compareKeys);
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      const container = await this.containerClient();
      const exists = await container.exists({ abortSignal: AbortSignal.timeout(this.readinessTimeoutMs) });
      return { azureBlob: exists ? { up: true } : { up: false, detail: 'container missing' } };
    } catch (error) {
      return { azureBlob: { up: false, detail: describeError(error) } };
    }
  }

  /** The container client, creating the container once; a failed attempt is retried on the next call. */
  private containerClient(): Promise<ContainerClient> {
    this.container ??= this.openContainer().catch((error: unknown) => {
      this.container = null;
      throw storeError('create container', error);
    });
    return this.container;
  }

  private async openContainer(): Promise<ContainerClient> {
    const service =
      'connectionString' in this.connection
        ? BlobServiceClient.fromConnectionString(this.connection.connectionString)
        : new BlobServiceClient(blobEndpoint(this.connection.accountUrl), await azureTokenCredential(this.connection.managedIdentityClientId));
    const container = service.getContainerClient(this.connection.container);
    await container.createIfNotExists({ abortSignal: AbortSignal.timeout(this.readinessTimeoutMs * 2) });
    return container;
  }
}

/**
 * The blob endpoint of an account. AZURE_STORAGE_ACCOUNT_URL is shared with the table and queue adapters,
 * so a `https://<account>.table|queue.core.windows.net` URL is turned into the account's blob endpoint.
 */
export function blobEndpoint(accountUrl: string): string {
  const url = new URL(accountUrl);
  url.hostname = url.hostname.replace(/^([^.]+)\.(?:table|queue|dfs)\./, '$1.blob.');
  return url.toString().replace(/\/$/, '');
}

function toProperties(
  key: string,
  response: { contentLength?: number; contentType?: string; metadata?: Record<string, string>; lastModified?: Date },
): BlobProperties {
  return {
    key,
    sizeBytes: response.contentLength ?? 0,
    contentType: response.contentType ?? 'application/octet-stream',
    metadata: decodeMetadata(response.metadata ?? {}),
    lastModified: (response.lastModified ?? new Date(0)).toISOString(),
  };
}

/** "bytes 0-9/100" → 100. */
function totalSize(contentRange: string | undefined): number | undefined {
  const match = contentRange === undefined ? null : /\/(\d+)$/.exec(contentRange);
  return match === null ? undefined : Number(match[1]);
}

function encodeMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name, encodeURIComponent(value)]));
}

function decodeMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => {
      try {
        return [name.toLowerCase(), decodeURIComponent(value)];
      } catch {
        return [name.toLowerCase(), value];
      }
    }),
  );
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** SDK errors become plain errors (no SDK types leak); domain errors and the original stay as they are / as the cause. */
function storeError(operation: string, error: unknown): Error {
  if (error instanceof DomainError) return error;
  const status = statusOf(error);
  return new Error(`Azure Blob Storage ${operation} failed: ${status === undefined ? '' : `HTTP ${status}: `}${describeError(error)}`, { cause: error });
}
