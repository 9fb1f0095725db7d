/** Options of the notes read model; every one has a default. */
export interface NotesReadModelOptions {
  /** A case's notes are refreshed from the legacy CMS when older than this. Default 5 minutes. */
  readonly maxAgeMs?: number;
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
}

export const NOTES_READ_MODEL_OPTIONS = Symbol('NotesReadModelOptions');

export const DEFAULT_NOTES_MAX_AGE_MS = 5 * 60_000;
