/**
 * Tokens that refill at `ratePerSecond` up to `capacity`. Used as the retry budget (each call
 * earns a fraction of a retry) and as the rate cap toward the legacy CMS. Per instance.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly capacity: number,
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
  }

  /** Adds tokens (the retry budget's deposit per call). */
  deposit(amount: number): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }

  /** Takes one token when there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 when one is). */
  msUntilToken(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return this.ratePerSecond > 0 ? Math.ceil(((1 - this.tokens) * 1_000) / this.ratePerSecond) : Number.POSITIVE_INFINITY;
  }

  private refill(): void {
    const now = this.now();
    if (this.ratePerSecond > 0 && now > this.refilledAt) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1_000) * this.ratePerSecond);
    this.refilledAt = now;
  }
}
