import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RateLimitName } from '../../config/app-config.js';
import { STATE_STORE, StateConflictError, type StateStore } from '../../storage/state/state-store.port.js';
import { DomainError } from '../domain-error.js';

export const RATE_LIMIT_OPTIONS = Symbol('RateLimitOptions');

export interface RateLimitOptions {
  readonly windowSeconds: number;
  /** Requests per user per window, by limit; 0 turns a limit off. */
  readonly limits: Readonly<Record<RateLimitName, number>>;
  /** Epoch ms (tests pass a steerable clock). */
  readonly now: () => number;
}

interface WindowCount {
  readonly count: number;
}

const TABLE = 'RateLimits';
/** Attempts at a conditional increment before giving up on a hot key (answered as limited: fail closed). */
const MAX_ATTEMPTS = 8;

/**
 * Per-user fixed-window counters in the StateStore, so every instance counts against one truth: one entity per
 * (limit, user, window), created with ifAbsent and incremented with ifMatch; a lost race reads again. The
 * previous window's entity is removed when a user's next window starts.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions,
  ) {}

  /** Counts one request of `user` against `limit`; throws RATE_LIMITED (with retryAfterSeconds) when it is over. */
  async take(limit: RateLimitName, user: string): Promise<void> {
    const max = this.options.limits[limit];
    if (max <= 0) return;
    const windowMs = this.options.windowSeconds * 1000;
    const now = this.options.now();
    const window = Math.floor(now / windowMs);
    const key = `${encodeURIComponent(user)}|${window}`;
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.store.get<WindowCount>(TABLE, limit, key);
      if (current !== null && current.value.count >= max) throw limited(limit, max, this.options.windowSeconds, retryAfterSeconds);
      try {
        if (current === null) {
          await this.store.put<WindowCount>(TABLE, limit, key, { count: 1 }, { ifAbsent: true });
          this.forgetWindow(limit, `${encodeURIComponent(user)}|${window - 1}`);
        } else {
          await this.store.put<WindowCount>(TABLE, limit, key, { count: current.value.count + 1 }, { ifMatch: current.etag });
        }
        return;
      } catch (error) {
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
    throw limited(limit, max, this.options.windowSeconds, retryAfterSeconds);
  }

  private forgetWindow(limit: RateLimitName, key: string): void {
    this.store.delete(TABLE, limit, key).catch((error: unknown) => {
      this.logger.warn({ limit, error: error instanceof Error ? error.message : String(error) }, 'could not remove a past rate-limit window');
    });
  }
}

function limited(limit: RateLimitName, max: number, windowSeconds: number, retryAfterSeconds: number): DomainError {
  return new DomainError('RATE_LIMITED', `At most ${max} ${limit} requests per ${windowSeconds} s per user; retry in ${retryAfterSeconds} s.`, { limit, retryAfterSeconds });
}
