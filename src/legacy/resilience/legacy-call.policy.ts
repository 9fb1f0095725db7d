import { BulkheadRejectedError, BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, bulkhead, circuitBreaker, handleWhen, type BulkheadPolicy, type CircuitBreakerPolicy, type IBackoff } from 'cockatiel';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import type { LegacyResilienceConfig } from '../../config/app-config.js';
import { legacyDeadlineAt } from './legacy-deadline.js';
import type { BreakerState, LegacyInterface, LegacyResilienceMetrics, RejectionReason } from './legacy-resilience.metrics.js';
import { TokenBucket } from './token-bucket.js';

export interface BreakerReport {
  readonly state: BreakerState;
  /** While open: seconds until a probe call is let through. */
  readonly retryAfterSeconds?: number;
}

export interface LegacyCallPolicyOptions {
  readonly legacyInterface: LegacyInterface;
  /** The ceiling of one call (LEGACY_TIMEOUT_MS); a call gets less when the request's budget has less left. */
  readonly perCallTimeoutMs: number;
  readonly config: LegacyResilienceConfig;
  readonly metrics: LegacyResilienceMetrics;
  /** Epoch ms. The breaker (cockatiel) reads Date.now itself: tests fake Date, not only this. */
  readonly now?: () => number;
}

/**
 * What the breaker counts as a failure: the legacy CMS did not answer in time (cut by the budget
 * or not), could not be reached, or answered 5xx. Only real calls reach the breaker, never our refusals.
 */
const isOutage = (error: unknown): boolean => isDomainError(error) && (error.code === 'LEGACY_UNAVAILABLE' || error.code === 'LEGACY_TIMEOUT');

/**
 * A read is sent again only after a failure that may pass quickly: unreachable, reset, 5xx (not our
 * refusals). Not after a timeout: a slow legacy CMS gets no extra load, and the budget is mostly spent.
 */
const isTransient = (error: unknown): boolean => isDomainError(error) && error.code === 'LEGACY_UNAVAILABLE' && error.details.reason === undefined;

class AbandonedInQueue extends Error {}

/**
 * Every call to one legacy interface (SOAP, GraphQL or the file store) passes here, in this order:
 * the request's deadline (no time left: refused at once), the breaker's state (open or probing:
 * refused at once), the bulkhead (a capped number of calls at a time, a short queue), the rate
 * cap, then the call with timeout = min(per-call timeout, time left) inside the breaker. Reads
 * that fail transiently are sent again after a jittered exponential backoff while the deadline
 * and the retry budget allow; writes never. Breaker and bulkhead are cockatiel's; their state is
 * this instance's own (ADR 0013).
 */
export class LegacyCallPolicy {
  readonly legacyInterface: LegacyInterface;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly backoff: ExponentialBackoff<unknown>;
  private readonly retryBudget: TokenBucket;
  private readonly rate: TokenBucket | null;
  private readonly now: () => number;
  private openedAt = 0;

  constructor(private readonly options: LegacyCallPolicyOptions) {
    const { config, metrics } = options;
    this.legacyInterface = options.legacyInterface;
    this.now = options.now ?? (() => Date.now());
    this.breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: config.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(config.breaker.consecutiveFailures),
    });
    this.breaker.onStateChange((state) => {
      if (state === CircuitState.Open) this.openedAt = this.now();
      metrics.breaker(this.legacyInterface, this.breakerState);
    });
    this.bulkhead = bulkhead(config.bulkhead.concurrency, config.bulkhead.queue);
    this.backoff = new ExponentialBackoff({ initialDelay: config.retry.baseDelayMs, maxDelay: config.retry.maxDelayMs });
    this.retryBudget = new TokenBucket(config.retry.budgetBurst, 0, this.now);
    const rate = config.bulkhead.ratePerSecond;
    this.rate = rate > 0 ? new TokenBucket(Math.max(1, rate), rate, this.now) : null;
  }

  get breakerState(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
    }
  }

  report(): BreakerReport {
    const state = this.breakerState;
    return state === 'open' ? { state, retryAfterSeconds: this.retryAfterSeconds() } : { state };
  }

  /** Runs one legacy call under the policy; `call` gets its timeout in ms. Rejects with DomainErrors. */
  async run<T>(idempotent: boolean, call: (timeoutMs: number) => Promise<T>): Promise<T> {
    const { config, metrics } = this.options;
    const deadline = legacyDeadlineAt(config.requestBudgetMs, config.backgroundBudgetMs, this.now());
    this.retryBudget.deposit(config.retry.budgetRatio);
    let backoff: IBackoff<unknown> | undefined;
    for (let retry = 0; ; retry += 1) {
      try {
        return await this.once(call, deadline);
      } catch (error) {
        if (!idempotent || retry >= config.retry.maxRetries || !isTransient(error)) throw error;
        backoff = backoff === undefined ? this.backoff.next() : backoff.next(undefined);
        if (backoff.duration >= deadline - this.now()) throw error;
        if (!this.retryBudget.take()) {
          metrics.retryRefused(this.legacyInterface);
          throw error;
        }
        metrics.retried(this.legacyInterface);
        await sleep(backoff.duration);
      }
    }
  }

  private async once<T>(call: (timeoutMs: number) => Promise<T>, deadline: number): Promise<T> {
    this.timeLeft(deadline);
    this.refuseWhileOpen();
    if (this.bulkhead.executionSlots > 0) return this.inBulkhead(call, deadline, () => false);
    let abandoned = false;
    const execution = this.inBulkhead(call, deadline, () => abandoned);
    const waitMs = Math.min(this.options.config.bulkhead.queueWaitMs, deadline - this.now());
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(this.refusal('bulkhead-full', 1));
      }, waitMs);
    });
    execution.catch(() => undefined);
    try {
      return await Promise.race([execution, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async inBulkhead<T>(call: (timeoutMs: number) => Promise<T>, deadline: number, abandoned: () => boolean): Promise<T> {
    try {
      return await this.bulkhead.execute(async () => {
        if (abandoned()) throw new AbandonedInQueue();
        await this.throttle(deadline);
        const timeoutMs = this.timeLeft(deadline);
        this.refuseWhileOpen();
        // Checked and entered in one tick: only one call at a time becomes the half-open probe.
        return this.breaker.execute(() => this.timed(call, timeoutMs));
      });
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw this.refusal('bulkhead-full', 1);
      if (error instanceof BrokenCircuitError) throw this.refusal('circuit-open', this.retryAfterSeconds());
      throw error;
    }
  }

  /** The call with timeout = min(per-call timeout, time left); a timeout the budget cut is deadline-exceeded. */
  private async timed<T>(call: (timeoutMs: number) => Promise<T>, timeLeftMs: number): Promise<T> {
    const cut = timeLeftMs < this.options.perCallTimeoutMs;
    try {
      return await call(Math.min(this.options.perCallTimeoutMs, timeLeftMs));
    } catch (error) {
      if (cut && isDomainError(error) && error.code === 'LEGACY_TIMEOUT') {
        this.options.metrics.deadlineExhausted(this.legacyInterface);
        // Still an outage to the breaker: a hung legacy CMS is seen through cut calls too.
        throw new DomainError('LEGACY_TIMEOUT', `${error.message} within the request's budget`, { reason: 'deadline-exceeded', legacyInterface: this.legacyInterface }, { cause: error });
      }
      throw error;
    }
  }

  /** Milliseconds left before the deadline; none left: LEGACY_TIMEOUT (deadline-exceeded) without calling. */
  private timeLeft(deadline: number): number {
    const left = deadline - this.now();
    if (left > 0) return left;
    this.options.metrics.deadlineExhausted(this.legacyInterface);
    throw new DomainError('LEGACY_TIMEOUT', 'the request spent its budget for legacy CMS calls', { reason: 'deadline-exceeded', legacyInterface: this.legacyInterface });
  }

  private refuseWhileOpen(): void {
    const state = this.breaker.state;
    if (state === CircuitState.HalfOpen) throw this.refusal('circuit-open', 1);
    if ((state === CircuitState.Open || state === CircuitState.Isolated) && this.retryAfterMs() > 0) throw this.refusal('circuit-open', this.retryAfterSeconds());
  }

  private async throttle(deadline: number): Promise<void> {
    if (this.rate === null || this.rate.take()) return;
    const waitMs = this.rate.msUntilToken();
    if (waitMs > Math.min(this.options.config.bulkhead.queueWaitMs, deadline - this.now())) throw this.refusal('rate-limited', Math.max(1, Math.ceil(waitMs / 1_000)));
    await sleep(waitMs);
    if (!this.rate.take()) throw this.refusal('rate-limited', 1);
  }

  private retryAfterMs(): number {
    return Math.max(0, this.openedAt + this.options.config.breaker.halfOpenAfterMs - this.now());
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs() / 1_000));
  }

  private refusal(reason: RejectionReason, retryAfterSeconds: number): DomainError {
    this.options.metrics.rejection(this.legacyInterface, reason);
    const what = reason === 'circuit-open' ? 'is failing: calls are paused' : reason === 'bulkhead-full' ? 'has as many calls in flight as allowed' : 'is at its rate limit';
    return new DomainError('LEGACY_UNAVAILABLE', `legacy CMS ${this.legacyInterface} ${what}`, { reason, legacyInterface: this.legacyInterface, retryAfterSeconds });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
