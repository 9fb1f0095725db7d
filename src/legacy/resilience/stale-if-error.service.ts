import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { StaleIfErrorConfig } from '../../config/app-config.js';
import type { StateStore } from '../../storage/state/state-store.port.js';
import { LastGoodAnswerStore } from './last-good-answer.store.js';
import type { StaleAnswerMetrics } from './stale-answer.metrics.js';

/** StateStore tables (ADR 0014). */
export const STALE_READS_TABLE = 'StaleReads';
export const LAST_CASE_ACCESS_TABLE = 'LastCaseAccess';

/**
 * The two kinds of last good answer kept per user: case metadata reads (served by StaleIfErrorLegacyCms)
 * and access decisions (used by CaseAccessCache). Sweeps both periodically and lets their writes finish
 * before the app shuts down (and the state store closes).
 */
export class StaleIfErrorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StaleIfError');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  readonly reads: LastGoodAnswerStore | null;
  readonly accessDecisions: LastGoodAnswerStore | null;

  constructor(
    store: StateStore,
    private readonly config: StaleIfErrorConfig,
    readonly metrics: StaleAnswerMetrics | null,
    now: () => number = Date.now,
  ) {
    const onError = (error: unknown): void => this.logger.warn(`a last good answer could not be written: ${error instanceof Error ? error.message : String(error)}`);
    const common = { maxEntryBytes: config.maxEntryBytes, maxEntriesPerUser: config.maxEntriesPerUser, now, onError };
    this.reads = config.maxAgeMs > 0 ? new LastGoodAnswerStore(store, STALE_READS_TABLE, { ...common, maxAgeMs: config.maxAgeMs }) : null;
    this.accessDecisions = config.accessMaxAgeMs > 0 ? new LastGoodAnswerStore(store, LAST_CASE_ACCESS_TABLE, { ...common, maxAgeMs: config.accessMaxAgeMs }) : null;
  }

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalMs <= 0 || (this.reads === null && this.accessDecisions === null)) return;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn(`sweeping last good answers failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => (this.sweeping = null));
    }, this.config.sweepIntervalMs);
    this.timer.unref();
  }

  /** Deletes answers past their bound or beyond the per-user cap; answers how many. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const store of [this.reads, this.accessDecisions]) if (store !== null) deleted += await store.sweep();
    return deleted;
  }

  /** Resolves when every write started so far has finished (tests; shutdown). */
  async settled(): Promise<void> {
    await Promise.all([this.reads?.settled(), this.accessDecisions?.settled()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
    await this.settled();
  }
}
