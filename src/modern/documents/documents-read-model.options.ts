/** Options of the documents read model; every one has a default. */
export interface DocumentsReadModelOptions {
  /** A case's documents are refreshed from the legacy CMS when older than this. Default 5 minutes. */
  readonly maxAgeMs?: number;
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
}

export const DOCUMENTS_READ_MODEL_OPTIONS = Symbol('DocumentsReadModelOptions');

export const DEFAULT_DOCUMENTS_MAX_AGE_MS = 5 * 60_000;
