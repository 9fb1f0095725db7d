import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InstanceRole } from '../config/instance-role.js';
import { SEARCH_INDEX, type SearchIndex } from '../search/search-index.port.js';
import { StateLease } from '../storage/state/state-lease.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { IngestionTracker } from './tracker/ingestion-tracker.js';

export const INDEX_SWEEPER_OPTIONS = Symbol('IndexSweeperOptions');

export interface IndexSweeperOptions {
  /** A pass at start-up, then one every this long (INDEX_SWEEP_INTERVAL_MS). */
  readonly intervalMs: number;
  /** Epoch ms of the lease (tests steer it). */
  readonly now?: () => number;
}

export const INDEX_SWEEPER_LEASE = 'search-index-sweeper';

export interface IndexSweepResult {
  /** Whether this instance held the lease (and so swept). */
  leader: boolean;
  cases: number;
  /** Versions whose lines were deleted, and how many lines. */
  versions: number;
  lines: number;
  /** Cases a failure left for the next pass. */
  failed: number;
}

const keyOf = (documentId: string, versionId: string): string => JSON.stringify([documentId, versionId]);

/**
 * Deletes the index lines no tracked document points at: versions superseded or documents removed whose lines a
 * crash left behind (between the tracker's change and the index's delete), or an abandoned job wrote late. A line is
 * kept when its version is a tracked document's version (being ingested) or its indexed version (searchable now), the
 * rule the pipeline itself drops abandoned versions by. One instance at a time sweeps, under a lease in the StateStore.
 *
 * Per case, the index is listed before the tracker is read: a version's lines are written only after the tracker
 * names it, so a version listed and then not named by the tracker was superseded or removed, never about to arrive.
 */
@Injectable()
export class IndexSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IndexSweeper');
  private readonly instanceId = randomUUID();
  private readonly lease: StateLease;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IndexSweepResult> | null = null;

  constructor(
    private readonly tracker: IngestionTracker,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(STATE_STORE) state: StateStore,
    @Inject(INDEX_SWEEPER_OPTIONS) private readonly options: IndexSweeperOptions,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.lease = new StateLease(state, () => new Date(this.now()));
  }

  onApplicationBootstrap(): void {
    if (!this.role.runsBackgroundWork) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.release(INDEX_SWEEPER_LEASE, this.instanceId).catch(() => undefined);
  }

  /** One pass (joining the one under way in this process). */
  runOnce(): Promise<IndexSweepResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<IndexSweepResult> {
    const result: IndexSweepResult = { leader: false, cases: 0, versions: 0, lines: 0, failed: 0 };
    const leaseMs = this.options.intervalMs * 3;
    try {
      if (!(await this.lease.acquire(INDEX_SWEEPER_LEASE, this.instanceId, leaseMs))) return result;
      result.leader = true;
      let renewedAt = this.now();
      for (const caseId of await this.tracker.cases()) {
        // A long pass keeps its lease: renewed once an interval has gone by, and stopped if another instance took it.
        if (this.now() - renewedAt >= this.options.intervalMs) {
          if (!(await this.lease.acquire(INDEX_SWEEPER_LEASE, this.instanceId, leaseMs))) break;
          renewedAt = this.now();
        }
        try {
          await this.sweepCase(caseId, result);
          result.cases += 1;
        } catch (error) {
          result.failed += 1;
          this.logger.warn({ caseId, errorName: error instanceof Error ? error.name : 'unknown' }, 'cleaning the index of a case failed; the next pass retries it');
        }
      }
    } catch (error) {
      this.logger.warn({ errorName: error instanceof Error ? error.name : 'unknown' }, 'cleaning the search index failed');
    }
    if (result.versions > 0) this.logger.log({ cases: result.cases, versions: result.versions, lines: result.lines }, 'deleted index lines of versions no document points at');
    return result;
  }

  private async sweepCase(caseId: string, result: IndexSweepResult): Promise<void> {
    const indexed = await this.index.indexedVersions(caseId);
    if (indexed.length === 0) return;
    const kept = new Set<string>();
    for (const document of await this.tracker.documents(caseId)) {
      kept.add(keyOf(document.documentId, document.versionId));
      if (document.indexedVersionId !== null) kept.add(keyOf(document.documentId, document.indexedVersionId));
    }
    for (const version of indexed) {
      if (kept.has(keyOf(version.documentId, version.versionId))) continue;
      result.lines += await this.index.deleteDocument(caseId, version.documentId, version.versionId);
      result.versions += 1;
    }
  }
}
