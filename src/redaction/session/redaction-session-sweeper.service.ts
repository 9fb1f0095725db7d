import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isDomainError } from '../../common/domain-error.js';
import { InstanceRole } from '../../config/instance-role.js';
import { LeasedPeriodicWork } from '../../storage/state/leased-periodic-work.js';
import { StateLease } from '../../storage/state/state-lease.js';
import { RedactionSessionService } from './redaction-session.service.js';
import { RedactionSessionStore } from './redaction-session.store.js';

export const REDACTION_SESSION_SWEEPER_OPTIONS = Symbol('RedactionSessionSweeperOptions');

export interface RedactionSessionSweeperOptions {
  /** A pass at start-up, then one every this long. */
  readonly intervalMs: number;
  /** Epoch ms (tests steer it); the lease is timed by it too. */
  readonly now?: () => number;
  /** Tests run passes themselves. */
  readonly timer?: boolean;
}

export const SWEEPER_LEASE = 'redaction-session-sweeper';

/**
 * Ends expired redaction sessions (legacy check-out cancelled, draft dropped) and finishes the ends a crash
 * interrupted (sessions left `ending`). One instance at a time sweeps: each pass first takes or renews a lease in
 * the StateStore; a clean shutdown gives it up, a crashed holder's lease runs out after three intervals.
 */
@Injectable()
export class RedactionSessionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RedactionSessionSweeper');
  private readonly work: LeasedPeriodicWork<SweepResult>;

  constructor(
    private readonly sessions: RedactionSessionService,
    private readonly store: RedactionSessionStore,
    lease: StateLease,
    @Inject(REDACTION_SESSION_SWEEPER_OPTIONS) private readonly options: RedactionSessionSweeperOptions,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {
    this.work = new LeasedPeriodicWork(lease, SWEEPER_LEASE, options.intervalMs, () => this.pass());
  }

  onApplicationBootstrap(): void {
    if (this.options.timer !== false && this.role.runsBackgroundWork) this.work.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.work.stop();
  }

  /** One pass (joining the one under way in this process). */
  runOnce(): Promise<SweepResult> {
    return this.work.runOnce();
  }

  private async pass(): Promise<SweepResult> {
    const result: SweepResult = { leader: false, expired: 0, finished: 0, failed: 0 };
    try {
      if (!(await this.work.lead())) return result;
      result.leader = true;
      for await (const entity of this.store.all()) {
        const session = entity.value;
        try {
          if (session.state === 'ending') {
            await this.sessions.finishEnding(entity);
            result.finished += 1;
          } else if (this.sessions.isExpired(session) && (await this.sessions.end(entity, 'expired'))) {
            result.expired += 1;
          }
        } catch (error) {
          result.failed += 1;
          this.logger.warn({ caseId: session.caseId, state: session.state, code: isDomainError(error) ? error.code : error instanceof Error ? error.name : 'unknown' }, 'ending a redaction session failed; the next pass retries it');
        }
      }
    } catch (error) {
      this.logger.warn({ errorName: error instanceof Error ? error.name : 'unknown' }, 'sweeping redaction sessions failed');
    }
    return result;
  }
}

export interface SweepResult {
  /** Whether this instance held the lease (and so swept). */
  leader: boolean;
  /** Sessions found expired and ended. */
  expired: number;
  /** Ends a crash had interrupted, finished. */
  finished: number;
  failed: number;
}
