import { DomainError } from '../../common/domain-error.js';
import { BLOB_KEY_PATTERN, type BlobWrite } from './blob-store.port.js';

/** Shared by the adapters so that they accept and refuse exactly the same keys, prefixes, metadata and ranges. */

const MAX_KEY_LENGTH = 1024;
const METADATA_KEY_PATTERN = /^[a-z_][a-z0-9_]{0,63}$/;
const MAX_METADATA_BYTES = 4096;
const CONTENT_TYPE_PATTERN = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

const invalid = (message: string): DomainError => new DomainError('VALIDATION_FAILED', message);

/** Only the shape is reported back, never the key itself (keys may carry case ids). */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !BLOB_KEY_PATTERN.test(key)) throw invalid('invalid blob key');
}

/** '' (everything) or a key, optionally ending in '/'; list matches it as a plain string prefix. */
export function assertBlobPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw invalid('invalid blob prefix');
  if (prefix === '') return;
  assertBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** deletePrefix takes whole segments only, never '' (that would be everything). */
export function assertDeletePrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !prefix.endsWith('/')) throw invalid('a delete prefix is one or more whole segments ending in "/"');
  assertBlobKey(prefix.slice(0, -1));
}

export function assertBlobWrite(write: BlobWrite): Readonly<Record<string, string>> {
  if (typeof write.contentType !== 'string' || !CONTENT_TYPE_PATTERN.test(write.contentType)) throw invalid('invalid blob content type');
  const metadata = write.metadata ?? {};
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!METADATA_KEY_PATTERN.test(name)) throw invalid('blob metadata keys are lower-case letters, digits and "_"');
    if (typeof value !== 'string') throw invalid('blob metadata values are strings');
    bytes += name.length + Buffer.byteLength(value, 'utf8');
  }
  if (bytes > MAX_METADATA_BYTES) throw invalid(`blob metadata exceeds ${MAX_METADATA_BYTES} bytes`);
  return { ...metadata };
}

/** An inclusive range clamped to the blob; a range starting past the end is not satisfiable. */
export function resolveRange(range: { start: number; end: number }, sizeBytes: number): { start: number; end: number } {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) throw invalid('invalid byte range');
  if (start >= sizeBytes) throw new DomainError('RANGE_NOT_SATISFIABLE', 'range starts past the end of the blob', { sizeBytes });
  return { start, end: Math.min(end, sizeBytes - 1) };
}

export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error';
}
