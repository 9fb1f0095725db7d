import { describe, expect, it } from '@jest/globals';
import { canaryBucket, parseModeOverride, resolveServing, type ActiveRouteState } from './mode-resolver.js';

const state = (overrides: Partial<ActiveRouteState>): ActiveRouteState => ({
  mode: 'legacy',
  canaryBasisPoints: 0,
  cohort: null,
  fallback: false,
  modernAllowed: true,
  ...overrides,
});

const users = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe('resolveServing', () => {
  it('serves each mode from the right side', () => {
    expect(resolveServing(state({ mode: 'legacy' }), 'cases.getSummary', 'u1')).toBe('legacy');
    expect(resolveServing(state({ mode: 'shadow' }), 'cases.getSummary', 'u1')).toBe('shadow');
    expect(resolveServing(state({ mode: 'modern' }), 'cases.getSummary', 'u1')).toBe('modern');
    expect(resolveServing(state({ mode: 'modern', fallback: true }), 'cases.getSummary', 'u1')).toBe('modern-with-fallback');
    expect(resolveServing(state({ mode: 'modern', modernAllowed: false }), 'cases.getSummary', 'u1')).toBe('legacy');
  });

  it('routes about 25% of 10,000 users to modern at 25% (within ±2%)', () => {
    const canary = state({ mode: 'canary', canaryBasisPoints: 2500 });
    const modern = users.filter((user) => resolveServing(canary, 'documents.list', user) === 'modern').length;
    expect(modern / users.length).toBeGreaterThan(0.23);
    expect(modern / users.length).toBeLessThan(0.27);
  });

  it('is stable per user and grows monotonically with the percentage', () => {
    const at10 = new Set(users.filter((user) => resolveServing(state({ mode: 'canary', canaryBasisPoints: 1000 }), 'documents.list', user) === 'modern'));
    const again = users.filter((user) => resolveServing(state({ mode: 'canary', canaryBasisPoints: 1000 }), 'documents.list', user) === 'modern');
    expect(new Set(again)).toEqual(at10);
    const at30 = new Set(users.filter((user) => resolveServing(state({ mode: 'canary', canaryBasisPoints: 3000 }), 'documents.list', user) === 'modern'));
    for (const user of at10) expect(at30.has(user)).toBe(true);
  });

  it('chooses different users on different routes', () => {
    const on = (route: string) => users.filter((user) => resolveServing(state({ mode: 'canary', canaryBasisPoints: 2500 }), route, user) === 'modern');
    const a = new Set(on('documents.list'));
    const overlap = on('cases.getSummary').filter((user) => a.has(user)).length;
    // Independent choices overlap on about 25% × 25% of users, not 25%.
    expect(overlap / users.length).toBeLessThan(0.1);
  });

  it('always routes the cohort to modern and no one else at 0%', () => {
    const canary = state({ mode: 'canary', cohort: new Set(['pilot-1', 'pilot-2']) });
    expect(resolveServing(canary, 'documents.list', 'pilot-1')).toBe('modern');
    expect(users.some((user) => resolveServing(canary, 'documents.list', user) === 'modern')).toBe(false);
  });

  it('honours the override header only when allowed, and never towards a forbidden modern', () => {
    const legacy = state({ mode: 'legacy' });
    expect(resolveServing(legacy, 'documents.list', 'u1', 'modern', false)).toBe('legacy');
    expect(resolveServing(legacy, 'documents.list', 'u1', 'modern', true)).toBe('modern');
    expect(resolveServing(state({ mode: 'modern' }), 'documents.list', 'u1', 'legacy', true)).toBe('legacy');
    expect(resolveServing(state({ mode: 'shadow' }), 'documents.list', 'u1', 'legacy', true)).toBe('legacy');
    expect(resolveServing(state({ mode: 'legacy', modernAllowed: false }), 'documents.rename', 'u1', 'modern', true)).toBe('legacy');
  });
});

describe('canaryBucket and parseModeOverride', () => {
  it('hashes into [0, 10000) deterministically', () => {
    const bucket = canaryBucket('documents.list', 'user-1');
    expect(bucket).toBe(canaryBucket('documents.list', 'user-1'));
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(10_000);
  });

  it('accepts legacy and modern only', () => {
    expect(parseModeOverride(' Modern ')).toBe('modern');
    expect(parseModeOverride(['legacy'])).toBe('legacy');
    expect(parseModeOverride('shadow')).toBeUndefined();
    expect(parseModeOverride(undefined)).toBeUndefined();
  });
});
