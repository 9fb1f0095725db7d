/**
 * Sandbox worker: checks a ZIP-based office document before LibreOffice opens it. Refuses damaged
 * archives (CORRUPT: a central directory that does not match the file), archives whose entries declare,
 * or actually inflate to, more than the budget (zip bombs, TOO_LARGE), and archives with too many
 * entries. Inflation is streamed and counted, never kept.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { ProcessingFailure } from '../processing-failure.js';

export interface ZipGuardInput {
  readonly inputPath: string;
  readonly maxUncompressedBytes: number;
  readonly maxEntries: number;
}

export interface ZipGuardOutput {
  readonly entries: number;
  readonly uncompressedBytes: number;
}

export default async function guardZip(input: ZipGuardInput): Promise<ZipGuardOutput> {
  const bytes = await readFile(input.inputPath);
  checkStructure(bytes);
  const declared = declaredSizes(bytes, input);
  const actual = await inflatedSizes(input);
  return { entries: Math.max(declared.entries, actual.entries), uncompressedBytes: actual.uncompressedBytes };
}

/** Deflate cannot expand a byte more than about 1032-fold: a declared size beyond that is a damaged entry, not a bomb. */
const MAX_DEFLATE_RATIO = 1032;
const ZIP64_MARK = 0xffffffff;

const corrupt = (why: string) => new ProcessingFailure('CORRUPT', `the archive is damaged: ${why}`);

/**
 * The central directory must describe this file (sizes and counts are believed only then): every entry
 * inside the directory, each pointing at a local header, sizes within the file, the count as declared.
 * A truncated file, a mangled directory or garbage after the `PK` header fails here as CORRUPT.
 */
function checkStructure(bytes: Buffer): void {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length) throw corrupt('no end of central directory (truncated?)');
  const count = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === ZIP64_MARK || directoryOffset === ZIP64_MARK) return; // ZIP64: fflate judges
  if (directoryOffset + directorySize > eocd) throw corrupt('the central directory lies outside the file');
  if (count * 46 > directorySize) throw corrupt(`the directory cannot hold the ${count} entries it declares`);
  let position = directoryOffset;
  let compressedTotal = 0;
  for (let entry = 0; entry < count; entry += 1) {
    if (position + 46 > directoryOffset + directorySize || bytes.readUInt32LE(position) !== 0x02014b50) throw corrupt(`central directory entry ${entry + 1} is unreadable`);
    const method = bytes.readUInt16LE(position + 10);
    const compressed = bytes.readUInt32LE(position + 20);
    const original = bytes.readUInt32LE(position + 24);
    const localOffset = bytes.readUInt32LE(position + 42);
    const zip64 = compressed === ZIP64_MARK || original === ZIP64_MARK || localOffset === ZIP64_MARK;
    if (!zip64) {
      if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== 0x04034b50) throw corrupt(`entry ${entry + 1} points at no local header`);
      compressedTotal += compressed;
      if (compressedTotal > bytes.length) throw corrupt('entries declare more compressed data than the file holds');
      if (method === 0 && original !== compressed) throw corrupt(`stored entry ${entry + 1} declares two different sizes`);
      if (method === 8 && original > compressed * MAX_DEFLATE_RATIO + 1024) throw corrupt(`entry ${entry + 1} declares a size deflate cannot produce`);
    }
    position += 46 + bytes.readUInt16LE(position + 28) + bytes.readUInt16LE(position + 30) + bytes.readUInt16LE(position + 32);
  }
}

function declaredSizes(bytes: Uint8Array, input: ZipGuardInput): ZipGuardOutput {
  let entries = 0;
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        total += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `the archive could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  if (entries > input.maxEntries) throw new ProcessingFailure('TOO_LARGE', `the archive has more than ${input.maxEntries} entries`);
  if (total > input.maxUncompressedBytes) throw new ProcessingFailure('TOO_LARGE', `the archive declares ${total} bytes uncompressed, over ${input.maxUncompressedBytes}`);
  return { entries, uncompressedBytes: total };
}

function inflatedSizes(input: ZipGuardInput): Promise<ZipGuardOutput> {
  return new Promise<ZipGuardOutput>((resolve, reject) => {
    let entries = 0;
    let total = 0;
    let failed = false;
    const fail = (error: ProcessingFailure) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    const unzip = new Unzip((file) => {
      entries += 1;
      if (entries > input.maxEntries) return fail(new ProcessingFailure('TOO_LARGE', `the archive has more than ${input.maxEntries} entries`));
      file.ondata = (error, chunk) => {
        if (error) return fail(new ProcessingFailure('CORRUPT', 'an archive entry could not be inflated'));
        total += chunk.length;
        if (total > input.maxUncompressedBytes) {
          file.terminate();
          fail(new ProcessingFailure('TOO_LARGE', `the archive inflates to more than ${input.maxUncompressedBytes} bytes`));
        }
      };
      try {
        file.start();
      } catch {
        fail(new ProcessingFailure('CORRUPT', 'an archive entry uses an unsupported compression method'));
      }
    });
    unzip.register(UnzipInflate);
    // small reads: deflate can expand a chunk about 1000-fold, and each chunk inflates at once
    const stream = createReadStream(input.inputPath, { highWaterMark: 16 * 1024 });
    stream.on('data', (chunk) => {
      if (failed) return;
      try {
        unzip.push(chunk as Buffer);
      } catch {
        fail(new ProcessingFailure('CORRUPT', 'the archive could not be inflated'));
      }
    });
    stream.on('end', () => {
      if (failed) return;
      try {
        unzip.push(new Uint8Array(0), true);
      } catch {
        return fail(new ProcessingFailure('CORRUPT', 'the archive could not be inflated'));
      }
      resolve({ entries, uncompressedBytes: total });
    });
    stream.on('error', () => fail(new ProcessingFailure('CORRUPT', 'the archive could not be read')));
  });
}
