import { Counter, Registry } from 'prom-client';

/** Reads that may be answered from their last good answer, and the access decision. */
export type StaleOperation = 'getCaseSummary' | 'getDefendants' | 'getWitnesses' | 'listDocuments' | 'listNotes' | 'checkCaseAccess';
/** Why a failed read could not be answered from its last good answer. */
export type StaleMissReason = 'none' | 'too-old' | 'not-granted' | 'store-error';

/** Stale-if-error series, on the registry /metrics serves (the strangler's). */
export class StaleAnswerMetrics {
  private readonly served: Counter<'operation'>;
  private readonly missed: Counter<'operation' | 'reason'>;

  constructor(registry: Registry = new Registry()) {
    const registers = [registry];
    this.served = new Counter({
      name: 'legacy_stale_answers_served_total',
      help: 'Failed legacy reads answered from the user’s last good answer (and access let in on a last known grant)',
      labelNames: ['operation'],
      registers,
    });
    this.missed = new Counter({
      name: 'legacy_stale_answers_missed_total',
      help: 'Failed legacy reads with no last good answer to serve, by reason',
      labelNames: ['operation', 'reason'],
      registers,
    });
  }

  servedStale(operation: StaleOperation): void {
    this.served.labels(operation).inc();
  }

  missedStale(operation: StaleOperation, reason: StaleMissReason): void {
    this.missed.labels(operation, reason).inc();
  }
}
