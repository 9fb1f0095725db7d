import { PROCESSING_FAILURE_REASONS, ProcessingFailure, type ProcessingFailureReason } from '../processing-failure.js';
import { SandboxFailure } from '../sandbox/index.js';

const isReason = (value: string | undefined): value is ProcessingFailureReason => PROCESSING_FAILURE_REASONS.includes(value as ProcessingFailureReason);

/**
 * Rethrows a sandbox failure in terms of the document (a parser that crashed or threw could not read
 * it). Anything else (a full disk, a bug) is rethrown as it is, so the caller can retry the job.
 */
export function rethrowForDocument(error: unknown, what: string): never {
  throw asProcessingFailure(error, what);
}

function asProcessingFailure(error: unknown, what: string): unknown {
  if (error instanceof ProcessingFailure) return error;
  if (error instanceof SandboxFailure) {
    switch (error.reason) {
      case 'TIMEOUT':
        return new ProcessingFailure('TIMEOUT', `${what} took too long`, { cause: error });
      case 'OUT_OF_MEMORY':
        return new ProcessingFailure('OUT_OF_MEMORY', `${what} ran out of memory`, { cause: error });
      case 'CRASHED':
        return new ProcessingFailure('CORRUPT', `${what} crashed on this document`, { cause: error });
      case 'WORKER_ERROR': {
        const reason = error.detail?.reason;
        if (isReason(reason)) return new ProcessingFailure(reason, error.message, { cause: error });
        if (error.detail?.name === 'RangeError' && /call stack/i.test(error.message)) {
          return new ProcessingFailure('CORRUPT', `${what} gave up on a too deeply nested document`, { cause: error });
        }
        return new ProcessingFailure('CORRUPT', `${what} could not read this document`, { cause: error });
      }
    }
  }
  return error;
}
