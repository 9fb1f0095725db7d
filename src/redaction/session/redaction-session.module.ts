import { Module, type DynamicModule } from '@nestjs/common';
import { CHECK_OUT_HOLDERS } from '../../common/check-out-holders.port.js';
import type { ResolvedConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { StateLease } from '../../storage/state/state-lease.js';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import { RedactionModule } from '../redaction.module.js';
import { REDACTION_SESSION_SWEEPER_OPTIONS, RedactionSessionSweeper, type RedactionSessionSweeperOptions } from './redaction-session-sweeper.service.js';
import { RedactionSessionController } from './redaction-session.controller.js';
import { REDACTION_SESSION_OPTIONS, RedactionSessionService, type RedactionSessionOptions } from './redaction-session.service.js';
import { RedactionSessionStore } from './redaction-session.store.js';

export interface RedactionSessionModuleOptions {
  /** Epoch ms for expiry and the sweeper's lease (tests steer it). */
  readonly now?: () => number;
  /** false: no sweeper timer (tests run passes with RedactionSessionSweeper.runOnce). */
  readonly sweeperTimer?: boolean;
}

/**
 * Redaction sessions (issue 14, ADR 0028). Global so that the document list and the tracker can ask
 * CHECK_OUT_HOLDERS who holds a document. Needs APP_CONFIG, STATE_STORE, AuditTrail and INGESTED_VERSIONS from the app.
 */
@Module({})
export class RedactionSessionModule {
  static forRoot(options: RedactionSessionModuleOptions = {}): DynamicModule {
    return {
      module: RedactionSessionModule,
      global: true,
      imports: [LegacyModule, RedactionModule],
      controllers: [RedactionSessionController],
      providers: [
        { provide: RedactionSessionStore, inject: [STATE_STORE], useFactory: (store: StateStore) => new RedactionSessionStore(store) },
        {
          provide: REDACTION_SESSION_OPTIONS,
          inject: [APP_CONFIG],
          useFactory: (config: ResolvedConfig): RedactionSessionOptions => ({
            ttlMs: config.redactionSessions.ttlMs,
            crashAt: config.redactionSessions.crashAt,
            ...(options.now === undefined ? {} : { now: options.now }),
          }),
        },
        {
          provide: REDACTION_SESSION_SWEEPER_OPTIONS,
          inject: [APP_CONFIG],
          useFactory: (config: ResolvedConfig): RedactionSessionSweeperOptions => ({
            intervalMs: config.redactionSessions.sweepMs,
            ...(options.now === undefined ? {} : { now: options.now }),
            ...(options.sweeperTimer === undefined ? {} : { timer: options.sweeperTimer }),
          }),
        },
        {
          provide: StateLease,
          inject: [STATE_STORE],
          useFactory: (store: StateStore) => {
            const now = options.now;
            return new StateLease(store, now === undefined ? undefined : () => new Date(now()));
          },
        },
        RedactionSessionService,
        RedactionSessionSweeper,
        { provide: CHECK_OUT_HOLDERS, useExisting: RedactionSessionService },
      ],
      exports: [CHECK_OUT_HOLDERS, RedactionSessionService, RedactionSessionSweeper],
    };
  }
}
