import { Counter, type Registry } from 'prom-client';

/** Audit series, on the registry /metrics serves: records lost (fail-open) or accesses refused (fail-closed). */
export class AuditMetrics {
  private readonly lost: Counter<'action' | 'mode'>;
  private readonly batchFailures: Counter;

  constructor(registry: Registry) {
    this.lost = new Counter({ name: 'audit_records_lost_total', help: 'Audit records that could not be written, by action and mode (fail-open: served anyway; fail-closed: answered 503 AUDIT_UNAVAILABLE)', labelNames: ['action', 'mode'], registers: [registry] });
    this.batchFailures = new Counter({ name: 'audit_batch_failures_total', help: 'Audit batches the state store refused', registers: [registry] });
  }

  recordLost(action: string, failClosed: boolean): void {
    this.lost.inc({ action, mode: failClosed ? 'fail-closed' : 'fail-open' });
  }

  batchFailed(): void {
    this.batchFailures.inc();
  }
}
