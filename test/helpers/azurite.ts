import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Azurite (Blob, Queue, Table) started in-process on ephemeral 127.0.0.1 ports, with in-memory
 * persistence (metadata paths point into a temp dir that is removed on stop). Azurite ships no
 * type declarations and no package exports, so its server classes are loaded by path.
 */
export interface AzuriteInstance {
  /** Works with TableClient/BlobServiceClient/QueueServiceClient.fromConnectionString (plain http: pass allowInsecureConnection). */
  readonly connectionString: string;
  readonly accountName: string;
  readonly accountKey: string;
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  stop(): Promise<void>;
}

/** Azurite's well-known development account; public and documented, not a secret. */
const ACCOUNT_NAME = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}
type ServerClass = new (configuration: unknown) => AzuriteServer;
type ConfigurationClass = new (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);
const load = <T>(path: string): T => (require(`azurite/dist/src/${path}`) as { default: T }).default;

export async function startAzurite(): Promise<AzuriteInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'azurite-'));
  const host = '127.0.0.1';
  const loose = true;
  const skipApiVersionCheck = true;

  const BlobConfiguration = load<ConfigurationClass>('blob/BlobConfiguration.js');
  const BlobServer = load<ServerClass>('blob/BlobServer.js');
  const QueueConfiguration = load<ConfigurationClass>('queue/QueueConfiguration.js');
  const QueueServer = load<ServerClass>('queue/QueueServer.js');
  const TableConfiguration = load<ConfigurationClass>('table/TableConfiguration.js');
  const TableServer = load<ServerClass>('table/TableServer.js');

  // Positional constructor arguments, as Azurite's own azurite.js passes them.
  const blob = new BlobServer(
    new BlobConfiguration(host, 0, 5, join(dir, 'blob.json'), join(dir, 'blob-extent.json'), [{ locationId: 'Default', locationPath: join(dir, 'blobs'), maxConcurrency: 10 }],
      false, undefined, false, undefined, loose, skipApiVersionCheck, '', '', '', undefined, false, true),
  );
  const queue = new QueueServer(
    new QueueConfiguration(host, 0, 5, join(dir, 'queue.json'), join(dir, 'queue-extent.json'), [{ locationId: 'Default', locationPath: join(dir, 'queues'), maxConcurrency: 10 }],
      false, undefined, false, undefined, loose, skipApiVersionCheck, '', '', '', undefined, false, true),
  );
  const table = new TableServer(
    new TableConfiguration(host, 0, 5, join(dir, 'table.json'), false, false, undefined, undefined, loose, skipApiVersionCheck, '', '', '', undefined, false, true),
  );

  const started: AzuriteServer[] = [];
  try {
    for (const server of [blob, queue, table]) {
      await server.start();
      started.push(server);
    }
  } catch (error) {
    await Promise.allSettled(started.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const blobEndpoint = `${blob.getHttpServerAddress()}/${ACCOUNT_NAME}`;
  const queueEndpoint = `${queue.getHttpServerAddress()}/${ACCOUNT_NAME}`;
  const tableEndpoint = `${table.getHttpServerAddress()}/${ACCOUNT_NAME}`;
  let stopped = false;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`,
    accountName: ACCOUNT_NAME,
    accountKey: ACCOUNT_KEY,
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled(started.map((server) => server.close()));
      await Promise.allSettled(started.map((server) => server.clean()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
