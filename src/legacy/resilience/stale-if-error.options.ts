/** What tests may change of stale-if-error without touching the config (a steerable clock). */
export const STALE_IF_ERROR_OPTIONS = Symbol('StaleIfErrorOptions');

export interface StaleIfErrorOptions {
  /** Epoch ms; ages of last good answers are measured with it. */
  readonly now?: () => number;
}
