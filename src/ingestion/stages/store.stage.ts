import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobProperties, BlobStore } from '../../storage/blob/blob-store.port.js';

/** Stage: commits a file to the BlobStore (atomic: readers see all of it or nothing). */
export function storeFile(blobs: BlobStore, key: string, path: string, contentType: string, metadata: Record<string, string> = {}): Promise<BlobProperties> {
  return blobs.put(key, createReadStream(path), { contentType, metadata });
}

export function storeJson(blobs: BlobStore, key: string, value: unknown): Promise<BlobProperties> {
  return blobs.put(key, Readable.from([Buffer.from(JSON.stringify(value))]), { contentType: 'application/json' });
}

/** Copies a stored blob to a local file (for a program that needs a path); false when absent. */
export async function loadToFile(blobs: BlobStore, key: string, path: string): Promise<boolean> {
  const blob = await blobs.get(key);
  if (blob === null) return false;
  await pipeline(blob.stream, createWriteStream(path));
  return true;
}

export async function loadJson<T>(blobs: BlobStore, key: string): Promise<T | null> {
  const blob = await blobs.get(key);
  if (blob === null) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}
