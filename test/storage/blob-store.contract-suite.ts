import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/common/domain-error.js';
import type { BlobStore } from '../../src/storage/blob/blob-store.port.js';

/** A fresh, empty store. `leftovers` lists anything a failed put left behind where the adapter can tell. */
export interface BlobStoreSubject {
  readonly store: BlobStore;
  leftovers?(): Promise<string[]>;
  dispose(): Promise<void>;
}

const MiB = 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Random bytes produced chunk by chunk, so that the whole never sits in memory; `onChunk` runs before each. */
function generated(totalBytes: number, onChunk: () => void, chunkBytes = 64 * 1024): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= totalBytes) {
        this.push(null);
        return;
      }
      onChunk();
      const chunk = randomBytes(Math.min(chunkBytes, totalBytes - produced));
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

/** Sends `bytesBeforeFailure` bytes, then fails like a dropped legacy download. */
function failingSource(bytesBeforeFailure: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytesBeforeFailure) {
        this.destroy(new Error('legacy download dropped'));
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/**
 * V8 frees transferred chunks only when it next collects garbage, which may be tens of MB later, so the
 * probe collects before it samples: what remains is what the transfer really holds on to. Source and
 * reader call it every MiB, so the samples fall while data is in flight.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

class RssProbe {
  private readonly baseline: number;
  private peak: number;
  private bytes = 0;

  constructor() {
    collectGarbage();
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
  }

  /** Counts transferred bytes and samples after every 4 MiB (a full GC each time is slow on a busy machine). */
  tick(bytes: number): void {
    const before = Math.floor(this.bytes / (4 * MiB));
    this.bytes += bytes;
    if (Math.floor(this.bytes / (4 * MiB)) === before) return;
    collectGarbage();
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  growth(): number {
    return this.peak - this.baseline;
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** The behaviour every BlobStore adapter must have. Jest does not match this file; *.contract.ts files run it. */
export function blobStoreContract(name: string, open: () => Promise<BlobStoreSubject>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let subject: BlobStoreSubject;
    let store: BlobStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    const put = (key: string, content: string | Buffer, contentType = 'application/octet-stream', metadata?: Record<string, string>) =>
      store.put(key, Readable.from([Buffer.from(content)]), { contentType, metadata });
    const text = async (key: string): Promise<string | null> => {
      const read = await store.get(key);
      return read === null ? null : (await readAll(read.stream)).toString('utf8');
    };

    it('round-trips content, content type and metadata, and replaces both on overwrite', async () => {
      const key = 'cases/c-100/documents/d-7/versions/v-3/original.pdf';
      const metadata = { file_name: 'Statement – Müller.pdf', source: 'legacy', page_count: '12' };
      const written = await put(key, '%PDF-1.7 body', 'application/pdf', metadata);
      expect(written).toMatchObject({ key, sizeBytes: 13, contentType: 'application/pdf', metadata });
      expect(Date.parse(written.lastModified)).not.toBeNaN();

      const read = await store.get(key);
      expect(read).not.toBeNull();
      expect(read!.properties).toMatchObject({ key, sizeBytes: 13, contentType: 'application/pdf', metadata });
      expect((await readAll(read!.stream)).toString()).toBe('%PDF-1.7 body');
      expect(await store.head(key)).toMatchObject({ key, sizeBytes: 13, contentType: 'application/pdf', metadata });

      await put(key, '{"pages":[]}', 'application/json', { stage: 'text' });
      expect(await store.head(key)).toMatchObject({ sizeBytes: 12, contentType: 'application/json', metadata: { stage: 'text' } });
      expect(await text(key)).toBe('{"pages":[]}');
    });

    it('answers null or false for what is absent, and deletes what is present', async () => {
      expect(await store.get('cases/none/blob')).toBeNull();
      expect(await store.head('cases/none/blob')).toBeNull();
      expect(await store.delete('cases/none/blob')).toBe(false);

      await put('cases/c-1/empty', '');
      expect(await store.head('cases/c-1/empty')).toMatchObject({ sizeBytes: 0 });
      expect(await text('cases/c-1/empty')).toBe('');
      expect(await store.delete('cases/c-1/empty')).toBe(true);
      expect(await store.get('cases/c-1/empty')).toBeNull();
      expect(await store.list('cases/')).toEqual([]);
    });

    it('streams a 20 MB blob in and out in constant memory', async () => {
      const size = 20 * MiB;
      const key = 'cases/c-big/documents/d-1/original.tif';
      // A small transfer first, so that one-off costs (connections, lazily loaded code) are not counted.
      await store.put(key, generated(MiB, () => undefined).stream, { contentType: 'image/tiff' });
      await readAll((await store.get(key))!.stream);
      const probe = new RssProbe();
      const source = generated(size, () => probe.tick(64 * 1024));
      const written = await store.put(key, source.stream, { contentType: 'image/tiff' });
      expect(written.sizeBytes).toBe(size);

      const read = await store.get(key);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of read!.stream) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        probe.tick((chunk as Buffer).length);
      }
      expect(bytes).toBe(size);
      expect(hash.digest('hex')).toBe(source.sha256());
      // Streaming holds a few chunks or blocks at a time; buffering would grow by the whole 20 MB.
      expect(probe.growth()).toBeLessThan(size * 0.3);
    }, 300_000);

    it('reads inclusive byte ranges, clamped to the end, and refuses ranges past the end', async () => {
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
      const key = 'cases/c-1/documents/d-1/pdf';
      await put(key, bytes, 'application/pdf');

      const middle = await store.get(key, { start: 10, end: 19 });
      expect(middle!.properties.sizeBytes).toBe(1000);
      expect(await readAll(middle!.stream)).toEqual(bytes.subarray(10, 20));
      expect(await readAll((await store.get(key, { start: 0, end: 0 }))!.stream)).toEqual(bytes.subarray(0, 1));
      expect(await readAll((await store.get(key, { start: 990, end: 5000 }))!.stream)).toEqual(bytes.subarray(990));

      expect(await codeOf(store.get(key, { start: 1000, end: 1001 }))).toBe('RANGE_NOT_SATISFIABLE');
      expect(await codeOf(store.get(key, { start: 5, end: 4 }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(store.get(key, { start: -1, end: 4 }))).toBe('VALIDATION_FAILED');
      expect(await store.get('cases/c-1/documents/d-1/absent', { start: 0, end: 1 })).toBeNull();
    });

    it('a put whose source fails halfway leaves no blob, and the previous version intact', async () => {
      const key = 'cases/c-1/documents/d-1/original';
      await put(key, 'version one', 'text/plain', { version: '1' });

      await expect(store.put(key, failingSource(3 * MiB), { contentType: 'application/pdf', metadata: { version: '2' } })).rejects.toThrow();
      expect(await store.head(key)).toMatchObject({ sizeBytes: 11, contentType: 'text/plain', metadata: { version: '1' } });
      expect(await text(key)).toBe('version one');

      await expect(store.put('cases/c-1/documents/d-2/original', failingSource(MiB + 1), { contentType: 'application/pdf' })).rejects.toThrow();
      expect(await store.head('cases/c-1/documents/d-2/original')).toBeNull();
      expect(await store.get('cases/c-1/documents/d-2/original')).toBeNull();
      expect(await store.list('')).toEqual([key]);
      if (subject.leftovers !== undefined) expect(await subject.leftovers()).toEqual([]);
    });

    it('concurrent puts to one key end with one whole value and its own metadata', async () => {
      const key = 'cases/c-1/documents/d-1/pdf';
      const size = 512 * 1024;
      const writers = [1, 2, 3, 4, 5];
      const slowly = (writer: number): Readable =>
        Readable.from(
          (async function* () {
            for (let sent = 0; sent < size; sent += 32 * 1024) {
              await new Promise((resolve) => setTimeout(resolve, writer % 3));
              yield Buffer.alloc(32 * 1024, writer);
            }
          })(),
        );
      const outcomes = await Promise.allSettled(writers.map((writer) => store.put(key, slowly(writer), { contentType: 'application/pdf', metadata: { writer: String(writer) } })));
      const succeeded = writers.filter((_, i) => outcomes[i].status === 'fulfilled');
      expect(succeeded.length).toBeGreaterThan(0);

      const read = await store.get(key);
      const content = await readAll(read!.stream);
      const writer = content[0];
      expect(succeeded).toContain(writer);
      expect(content.length).toBe(size);
      expect(content.every((byte) => byte === writer)).toBe(true);
      expect(read!.properties.metadata).toEqual({ writer: String(writer) });
      expect(await store.list('cases/')).toEqual([key]);
    });

    it('lists keys in ascending order by prefix and deletes whole-segment prefixes', async () => {
      const keys = ['cases/c1/d2/original', 'cases/c1/d1/pdf', 'cases/c1/d1/original', 'cases/c10/d1/original', 'cases/c2/x', 'other'];
      for (const key of keys) await put(key, key);

      expect(await store.list('cases/c1/')).toEqual(['cases/c1/d1/original', 'cases/c1/d1/pdf', 'cases/c1/d2/original']);
      expect(await store.list('cases/c1')).toEqual(['cases/c1/d1/original', 'cases/c1/d1/pdf', 'cases/c1/d2/original', 'cases/c10/d1/original']);
      expect(await store.list('')).toEqual([...keys].sort());
      expect(await store.list('cases/c3/')).toEqual([]);

      expect(await store.deletePrefix('cases/c1/')).toBe(3);
      expect(await store.list('cases/')).toEqual(['cases/c10/d1/original', 'cases/c2/x']);
      expect(await store.deletePrefix('cases/c1/')).toBe(0);
      expect(await text('cases/c10/d1/original')).toBe('cases/c10/d1/original');

      expect(await codeOf(store.deletePrefix('cases/c1'))).toBe('VALIDATION_FAILED');
      expect(await codeOf(store.deletePrefix(''))).toBe('VALIDATION_FAILED');
      expect(await codeOf(store.deletePrefix('../'))).toBe('VALIDATION_FAILED');

      await put('cases/c1/d9/original', 'again');
      expect(await store.list('cases/c1/')).toEqual(['cases/c1/d9/original']);
    });

    it('refuses keys that are not safe paths, and bad metadata, before writing anything', async () => {
      const invalid = ['../x', 'a/../../x', 'a//b', 'a/./b', 'a/..', '.', '..', '/abs', '/etc/passwd', 'a/', 'a\\b', '..\\x', 'C:\\x', 'a\0b', '', 'a b', 'caf\u00e9', 'a/b\n'];
      for (const key of invalid) {
        expect(await codeOf(store.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }))).toBe('VALIDATION_FAILED');
        expect(await codeOf(store.get(key))).toBe('VALIDATION_FAILED');
        expect(await codeOf(store.head(key))).toBe('VALIDATION_FAILED');
        expect(await codeOf(store.delete(key))).toBe('VALIDATION_FAILED');
      }
      expect(await codeOf(store.list('../'))).toBe('VALIDATION_FAILED');
      expect(await codeOf(store.list('a//'))).toBe('VALIDATION_FAILED');
      expect(await codeOf(put('cases/c1/x', 'x', 'text/plain', { 'Bad-Name': 'v' }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(put('cases/c1/x', 'x', 'text/plain\r\nx-injected: 1'))).toBe('VALIDATION_FAILED');
      expect(await store.list('')).toEqual([]);
    });

    it('reports itself ready', async () => {
      const readiness = await store.readiness();
      expect(Object.values(readiness).length).toBeGreaterThan(0);
      expect(Object.values(readiness).every((part) => part.up)).toBe(true);
    });
  });
}
