import type { ErrorCode } from './error-codes.js';

/** A transport-neutral failure. Services and adapters throw these, never HTTP exceptions. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, non-personal facts a client may act on (e.g. who holds a check-out). */
    readonly details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
