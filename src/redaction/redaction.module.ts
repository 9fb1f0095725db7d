import { Inject, Injectable, Module, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { LegacyModule } from '../legacy/legacy.module.js';
import { StateLease } from '../storage/state/state-lease.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { createRedactor } from './engine/redactor.factory.js';
import { RedactionLogReportController } from './log/redaction-log-report.controller.js';
import { RedactionLogReportService } from './log/redaction-log-report.service.js';
import { RedactionLogSummaryStore } from './log/redaction-log-summary.store.js';
import { RedactionTypeCatalog } from './log/redaction-type-catalog.js';
import { RemovedWordHasher } from './log/removed-word-hasher.js';
import { RedactionLog } from './redaction-log.js';
import { RedactionSaveJournal } from './redaction-save-journal.js';
import { RedactionSaveLock } from './redaction-save-lock.js';
import { REDACTION_SAVE_RECOVERY_OPTIONS, RedactionSaveRecovery, type RedactionSaveRecoveryOptions } from './redaction-save-recovery.service.js';
import { REDACTION_VERIFIER, type RedactionVerifier } from './redaction-verifier.port.js';
import { RedactionController } from './redaction.controller.js';
import { REDACTION_SERVICE_OPTIONS, RedactionService, type RedactionServiceOptions } from './redaction.service.js';
import { REDACTOR, type Redactor } from './redaction.types.js';
import { ExtractingRedactionVerifier } from './verification/redaction-verifier.adapter.js';

type Closable = { close?: () => Promise<void> };

/** The engine chosen by REDACTION_ENGINE (MuPDF, AGPL, only when set by name), with the sandbox's limits. */
export function redactorFromConfig(config: Pick<ResolvedConfig, 'redaction' | 'ingestion'>): Redactor {
  return createRedactor({
    engine: config.redaction.engine,
    dpi: config.redaction.dpi,
    timeoutMs: config.ingestion.sandbox.timeoutMs,
    maxMemoryMb: config.ingestion.sandbox.maxMemoryMb,
  });
}

/** Puts the engine on /health/ready and closes its sandbox pool on shutdown. */
@Injectable()
export class RedactionLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDACTOR) private readonly redactor: Redactor,
    @Optional() registry?: ReadinessRegistry,
  ) {
    registry?.register('redaction', async () => ({ [redactor.engine]: { up: await redactor.available() } }));
  }

  async onApplicationShutdown(): Promise<void> {
    await (this.redactor as Redactor & Closable).close?.();
  }
}

/**
 * Redaction: apply (REDACTOR), verify (REDACTION_VERIFIER), save back to the legacy CMS, the redaction
 * log (suggestions are their own module). Needs APP_CONFIG, STATE_STORE, AuditTrail and IngestionModule
 * (INGESTED_VERSIONS) from the app.
 */
@Module({
  imports: [LegacyModule],
  controllers: [RedactionController, RedactionLogReportController],
  providers: [
    { provide: REDACTOR, inject: [APP_CONFIG], useFactory: (config: ResolvedConfig): Redactor => redactorFromConfig(config) },
    {
      provide: REDACTION_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig): RedactionVerifier =>
        ExtractingRedactionVerifier.fromConfig({ timeoutMs: config.ingestion.sandbox.timeoutMs, maxMemoryMb: Math.max(config.ingestion.sandbox.maxMemoryMb, 1_024) }),
    },
    {
      provide: REDACTION_SERVICE_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig): RedactionServiceOptions => ({
        workDir: config.ingestion.workDir,
        maxPdfBytes: config.redaction.maxPdfBytes,
        maxPages: config.redaction.maxPages,
        crashAt: config.crashSafety.saveCrashAt,
      }),
    },
    { provide: RedactionLog, inject: [STATE_STORE], useFactory: (store: StateStore) => new RedactionLog(store) },
    { provide: RedactionTypeCatalog, inject: [APP_CONFIG], useFactory: (config: ResolvedConfig) => new RedactionTypeCatalog(config.redaction.types, config.redaction.typeRequired) },
    {
      provide: RemovedWordHasher,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig): Promise<RemovedWordHasher> =>
        config.redaction.hashKey === null ? RemovedWordHasher.fromKeyFile(config.redaction.hashKeyFile) : Promise.resolve(RemovedWordHasher.fromKey(config.redaction.hashKey)),
    },
    { provide: RedactionLogSummaryStore, inject: [STATE_STORE], useFactory: (store: StateStore) => new RedactionLogSummaryStore(store) },
    {
      provide: RedactionLogReportService,
      inject: [RedactionTypeCatalog, RedactionLogSummaryStore, RedactionLog, RemovedWordHasher],
      useFactory: (types: RedactionTypeCatalog, summaries: RedactionLogSummaryStore, log: RedactionLog, hasher: RemovedWordHasher) => new RedactionLogReportService(types, summaries, log, hasher),
    },
    {
      provide: RedactionSaveJournal,
      inject: [STATE_STORE, APP_CONFIG],
      useFactory: (store: StateStore, config: ResolvedConfig) => new RedactionSaveJournal(store, { leaseMs: config.crashSafety.saveLeaseMs }),
    },
    {
      provide: RedactionSaveLock,
      inject: [STATE_STORE, APP_CONFIG],
      useFactory: (store: StateStore, config: ResolvedConfig) => new RedactionSaveLock(new StateLease(store), config.crashSafety.saveLeaseMs),
    },
    {
      provide: REDACTION_SAVE_RECOVERY_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig): RedactionSaveRecoveryOptions => ({ intervalMs: config.crashSafety.saveRecoveryIntervalMs }),
    },
    RedactionService,
    RedactionSaveRecovery,
    RedactionLifecycle,
  ],
  exports: [REDACTOR, REDACTION_VERIFIER, RedactionService, RedactionLog, RedactionTypeCatalog],
})
export class RedactionModule {}
