import type { Readable } from 'node:stream';

/**
 * Document bytes and derived artefacts (original, PDF, text JSON). Keys are '/'-separated
 * paths of safe segments (see BLOB_KEY_PATTERN); adapters reject anything else, so no user
 * text ever becomes a file path. A put is atomic: readers see the old blob or the whole new
 * one, never a part.
 */
export const BLOB_STORE = Symbol('BlobStore');

/** Segments of letters, digits, '.', '_', '-' (not '.' or '..'), joined by '/'. */
export const BLOB_KEY_PATTERN = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export interface BlobProperties {
  readonly key: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** ISO-8601. */
  readonly lastModified: string;
}

export interface BlobWrite {
  readonly contentType: string;
  /** Small string metadata (keys: lower-case letters, digits, '_'). */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface BlobRead {
  readonly stream: Readable;
  readonly properties: BlobProperties;
}

export interface BlobStore {
  /** Streams `content` into `key`, committing only when the whole stream arrived. */
  put(key: string, content: Readable, write: BlobWrite): Promise<BlobProperties>;
  /** Null when absent. `range` is inclusive. */
  get(key: string, range?: { start: number; end: number }): Promise<BlobRead | null>;
  head(key: string): Promise<BlobProperties | null>;
  delete(key: string): Promise<boolean>;
  /** Deletes every blob whose key starts with `prefix` (a whole-segment prefix ending in '/'); answers how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Keys under a prefix, ascending. */
  list(prefix: string): Promise<string[]>;
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
}
