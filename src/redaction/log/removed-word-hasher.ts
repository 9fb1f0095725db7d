import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readOrCreateKeyFile } from '../../common/generated-key-file.js';

/** HMAC-SHA256 truncated to 128 bits: enough to prove a word, small enough for thousands per log entry. */
export const REMOVED_WORD_HASH_ALGORITHM = 'hmac-sha256-128';
/** Distinct words hashed per entry at most (a StateStore entity holds < 1 MB); beyond it the entry says `truncated`. */
export const MAX_HASHED_WORDS = 10_000;

/** What the redaction log keeps of the removed words: keyed, salted hashes of each distinct word, and how often it was removed. */
export interface RemovedWordHashes {
  readonly algorithm: string;
  /** Which key hashed them (a fingerprint, not the key): a rotated key cannot prove old entries. */
  readonly keyId: string;
  /** Per entry, base64url of 16 random bytes. */
  readonly salt: string;
  /** Hex, sorted (no reading order is kept). */
  readonly hashes: readonly string[];
  /** How many removed words had each hash, in the order of `hashes`. */
  readonly counts: readonly number[];
  readonly wordCount: number;
  readonly truncated: boolean;
}

export interface CandidateProof {
  readonly matched: boolean;
  /** Times a word equal to the candidate (normalised) was removed. */
  readonly occurrences: number;
}

/**
 * A word as it is hashed and proved: Unicode NFKC, case-folded, without leading or trailing punctuation
 * (`"Smith,"` and `smith` are one word). Empty when nothing is left.
 */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/**
 * Keyed (per deployment: REDACTION_LOG_HASH_KEY) and salted (per entry) hashes of removed words, so the log can
 * prove that a candidate word was removed without storing it, and a dictionary attack needs the key.
 */
export class RemovedWordHasher {
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update('redaction-log-word-key:').update(key).digest('hex').slice(0, 12);
  }

  static fromKey(base64: string): RemovedWordHasher {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error('REDACTION_LOG_HASH_KEY must be base64 of 32 bytes');
    return new RemovedWordHasher(key);
  }

  /** Embedded mode: the key kept in `keyFile` (0600), made on first use. */
  static async fromKeyFile(keyFile: string): Promise<RemovedWordHasher> {
    return RemovedWordHasher.fromKey(await readOrCreateKeyFile(keyFile, 'base64'));
  }

  static newSalt(): string {
    return randomBytes(16).toString('base64url');
  }

  hashWord(word: string, salt: string): string {
    return createHmac('sha256', this.key).update(salt, 'utf8').update('\u0000').update(normaliseWord(word), 'utf8').digest('hex').slice(0, 32);
  }

  hashAll(words: readonly string[], salt: string = RemovedWordHasher.newSalt()): RemovedWordHashes {
    const counts = new Map<string, number>();
    let wordCount = 0;
    for (const word of words) {
      if (normaliseWord(word) === '') continue;
      wordCount += 1;
      const hash = this.hashWord(word, salt);
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
    }
    const sorted = [...counts.keys()].sort();
    const kept = sorted.slice(0, MAX_HASHED_WORDS);
    return {
      algorithm: REMOVED_WORD_HASH_ALGORITHM,
      keyId: this.keyId,
      salt,
      hashes: kept,
      counts: kept.map((hash) => counts.get(hash)!),
      wordCount,
      truncated: sorted.length > kept.length,
    };
  }

  /** Null when the entry was hashed with another key (or algorithm): it cannot be proved with this one. */
  prove(entry: RemovedWordHashes, candidates: readonly string[]): CandidateProof[] | null {
    if (entry.keyId !== this.keyId || entry.algorithm !== REMOVED_WORD_HASH_ALGORITHM) return null;
    const index = new Map(entry.hashes.map((hash, position) => [hash, entry.counts[position] ?? 0]));
    return candidates.map((candidate) => {
      const occurrences = normaliseWord(candidate) === '' ? 0 : (index.get(this.hashWord(candidate, entry.salt)) ?? 0);
      return { matched: occurrences > 0, occurrences };
    });
  }
}
