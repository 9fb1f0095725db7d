import { createHmac } from 'node:crypto';
import { readOrCreateKeyFile } from '../common/generated-key-file.js';

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
   * The key kept in `keyFile` (embedded/dev mode), made on first use.
   */
  static async fromKeyFile(keyFile: string): Promise<QueryHasher> {
    return QueryHasher.fromKey(await readOrCreateKeyFile(keyFile, 'base64url'));
  }

  /** `hmac-sha256:<hex>` of the query as sent. */
  hash(query: string): string {
    return `hmac-sha256:${createHmac('sha256', this.key).update(query, 'utf8').digest('hex')}`;
  }
}
