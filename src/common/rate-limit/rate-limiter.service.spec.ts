import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import type { StateStore } from '../../storage/state/state-store.port.js';
import { isDomainError } from '../domain-error.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.service.js';

describe('RateLimiter', () => {
  const ORIGIN = Date.UTC(2026, 11, 4, 12, 0, 0);
  let now: number;
  let store: StateStore;
  const options = (limits: Partial<RateLimitOptions['limits']> = {}): RateLimitOptions => ({
    windowSeconds: 60,
    limits: { search: 3, refresh: 1, redaction: 2, preview: 0, ...limits },
    now: () => now,
  });
  const failureOf = async (promise: Promise<void>) => {
    try {
      await promise;
    } catch (error) {
      if (isDomainError(error)) return { code: error.code, details: error.details };
      throw error;
    }
    return null;
  };

  beforeEach(() => {
    now = ORIGIN + 10_000;
    store = InMemoryStateStore.fromConfig();
  });

  it('lets the limit through in a window, refuses the next with RATE_LIMITED, the limit and the seconds to the window’s end', async () => {
    const limiter = new RateLimiter(store, options());
    for (let i = 0; i < 3; i++) await limiter.take('search', 'user-1');
    expect(await failureOf(limiter.take('search', 'user-1'))).toEqual({ code: 'RATE_LIMITED', details: { limit: 'search', retryAfterSeconds: 50 } });
    now += 49_500;
    expect(await failureOf(limiter.take('search', 'user-1'))).toEqual({ code: 'RATE_LIMITED', details: { limit: 'search', retryAfterSeconds: 1 } });
  });

  it('starts again when the window resets, and removes the past window', async () => {
    const limiter = new RateLimiter(store, options());
    for (let i = 0; i < 3; i++) await limiter.take('search', 'user-1');
    now = ORIGIN + 60_000;
    expect(await failureOf(limiter.take('search', 'user-1'))).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.list('RateLimits', 'search')).map((entity) => entity.value)).toEqual([{ count: 1 }]);
  });

  it('counts each user and each limit apart; 0 turns a limit off', async () => {
    const limiter = new RateLimiter(store, options());
    await limiter.take('refresh', 'user-1');
    expect(await failureOf(limiter.take('refresh', 'user-2'))).toBeNull();
    expect(await failureOf(limiter.take('search', 'user-1'))).toBeNull();
    expect((await failureOf(limiter.take('refresh', 'user-1')))?.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 100; i++) await limiter.take('preview', 'user-1');
  });

  it('is one truth for several instances sharing the store, also when they race', async () => {
    const instances = [new RateLimiter(store, options({ redaction: 5 })), new RateLimiter(store, options({ redaction: 5 }))];
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => failureOf(instances[i % 2].take('redaction', 'user-1'))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome?.code === 'RATE_LIMITED')).toHaveLength(7);
  });
});
