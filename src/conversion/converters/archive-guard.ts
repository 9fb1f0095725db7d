import type { ZipGuardInput, ZipGuardOutput } from '../workers/zip-guard.worker.js';
import type { ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

/** The zip-bomb and damage check, in a sandbox worker: throws TOO_LARGE or CORRUPT, or returns. */
export async function guardArchive(inputPath: string, context: ConverterContext): Promise<void> {
  try {
    await context.pool.run<ZipGuardInput, ZipGuardOutput>(
      new URL('../workers/zip-guard.worker.js', import.meta.url),
      { inputPath, maxUncompressedBytes: context.options.maxZipUncompressedBytes, maxEntries: context.options.maxZipEntries },
      context.options.workerLimits,
    );
  } catch (error) {
    rethrowForDocument(error, 'the archive check');
  }
}
