import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isDomainError } from '../../common/domain-error.js';
import { InstanceRole } from '../../config/instance-role.js';
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
  private readonly instanceId = randomUUID();
  private readonly lease: StateLease;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepResult> | null = null;

  constructor(
    private readonly sessions: RedactionSessionService,
    private readonly store: RedactionSessionStore,
    lease: StateLease,
    @Inject(REDACTION_SESSION_SWEEPER_OPTIONS) private readonly options: RedactionSessionSweeperOptions,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {
    this.lease = lease;
  }

  onApplicationBootstrap(): void {
    if (this.options.timer === false || !this.role.runsBackgroundWork) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.release(SWEEPER_LEASE, this.instanceId).catch(() => undefined);
  }

  /** One pass (joining the one under way in this process). */
  runOnce(): Promise<SweepResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<SweepResult> {
    const result: SweepResult = { leader: false, expired: 0, finished: 0, failed: 0 };
    try {
      if (!(await this.lease.acquire(SWEEPER_LEASE, this.instanceId, this.options.intervalMs * 3))) return result;
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
