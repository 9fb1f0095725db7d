/**
 * A clock for code with a `now` seam (the stand-in's sessions and rate limits, for instance): it follows
 * the real clock until a test freezes it, then moves only when the test advances it. A test that needs
 * "these calls land within the same second" or "this session has expired" says so, instead of hoping
 * the machine is fast enough or sleeping.
 */
export class SteerableClock {
  private frozenAt: number | null = null;

  /** Epoch ms; pass it as the `now` option. */
  readonly now = (): number => this.frozenAt ?? Date.now();

  /** Stops time where it is (a no-op when already frozen). */
  freeze(): void {
    this.frozenAt ??= Date.now();
  }

  /** Moves frozen time on (freezing it first). */
  advance(ms: number): void {
    this.freeze();
    this.frozenAt = (this.frozenAt ?? Date.now()) + ms;
  }

  /** Follows the real clock again. */
  release(): void {
    this.frozenAt = null;
  }
}
