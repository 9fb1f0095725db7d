import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AzureBlobStore, blobEndpoint } from '../../src/storage/blob/azure-blob-store.adapter.js';
import { FsBlobStore } from '../../src/storage/blob/fs-blob-store.adapter.js';
import { startAzuriteBlobProcess, type AzuriteBlobProcess } from './blob-store.azurite-process.js';
import { blobStoreContract } from './blob-store.contract-suite.js';

/** Every file under `root`, relative, sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('filesystem', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blob-fs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  blobStoreContract('filesystem', () => {
    const root = join(dir, randomBytes(6).toString('hex'), 'blobs');
    const store = FsBlobStore.fromConfig({ root });
    return Promise.resolve({
      store,
      // Anything but a committed blob's sidecar and its current content version is a leftover.
      leftovers: async () => {
        const files = await filesUnder(root);
        const committed = new Set<string>();
        for (const key of await store.list('')) {
          const sidecar = files.find((file) => file === `${key}~meta.json`);
          if (sidecar !== undefined) committed.add(sidecar);
          const versions = files.filter((file) => file.startsWith(`${key}~`) && file.endsWith('.blob'));
          if (versions.length === 1) committed.add(versions[0]);
        }
        return files.filter((file) => !committed.has(file));
      },
      dispose: () => Promise.resolve(),
    });
  });

  it('ignores a crashed put’s leftovers and sweeps them at start-up', async () => {
    const root = join(dir, 'crashed', 'blobs');
    const store = FsBlobStore.fromConfig({ root });
    await store.put('cases/c1/d1/pdf', Readable.from([Buffer.from('committed')]), { contentType: 'application/pdf' });
    const caseDir = join(root, 'cases', 'c1', 'd1');
    // What a crash leaves: a half-written version, a half-written sidecar, and a new key's content with no sidecar.
    await writeFile(join(caseDir, 'pdf~zz-half.blob'), 'half of a new vers');
    await writeFile(join(caseDir, 'pdf~.tmp-0123abcd'), '{"format":1,"ver');
    await writeFile(join(caseDir, 'text~zz-orphan.blob'), 'never committed');
    await mkdir(join(root, '.tmp-looks-like-a-temp'), { recursive: true });

    expect(await store.list('')).toEqual(['cases/c1/d1/pdf']);
    expect(await store.head('cases/c1/d1/text')).toBeNull();
    const read = await store.get('cases/c1/d1/pdf');
    expect(Buffer.concat(await read!.stream.toArray()).toString()).toBe('committed');

    const restarted = FsBlobStore.fromConfig({ root, uncommittedGraceMs: 0 });
    expect(await restarted.swept).toBe(3);
    const files = await filesUnder(root);
    expect(files).toHaveLength(2);
    expect(files).toContain('cases/c1/d1/pdf~meta.json');
    expect(Buffer.concat(await (await restarted.get('cases/c1/d1/pdf'))!.stream.toArray()).toString()).toBe('committed');
  });

  it('keeps every file it writes under its root', async () => {
    const root = join(dir, 'contained', 'blobs');
    const store = FsBlobStore.fromConfig({ root });
    await store.put('a/b/c', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
    await expect(store.put('../escape', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await readdir(join(dir, 'contained'))).toEqual(['blobs']);
    expect((await filesUnder(root)).every((file) => file.startsWith('a/b/c~'))).toBe(true);
  });

  it('reports itself down when its root is gone', async () => {
    const root = join(dir, 'vanishing', 'blobs');
    const store = FsBlobStore.fromConfig({ root });
    await rm(root, { recursive: true });
    expect((await store.readiness()).filesystem.up).toBe(false);
  });
});

// Azurite out of process (see blob-store.azurite-process.ts): the contract measures this process's RSS.
describe('Azure Blob Storage on Azurite', () => {
  let azurite: AzuriteBlobProcess;
  beforeAll(async () => {
    azurite = await startAzuriteBlobProcess();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  // Each test gets its own container; 1 MiB blocks so that a 3 MiB failing source has staged blocks before it fails.
  blobStoreContract('Azure Blob (Azurite)', () => {
    const store = AzureBlobStore.fromConfig({ connectionString: azurite.connectionString, container: `c${randomBytes(6).toString('hex')}` }, { blockBytes: 1024 * 1024, uploadConcurrency: 2, readinessTimeoutMs: 60_000 });
    return Promise.resolve({ store, dispose: () => Promise.resolve() });
  });

  it('reports itself down when the account cannot be reached', async () => {
    const connectionString = azurite.connectionString.replace(/BlobEndpoint=http:\/\/127\.0\.0\.1:\d+/, 'BlobEndpoint=http://127.0.0.1:9');
    const store = AzureBlobStore.fromConfig({ connectionString, container: 'unreachable' }, { readinessTimeoutMs: 300 });
    const readiness = await store.readiness();
    expect(readiness.azureBlob.up).toBe(false);
    expect(readiness.azureBlob.detail).toBeDefined();
  });

  it('refuses an invalid container name', () => {
    expect(() => AzureBlobStore.fromConfig({ connectionString: azurite.connectionString, container: 'Bad_Container' })).toThrow(/container name/);
  });

  it('derives the blob endpoint from an account URL shared with tables and queues', () => {
    expect(blobEndpoint('https://acct.table.core.windows.net/')).toBe('https://acct.blob.core.windows.net');
    expect(blobEndpoint('https://acct.queue.core.windows.net')).toBe('https://acct.blob.core.windows.net');
    expect(blobEndpoint('https://acct.blob.core.windows.net')).toBe('https://acct.blob.core.windows.net');
  });
});
