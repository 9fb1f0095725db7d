import { Counter, Gauge, Registry } from 'prom-client';

export type LegacyInterface = 'soap' | 'graphql' | 'files';
export const LEGACY_INTERFACES: readonly LegacyInterface[] = ['soap', 'graphql', 'files'];
export type BreakerState = 'closed' | 'half-open' | 'open';
export type RejectionReason = 'circuit-open' | 'bulkhead-full' | 'rate-limited';

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Prometheus series of the resilience toward the legacy CMS (per instance), on the app's metrics
 * registry (the strangler's, served on /metrics).
 */
export class LegacyResilienceMetrics {
  private readonly breakerState: Gauge<'interface'>;
  private readonly rejected: Counter<'interface' | 'reason'>;
  private readonly retries: Counter<'interface'>;
  private readonly retriesRefused: Counter<'interface'>;
  private readonly deadlines: Counter<'interface'>;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.breakerState = new Gauge({ name: 'legacy_breaker_state', help: 'Circuit breaker per legacy interface: 0 closed, 1 half-open, 2 open', labelNames: ['interface'], registers });
    this.rejected = new Counter({ name: 'legacy_calls_rejected_total', help: 'Legacy calls refused without being made, by reason', labelNames: ['interface', 'reason'], registers });
    this.retries = new Counter({ name: 'legacy_retries_total', help: 'Reads sent again to the legacy CMS after a transient failure', labelNames: ['interface'], registers });
    this.retriesRefused = new Counter({ name: 'legacy_retries_refused_total', help: 'Retries not made because the retry budget was spent', labelNames: ['interface'], registers });
    this.deadlines = new Counter({ name: 'legacy_deadline_exhausted_total', help: 'Legacy calls cut or refused because the request budget was spent', labelNames: ['interface'], registers });
    for (const legacyInterface of LEGACY_INTERFACES) this.breakerState.labels(legacyInterface).set(0);
  }

  breaker(legacyInterface: LegacyInterface, state: BreakerState): void {
    this.breakerState.labels(legacyInterface).set(BREAKER_STATE_VALUE[state]);
  }

  rejection(legacyInterface: LegacyInterface, reason: RejectionReason): void {
    this.rejected.labels(legacyInterface, reason).inc();
  }

  retried(legacyInterface: LegacyInterface): void {
    this.retries.labels(legacyInterface).inc();
  }

  retryRefused(legacyInterface: LegacyInterface): void {
    this.retriesRefused.labels(legacyInterface).inc();
  }

  deadlineExhausted(legacyInterface: LegacyInterface): void {
    this.deadlines.labels(legacyInterface).inc();
  }
}
