import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { DomainError } from '../../common/domain-error.js';
import { requestContext } from '../../common/request-context.js';
import type { LegacyResilienceConfig } from '../../config/app-config.js';
import { LegacyCallPolicy } from './legacy-call.policy.js';
import { LegacyResilienceMetrics } from './legacy-resilience.metrics.js';
import { DEFAULT_LEGACY_RESILIENCE } from './legacy-resilience.js';

const config: LegacyResilienceConfig = {
  ...DEFAULT_LEGACY_RESILIENCE,
  requestBudgetMs: 1_000,
  retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50, budgetRatio: 0.5, budgetBurst: 2 },
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 5_000 },
  bulkhead: { concurrency: 1, queue: 1, queueWaitMs: 200, ratePerSecond: 0 },
};

const unavailable = () => new DomainError('LEGACY_UNAVAILABLE', 'legacy CMS answered HTTP 503', { legacyStatus: 503 });
const failureOf = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

let registry: Registry;
let policy: LegacyCallPolicy;
const metricValue = async (name: string, labels: Record<string, string>): Promise<number> => {
  const metric = (await registry.getMetricsAsJSON()).find((each) => each.name === name);
  const values = (metric as { values?: { value: number; labels: Record<string, string> }[] } | undefined)?.values ?? [];
  return values.find((each) => Object.entries(labels).every(([key, value]) => each.labels[key] === value))?.value ?? 0;
};
const inRequest = <T>(work: () => Promise<T>): Promise<T> => requestContext.run({ correlationId: 'test' }, work);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') });
  registry = new Registry();
  policy = new LegacyCallPolicy({ legacyInterface: 'soap', perCallTimeoutMs: 800, config, metrics: new LegacyResilienceMetrics(registry) });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('LegacyCallPolicy: deadline budget', () => {
  it('gives each call min(per-call timeout, time left) and refuses without calling once the budget is spent', async () => {
    const timeouts: number[] = [];
    await inRequest(async () => {
      await policy.run(false, (timeoutMs) => {
        timeouts.push(timeoutMs);
        jest.advanceTimersByTime(700);
        return Promise.resolve('login');
      });
      await policy.run(false, (timeoutMs) => {
        timeouts.push(timeoutMs);
        jest.advanceTimersByTime(300);
        return Promise.resolve('call');
      });
      const call = jest.fn(() => Promise.resolve('never'));
      const refused = await failureOf(policy.run(true, call));
      expect(refused.code).toBe('LEGACY_TIMEOUT');
      expect(refused.details).toMatchObject({ reason: 'deadline-exceeded', legacyInterface: 'soap' });
      expect(call).not.toHaveBeenCalled();
    });
    expect(timeouts).toEqual([800, 300]);
    expect(await metricValue('legacy_deadline_exhausted_total', { interface: 'soap' })).toBe(1);
  });

  it('marks a timeout cut short by the budget deadline-exceeded', async () => {
    await inRequest(async () => {
      jest.advanceTimersByTime(0);
      await policy.run(true, () => Promise.resolve(jest.advanceTimersByTime(900))).catch(() => undefined);
      const cut = await failureOf(policy.run(true, () => Promise.reject(new DomainError('LEGACY_TIMEOUT', 'no answer'))));
      expect(cut.details).toMatchObject({ reason: 'deadline-exceeded' });
    });
  });

  it('gives work outside a request its own budget per call', async () => {
    const timeouts: number[] = [];
    await policy.run(true, (timeoutMs) => Promise.resolve(timeouts.push(timeoutMs)));
    expect(timeouts).toEqual([800]);
  });
});

describe('LegacyCallPolicy: retries', () => {
  it('retries a read after a transient failure, with backoff', async () => {
    let calls = 0;
    const answer = inRequest(() =>
      policy.run(true, () => {
        calls += 1;
        return calls === 1 ? Promise.reject(unavailable()) : Promise.resolve('ok');
      }),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(await answer).toBe('ok');
    expect(calls).toBe(2);
    expect(await metricValue('legacy_retries_total', { interface: 'soap' })).toBe(1);
  });

  it('never retries a write, nor a failure that is not transient', async () => {
    const write = jest.fn(() => Promise.reject(unavailable()));
    expect((await failureOf(inRequest(() => policy.run(false, write)))).code).toBe('LEGACY_UNAVAILABLE');
    expect(write).toHaveBeenCalledTimes(1);
    const notFound = jest.fn(() => Promise.reject(new DomainError('CASE_NOT_FOUND', 'no such case')));
    expect((await failureOf(inRequest(() => policy.run(true, notFound)))).code).toBe('CASE_NOT_FOUND');
    expect(notFound).toHaveBeenCalledTimes(1);
  });

  it('stops retrying when the retry budget is spent, so an outage does not multiply the load', async () => {
    const patient = new LegacyCallPolicy({
      legacyInterface: 'soap',
      perCallTimeoutMs: 800,
      config: { ...config, breaker: { consecutiveFailures: 100, halfOpenAfterMs: 5_000 } },
      metrics: new LegacyResilienceMetrics((registry = new Registry())),
    });
    const calls = jest.fn(() => Promise.reject(unavailable()));
    // Burst 2, +0.5 per call (capped at 2): the first failing read retries twice, the second not at all, the third...
    for (let request = 0; request < 3; request += 1) {
      const failed = failureOf(inRequest(() => patient.run(true, calls)));
      await jest.advanceTimersByTimeAsync(200);
      await failed;
    }
    // ...once (0.5 + 0.5 tokens): 3 + 1 + 2 calls instead of 9 without a budget.
    expect(calls).toHaveBeenCalledTimes(6);
    expect(await metricValue('legacy_retries_refused_total', { interface: 'soap' })).toBe(2);
  });
});

describe('LegacyCallPolicy: circuit breaker', () => {
  it('opens after consecutive failures, refuses at once with Retry-After, probes once half-open, then closes', async () => {
    const legacy = jest.fn(() => Promise.reject(unavailable()));
    for (let call = 0; call < 3; call += 1) await failureOf(inRequest(() => policy.run(false, legacy)));
    expect(policy.breakerState).toBe('open');
    expect(await metricValue('legacy_breaker_state', { interface: 'soap' })).toBe(2);

    const refused = await failureOf(inRequest(() => policy.run(false, legacy)));
    expect(refused.code).toBe('LEGACY_UNAVAILABLE');
    expect(refused.details).toEqual({ reason: 'circuit-open', legacyInterface: 'soap', retryAfterSeconds: 5 });
    expect(legacy).toHaveBeenCalledTimes(3);
    expect(policy.report()).toEqual({ state: 'open', retryAfterSeconds: 5 });

    jest.advanceTimersByTime(5_000);
    let releaseProbe: (value: string) => void = () => undefined;
    const probe = inRequest(() => policy.run(false, () => new Promise<string>((resolve) => (releaseProbe = resolve))));
    await Promise.resolve();
    expect(policy.breakerState).toBe('half-open');
    const duringProbe = await failureOf(inRequest(() => policy.run(true, legacy)));
    expect(duringProbe.details).toMatchObject({ reason: 'circuit-open' });
    releaseProbe('back');
    expect(await probe).toBe('back');
    expect(policy.breakerState).toBe('closed');
    expect(await metricValue('legacy_calls_rejected_total', { interface: 'soap', reason: 'circuit-open' })).toBe(2);
  });

  it('opens again when the half-open probe fails', async () => {
    const legacy = jest.fn(() => Promise.reject(unavailable()));
    for (let call = 0; call < 3; call += 1) await failureOf(inRequest(() => policy.run(false, legacy)));
    jest.advanceTimersByTime(5_000);
    await failureOf(inRequest(() => policy.run(false, legacy)));
    expect(legacy).toHaveBeenCalledTimes(4);
    expect(policy.breakerState).toBe('open');
  });

  it('does not count failures of the legacy CMS that are answers, not outages', async () => {
    const denied = jest.fn(() => Promise.reject(new DomainError('CASE_ACCESS_DENIED', 'denied')));
    for (let call = 0; call < 5; call += 1) await failureOf(inRequest(() => policy.run(false, denied)));
    expect(policy.breakerState).toBe('closed');
  });
});

describe('LegacyCallPolicy: bulkhead', () => {
  it('queues briefly, then refuses with bulkhead-full and Retry-After without calling', async () => {
    let release: (value: string) => void = () => undefined;
    const first = inRequest(() => policy.run(false, () => new Promise<string>((resolve) => (release = resolve))));
    await Promise.resolve();
    const queued = jest.fn(() => Promise.resolve('queued'));
    const second = inRequest(() => policy.run(false, queued));
    const third = await failureOf(inRequest(() => policy.run(false, () => Promise.resolve('no room'))));
    expect(third.details).toEqual({ reason: 'bulkhead-full', legacyInterface: 'soap', retryAfterSeconds: 1 });

    const secondFailure = failureOf(second);
    await jest.advanceTimersByTimeAsync(200);
    expect((await secondFailure).details).toMatchObject({ reason: 'bulkhead-full' });
    release('first');
    expect(await first).toBe('first');
    await jest.advanceTimersByTimeAsync(0);
    expect(queued).not.toHaveBeenCalled();
    // The slot is free again.
    expect(await inRequest(() => policy.run(false, () => Promise.resolve('after')))).toBe('after');
    expect(await metricValue('legacy_calls_rejected_total', { interface: 'soap', reason: 'bulkhead-full' })).toBe(2);
  });

  it('caps the rate when configured', async () => {
    const capped = new LegacyCallPolicy({
      legacyInterface: 'graphql',
      perCallTimeoutMs: 800,
      config: { ...config, bulkhead: { concurrency: 10, queue: 10, queueWaitMs: 0, ratePerSecond: 2 } },
      metrics: new LegacyResilienceMetrics(new Registry()),
    });
    const call = jest.fn(() => Promise.resolve('ok'));
    await inRequest(() => capped.run(true, call));
    await inRequest(() => capped.run(true, call));
    const refused = await failureOf(inRequest(() => capped.run(true, call)));
    expect(refused.details).toMatchObject({ reason: 'rate-limited', legacyInterface: 'graphql' });
    expect(call).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(500);
    expect(await inRequest(() => capped.run(true, call))).toBe('ok');
  });
});
