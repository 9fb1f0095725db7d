import { describe, expect, it } from '@jest/globals';
import { describeFigures, gateFigures, trippedGates, verdictOf } from './ramp-gates.js';
import type { RampPlan } from './ramp-plan.js';
import { emptyCounts, latencyBucket, latencyQuantile, type TrafficCounts } from './traffic-counts.js';

const PLAN: RampPlan = {
  steps: [1, 5, 25, 50, 100],
  bakeSeconds: 600,
  minCalls: 100,
  gates: { maxMismatchAboveNoise: 0.01, maxFallbackRate: 0.02, maxModernErrorRate: 0.05, maxP99Ratio: 1.5 },
};

function counts(overrides: Partial<TrafficCounts>, legacyMs: number[] = [], modernMs: number[] = []): TrafficCounts {
  const result = { ...emptyCounts(), ...overrides };
  for (const ms of legacyMs) result.latencyLegacy[latencyBucket(ms)] += 1;
  for (const ms of modernMs) result.latencyModern[latencyBucket(ms)] += 1;
  return result;
}

describe('ramp gate arithmetic', () => {
  it('counts a fallback as a failed modern attempt in both the fallback and the modern error rate', () => {
    const figures = gateFigures(counts({ legacy: 90, modern: 10, fallbackError: 3, fallbackTimeout: 1, modernFailed: 2 }));
    expect(figures.calls).toBe(100);
    expect(figures.modernAttempts).toBe(14);
    expect(figures.fallbackRate).toBeCloseTo(4 / 14, 10);
    expect(figures.modernErrorRate).toBeCloseTo(6 / 14, 10);
    expect(figures.mismatchAboveNoise).toBeNull();
  });

  it('includes shadow comparisons, errors and timeouts as modern attempts', () => {
    const figures = gateFigures(counts({ legacy: 200, shadowCompared: 50, shadowMismatches: 5, shadowAboveNoise: 2, shadowModernErrors: 3, shadowModernTimeouts: 1 }));
    expect(figures.modernAttempts).toBe(54);
    expect(figures.mismatchAboveNoise).toBeCloseTo(2 / 50, 10);
    expect(figures.modernErrorRate).toBeCloseTo(4 / 54, 10);
    expect(figures.fallbackRate).toBeNull();
  });

  it('estimates p99 from the fixed buckets and compares modern with legacy', () => {
    const legacy = Array.from({ length: 100 }, () => 8);
    const modern = [...Array.from({ length: 98 }, () => 8), 400, 400];
    const figures = gateFigures(counts({ legacy: 100, modern: 100 }, legacy, modern));
    expect(figures.legacyP99Ms).toBeLessThanOrEqual(10);
    expect(figures.modernP99Ms).toBeGreaterThan(250);
    expect(figures.p99Ratio).toBeGreaterThan(25);
    expect(trippedGates(figures, PLAN.gates)).toEqual(['p99Ratio']);
  });

  it('interpolates a quantile inside its bucket and answers null without calls', () => {
    const buckets = emptyCounts().latencyLegacy;
    expect(latencyQuantile(buckets, 0.5)).toBeNull();
    buckets[latencyBucket(20)] = 4; // the 10–25 ms bucket
    expect(latencyQuantile(buckets, 0.5)).toBeCloseTo(17.5, 10);
    expect(latencyQuantile(buckets, 1)).toBeCloseTo(25, 10);
  });

  it('waits for minCalls, trips as soon as a gate is over, advances only after the bake time', () => {
    const healthy = gateFigures(counts({ legacy: 95, modern: 5 }));
    const failing = gateFigures(counts({ legacy: 95, modern: 5, modernFailed: 1 }));
    const few = gateFigures(counts({ legacy: 10, modern: 5, modernFailed: 5 }));
    expect(verdictOf(PLAN, few, trippedGates(few, PLAN.gates), 3_600_000)).toBe('wait');
    expect(verdictOf(PLAN, failing, trippedGates(failing, PLAN.gates), 1_000)).toBe('trip');
    expect(verdictOf(PLAN, healthy, trippedGates(healthy, PLAN.gates), 599_999)).toBe('wait');
    expect(verdictOf(PLAN, healthy, trippedGates(healthy, PLAN.gates), 600_000)).toBe('advance');
  });

  it('holds a gate exactly at its limit and writes the figures into one audit line', () => {
    const atLimit = gateFigures(counts({ legacy: 98, modern: 98, fallbackError: 2 }));
    expect(atLimit.fallbackRate).toBe(0.02);
    expect(trippedGates(atLimit, PLAN.gates)).toEqual([]);
    const over = gateFigures(counts({ legacy: 97, modern: 97, fallbackError: 3 }));
    const tripped = trippedGates(over, PLAN.gates);
    expect(tripped).toEqual(['fallbackRate']); // 3 of 100 modern attempts: over 0.02, under 0.05
    const line = describeFigures(over, PLAN.gates, tripped);
    expect(line).toContain('fallbackRate 0.030 (max 0.020) TRIPPED');
    expect(line).toContain('calls 194');
    expect(line.length).toBeLessThan(500);
  });
});
