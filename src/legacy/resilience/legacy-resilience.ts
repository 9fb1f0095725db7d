import type { LegacyResilienceConfig } from '../../config/app-config.js';
import { LegacyCallPolicy, type BreakerReport } from './legacy-call.policy.js';
import { LEGACY_INTERFACES, LegacyResilienceMetrics, type LegacyInterface } from './legacy-resilience.metrics.js';

/** Defaults of LegacyResilienceConfig (the config's own), for transports built without the full app config (tests, tools). */
export const DEFAULT_LEGACY_RESILIENCE: LegacyResilienceConfig = {
  requestBudgetMs: 10_000,
  backgroundBudgetMs: 60_000,
  retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000, budgetRatio: 0.1, budgetBurst: 10 },
  breaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 },
  bulkhead: { concurrency: 32, queue: 64, queueWaitMs: 1_000, ratePerSecond: 0 },
};

/** One LegacyCallPolicy per legacy interface, and the metrics they report to. Built once per app with the LegacyConnection. */
export class LegacyResilience {
  private constructor(
    readonly config: LegacyResilienceConfig,
    readonly metrics: LegacyResilienceMetrics,
    private readonly policies: Readonly<Record<LegacyInterface, LegacyCallPolicy>>,
  ) {}

  static create(config: LegacyResilienceConfig, perCallTimeoutMs: number, metrics = new LegacyResilienceMetrics(), now?: () => number): LegacyResilience {
    const policyFor = (legacyInterface: LegacyInterface) => new LegacyCallPolicy({ legacyInterface, perCallTimeoutMs, config, metrics, now });
    return new LegacyResilience(config, metrics, { soap: policyFor('soap'), graphql: policyFor('graphql'), files: policyFor('files') });
  }

  policy(legacyInterface: LegacyInterface): LegacyCallPolicy {
    return this.policies[legacyInterface];
  }

  /** Each interface's breaker, for /health/ready. */
  breakers(): Record<LegacyInterface, BreakerReport> {
    return Object.fromEntries(LEGACY_INTERFACES.map((each) => [each, this.policies[each].report()])) as Record<LegacyInterface, BreakerReport>;
  }
}
