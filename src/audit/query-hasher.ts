import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Keyed hash (HMAC-SHA256) of what users search for: the same query by the same key gives the same hash, so
 * an auditor can ask "who searched for X" (hashing X with the key) while the store never holds X in clear,
 * and a dictionary attack needs the key.
 */
export class QueryHasher {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: string): QueryHasher {
    return new QueryHasher(Buffer.from(key, 'utf8'));
  }

  /**
   * The key kept in `keyFile` (embedded/dev mode): read when it is there, else made and written (0600, a
   * temporary file then a link, so two starting processes agree on one key).
   */
  static async fromKeyFile(keyFile: string): Promise<QueryHasher> {
    try {
      return QueryHasher.fromKey((await readFile(keyFile, 'utf8')).trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    const temporary = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, randomBytes(32).toString('base64url'), { mode: 0o600 });
    try {
      await link(temporary, keyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary);
    }
    return QueryHasher.fromKey((await readFile(keyFile, 'utf8')).trim());
  }

  /** `hmac-sha256:<hex>` of the query as sent. */
  hash(query: string): string {
    return `hmac-sha256:${createHmac('sha256', this.key).update(query, 'utf8').digest('hex')}`;
  }
}
