import { PROCESSING_FAILURE_REASONS, ProcessingFailure, isProcessingFailure, type ProcessingFailureReason } from '../processing-failure.js';
import { isSandboxFailure } from '../sandbox/index.js';

const isReason = (value: unknown): value is ProcessingFailureReason =>
  typeof value === 'string' && (PROCESSING_FAILURE_REASONS as readonly string[]).includes(value);

/** Turns whatever a sandboxed job threw into the document's ProcessingFailure. */
export function toProcessingFailure(error: unknown, fallback: ProcessingFailureReason, what: string): ProcessingFailure {
  if (isProcessingFailure(error)) return error;
  if (isSandboxFailure(error)) {
    switch (error.reason) {
      case 'TIMEOUT':
        return new ProcessingFailure('TIMEOUT', `${what} took too long`, { cause: error });
      case 'OUT_OF_MEMORY':
        return new ProcessingFailure('OUT_OF_MEMORY', `${what} ran out of memory`, { cause: error });
      case 'WORKER_ERROR':
        return new ProcessingFailure(isReason(error.detail?.reason) ? error.detail.reason : fallback, `${what} failed: ${error.message}`, { cause: error });
      case 'CRASHED':
        return new ProcessingFailure(fallback, `${what} crashed`, { cause: error });
    }
  }
  return new ProcessingFailure(fallback, `${what} failed`, { cause: error });
}
