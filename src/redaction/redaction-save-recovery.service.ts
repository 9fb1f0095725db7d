import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isDomainError } from '../common/domain-error.js';
import { InstanceRole } from '../config/instance-role.js';
import { StateLease } from '../storage/state/state-lease.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { RedactionSaveJournal } from './redaction-save-journal.js';
import { RedactionService } from './redaction.service.js';

export const REDACTION_SAVE_RECOVERY_OPTIONS = Symbol('RedactionSaveRecoveryOptions');

export interface RedactionSaveRecoveryOptions {
  /** A pass at start-up, then one every this long. */
  readonly intervalMs: number;
  /** Epoch ms of the pass lease (tests steer it). */
  readonly now?: () => number;
}

export const SAVE_RECOVERY_LEASE = 'redaction-save-recovery';

/**
 * Finishes or undoes redaction saves whose holder died: at start-up and then periodically, one instance at a time
 * (a lease in the StateStore, held by renewing it each pass; a dead holder's runs out after three intervals) looks
 * at the open save records and claims those whose lease ran out (an etag-conditional write, so two instances never
 * recover the same save at once even if the pass lease were lost). A recovery that fails (the legacy CMS is down)
 * leaves the record to a later pass, once the claim's own lease runs out.
 */
@Injectable()
export class RedactionSaveRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RedactionSaveRecovery');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly instanceId = randomUUID();
  private readonly lease: StateLease;

  constructor(
    private readonly journal: RedactionSaveJournal,
    private readonly redaction: RedactionService,
    @Inject(REDACTION_SAVE_RECOVERY_OPTIONS) private readonly options: RedactionSaveRecoveryOptions,
    @Inject(STATE_STORE) state: StateStore,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {
    const now = options.now;
    this.lease = new StateLease(state, now === undefined ? undefined : () => new Date(now()));
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
    await this.lease.release(SAVE_RECOVERY_LEASE, this.instanceId).catch(() => undefined);
  }

  /** One pass (joining the one under way in this process); answers how many saves it took over (0 when another instance holds the lease). */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    let recovered = 0;
    try {
      if (!(await this.lease.acquire(SAVE_RECOVERY_LEASE, this.instanceId, this.options.intervalMs * 3))) return 0;
      for (const entity of await this.journal.open()) {
        const claimed = await this.journal.claimExpired(entity);
        if (claimed === null) continue;
        recovered += 1;
        try {
          await this.redaction.recoverSave(claimed);
        } catch (error) {
          this.logger.warn({ saveId: claimed.record.saveId, step: claimed.record.step, code: isDomainError(error) ? error.code : error instanceof Error ? error.name : 'unknown' }, 'recovering a redaction save failed; a later pass retries it');
        }
      }
    } catch (error) {
      this.logger.warn({ errorName: error instanceof Error ? error.name : 'unknown' }, 'looking for unfinished redaction saves failed');
    }
    return recovered;
  }
}
