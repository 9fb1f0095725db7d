/**
 * Sandbox worker: checks a ZIP-based office document before LibreOffice opens it. Refuses archives
 * whose entries declare, or actually inflate to, more than the budget (zip bombs), and archives with
 * too many entries. Inflation is streamed and counted, never kept.
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
  const declared = declaredSizes(await readFile(input.inputPath), input);
  const actual = await inflatedSizes(input);
  return { entries: Math.max(declared.entries, actual.entries), uncompressedBytes: actual.uncompressedBytes };
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
