import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from './in-memory-state-store.adapter.js';
import { StateLease } from './state-lease.js';

describe('StateLease', () => {
  it('lets one of two racing evaluators win, and the other take over once it expires', async () => {
    const store = new InMemoryStateStore();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = (): Date => new Date(now);
    const a = new StateLease(store, clock);
    const b = new StateLease(store, clock);
    const results = await Promise.all([a.acquire('ramps', 'instance-a', 30_000), b.acquire('ramps', 'instance-b', 30_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = results[0] ? (['instance-a', 'instance-b'] as const) : (['instance-b', 'instance-a'] as const);
    expect(await a.acquire('ramps', loser, 30_000)).toBe(false);
    expect(await a.acquire('ramps', winner, 30_000)).toBe(true);
    now += 29_999;
    expect(await b.acquire('ramps', loser, 30_000)).toBe(false);
    now += 30_001;
    expect(await b.acquire('ramps', loser, 30_000)).toBe(true);
    expect(await a.acquire('ramps', winner, 30_000)).toBe(false);
  });

  it('is free again after its holder releases it, and a non-holder cannot release it', async () => {
    const store = new InMemoryStateStore();
    const lease = new StateLease(store, () => new Date('2026-01-01T00:00:00Z'));
    expect(await lease.acquire('ramps', 'a', 60_000)).toBe(true);
    await lease.release('ramps', 'b');
    expect(await lease.acquire('ramps', 'b', 60_000)).toBe(false);
    await lease.release('ramps', 'a');
    expect(await lease.acquire('ramps', 'b', 60_000)).toBe(true);
  });
});
