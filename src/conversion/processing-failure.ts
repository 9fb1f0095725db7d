/** Why a document could not be processed. Stable strings: trackers store them and clients read them. */
export const PROCESSING_FAILURE_REASONS = [
  'ENCRYPTED',
  'PASSWORD_PROTECTED',
  'CORRUPT',
  'UNSUPPORTED_TYPE',
  'CONVERTER_UNAVAILABLE',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'TOO_LARGE',
  'EXTRACTION_FAILED',
  'OCR_FAILED',
] as const;

export type ProcessingFailureReason = (typeof PROCESSING_FAILURE_REASONS)[number];

/** One document failed for a known reason; the service carries on with the next. */
export class ProcessingFailure extends Error {
  constructor(
    readonly reason: ProcessingFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProcessingFailure';
  }
}

export const isProcessingFailure = (error: unknown): error is ProcessingFailure => error instanceof ProcessingFailure;
