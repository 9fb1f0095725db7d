import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { access, constants, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError } from '../../common/domain-error.js';
import type { BlobProperties, BlobRead, BlobStore, BlobWrite } from './blob-store.port.js';
import { assertBlobKey, assertBlobPrefix, assertBlobWrite, assertDeletePrefix, compareKeys, describeError, resolveRange } from './blob-store.support.js';
import { InProcessKeyedLock } from '../../common/keyed-lock.js';

export interface FsBlobStoreOptions {
  /** Directory holding the blobs, e.g. `${dataDir}/blobs`; created if missing. */
  readonly root: string;
  /** Uncommitted files (a crashed put's) older than this are removed at start-up (default 10 min; 0 in tests). */
  readonly uncommittedGraceMs?: number;
}

/** The commit record of one blob: which content version is current, and its properties. */
interface Sidecar {
  readonly format: 1;
  readonly version: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly metadata: Record<string, string>;
  readonly lastModified: string;
}

/**
 * Every file this store writes has a '~' in its name, a character keys cannot contain, so files
 * never collide with key segments (which become directories):
 *   `<name>~meta.json`       the sidecar — the commit point: a blob exists exactly when its sidecar does;
 *   `<name>~<version>.blob`  content versions; only the one the sidecar names is visible;
 *   `<name>~.tmp-<random>`   a sidecar being written.
 */
const SIDECAR_SUFFIX = '~meta.json';
const CONTENT_SUFFIX = '.blob';
const TEMP_MARK = '~.tmp-';
const READ_ATTEMPTS = 5;
const PUT_ATTEMPTS = 3;

/**
 * BlobStore on the local filesystem (the default). A put streams the content into a new version file
 * and fsyncs it, then writes the sidecar to a temp file, fsyncs it and renames it over the old sidecar:
 * that rename is the atomic commit, so readers see the old blob or the whole new one, each with its
 * own metadata, and a failed or crashed put leaves nothing visible. Commits and deletes of one key are
 * serialised within the process; the directory is meant to be owned by one facade process.
 */
export class FsBlobStore implements BlobStore {
  private readonly root: string;
  private readonly locks = new InProcessKeyedLock();
  /** How many uncommitted leftovers the start-up sweep removed. */
  readonly swept: Promise<number>;

  constructor(options: FsBlobStoreOptions) {
    this.root = resolve(options.root);
    mkdirSync(this.root, { recursive: true });
    this.swept = this.sweepUncommitted(options.uncommittedGraceMs ?? 600_000).catch(() => 0);
  }

  static fromConfig(options: FsBlobStoreOptions): FsBlobStore {
    return new FsBlobStore(options);
  }

  async put(key: string, content: Readable, write: BlobWrite): Promise<BlobProperties> {
    assertBlobKey(key);
    const metadata = assertBlobWrite(write);
    const { dir, name } = this.locate(key);
    const version = `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}`;
    const contentPath = join(dir, `${name}~${version}${CONTENT_SUFFIX}`);
    const handle = await this.createExclusive(dir, contentPath);
    let sizeBytes: number;
    try {
      sizeBytes = 0;
      for await (const chunk of content) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
        for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
        sizeBytes += bytes.length;
      }
      await handle.sync();
    } catch (error) {
      content.destroy();
      await handle.close().catch(() => undefined);
      await rm(contentPath, { force: true });
      throw error;
    }
    await handle.close();

    const sidecar: Sidecar = { format: 1, version, sizeBytes, contentType: write.contentType, metadata, lastModified: new Date().toISOString() };
    try {
      await this.exclusive(key, async () => {
        const previous = await this.readSidecar(dir, name);
        await this.writeSidecar(dir, name, sidecar);
        if (previous !== null && previous.version !== version) await rm(join(dir, `${name}~${previous.version}${CONTENT_SUFFIX}`), { force: true });
      });
    } catch (error) {
      await rm(contentPath, { force: true });
      throw error;
    }
    return toProperties(key, sidecar);
  }

  async get(key: string, range?: { start: number; end: number }): Promise<BlobRead | null> {
    assertBlobKey(key);
    const { dir, name } = this.locate(key);
    // A concurrent put may replace the version between reading the sidecar and opening it: read again.
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt += 1) {
      const sidecar = await this.readSidecar(dir, name);
      if (sidecar === null) return null;
      const bounds = range === undefined ? undefined : resolveRange(range, sidecar.sizeBytes);
      let handle: FileHandle;
      try {
        handle = await open(join(dir, `${name}~${sidecar.version}${CONTENT_SUFFIX}`), 'r');
      } catch (error) {
        if (codeOf(error) === 'ENOENT') continue;
        throw error;
      }
      // The open handle keeps this version readable even if a later put unlinks it.
      const stream = handle.createReadStream(bounds === undefined ? {} : { start: bounds.start, end: bounds.end });
      return { stream, properties: toProperties(key, sidecar) };
    }
    throw new Error('blob kept changing while it was being opened');
  }

  async head(key: string): Promise<BlobProperties | null> {
    assertBlobKey(key);
    const { dir, name } = this.locate(key);
    const sidecar = await this.readSidecar(dir, name);
    return sidecar === null ? null : toProperties(key, sidecar);
  }

  async delete(key: string): Promise<boolean> {
    assertBlobKey(key);
    const { dir, name } = this.locate(key);
    return this.exclusive(key, async () => {
      const sidecar = await this.readSidecar(dir, name);
      if (sidecar === null) return false;
      await rm(join(dir, `${name}${SIDECAR_SUFFIX}`), { force: true });
      await syncDirectory(dir);
      await rm(join(dir, `${name}~${sidecar.version}${CONTENT_SUFFIX}`), { force: true });
      return true;
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertDeletePrefix(prefix);
    let deleted = 0;
    for (const key of await this.list(prefix)) if (await this.delete(key)) deleted += 1;
    await removeEmptyDirectories(this.locateDirectory(prefix.slice(0, -1)));
    return deleted;
  }

  async list(prefix: string): Promise<string[]> {
    assertBlobPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const keyDirectory = prefix.slice(0, slash + 1);
    const start = keyDirectory === '' ? this.root : this.locateDirectory(keyDirectory.slice(0, -1));
    const keys: string[] = [];
    await collectKeys(start, keyDirectory, prefix.slice(slash + 1), keys);
    return keys.sort(compareKeys);
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      await access(this.root, constants.R_OK | constants.W_OK);
      return { filesystem: { up: true } };
    } catch (error) {
      return { filesystem: { up: false, detail: describeError(error) } };
    }
  }

  /** Removes temp files and content versions no sidecar names, when older than the grace period. */
  async sweepUncommitted(graceMs: number): Promise<number> {
    const cutoff = Date.now() - graceMs;
    let removed = 0;
    const visit = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const current = new Map<string, string | null>();
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          await visit(path);
          continue;
        }
        const tilde = entry.name.indexOf('~');
        if (!entry.isFile() || tilde < 0 || entry.name.endsWith(SIDECAR_SUFFIX)) continue;
        const name = entry.name.slice(0, tilde);
        const isTemp = entry.name.slice(tilde).startsWith(TEMP_MARK);
        if (!isTemp) {
          if (!current.has(name)) current.set(name, (await this.readSidecar(dir, name).catch(() => null))?.version ?? null);
          if (entry.name === `${name}~${current.get(name)}${CONTENT_SUFFIX}`) continue;
        }
        const modified = await stat(path).then((stats) => stats.mtimeMs, () => Number.POSITIVE_INFINITY);
        if (modified <= cutoff) {
          await rm(path, { force: true });
          removed += 1;
        }
      }
    };
    await visit(this.root);
    return removed;
  }

  /** The directory and file-name stem of a key, proven to lie under the root. */
  private locate(key: string): { dir: string; name: string } {
    const slash = key.lastIndexOf('/');
    const dir = slash < 0 ? this.root : this.locateDirectory(key.slice(0, slash));
    return { dir, name: key.slice(slash + 1) };
  }

  private locateDirectory(keyPath: string): string {
    const dir = resolve(this.root, ...keyPath.split('/'));
    if (!dir.startsWith(this.root + sep)) throw new DomainError('VALIDATION_FAILED', 'invalid blob key');
    return dir;
  }

  /** Creates the version file; retries when a concurrent deletePrefix removed the emptied directory meanwhile. */
  private async createExclusive(dir: string, path: string): Promise<FileHandle> {
    for (let attempt = 1; ; attempt += 1) {
      await mkdir(dir, { recursive: true });
      try {
        return await open(path, 'wx');
      } catch (error) {
        if (codeOf(error) !== 'ENOENT' || attempt >= PUT_ATTEMPTS) throw error;
      }
    }
  }

  private async readSidecar(dir: string, name: string): Promise<Sidecar | null> {
    try {
      return JSON.parse(await readFile(join(dir, `${name}${SIDECAR_SUFFIX}`), 'utf8')) as Sidecar;
    } catch (error) {
      if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return null;
      throw error;
    }
  }

  private async writeSidecar(dir: string, name: string, sidecar: Sidecar): Promise<void> {
    const temp = join(dir, `${name}${TEMP_MARK}${randomBytes(8).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(JSON.stringify(sidecar), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(dir, `${name}${SIDECAR_SUFFIX}`));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
  }

  /** Runs `work` after every earlier piece of work on the same key has settled. */
  private exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(key, work);
  }
}

function toProperties(key: string, sidecar: Sidecar): BlobProperties {
  return { key, sizeBytes: sidecar.sizeBytes, contentType: sidecar.contentType, metadata: { ...sidecar.metadata }, lastModified: sidecar.lastModified };
}

async function collectKeys(dir: string, keyDirectory: string, namePrefix: string, keys: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.name.startsWith(namePrefix)) continue;
    if (entry.isDirectory() && !entry.name.includes('~')) {
      await collectKeys(join(dir, entry.name), `${keyDirectory}${entry.name}/`, '', keys);
    } else if (entry.isFile() && entry.name.endsWith(SIDECAR_SUFFIX) && entry.name.indexOf('~') === entry.name.length - SIDECAR_SUFFIX.length) {
      keys.push(`${keyDirectory}${entry.name.slice(0, -SIDECAR_SUFFIX.length)}`);
    }
  }
}

/** Removes `dir` and its subdirectories where they are empty; a directory something was written to meanwhile stays. */
async function removeEmptyDirectories(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
  if (entries === null) return;
  for (const entry of entries) if (entry.isDirectory()) await removeEmptyDirectories(join(dir, entry.name));
  await rmdir(dir).catch(() => undefined);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
