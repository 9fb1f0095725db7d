import { randomBytes } from 'node:crypto';
import { Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit-trail.service.js';
import type { ResolvedConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import { DEFAULT_MAX_DIFFERENCES } from '../comparator.js';
import { LegacyCoverageController } from '../coverage/legacy-coverage.controller.js';
import { MeterRouteUsage } from '../coverage/meter-route-usage.adapter.js';
import { ROUTE_USAGE } from '../coverage/route-usage.port.js';
import { ReplayService } from '../replay/replay.service.js';
import { RouteTable } from '../route-table.js';
import { latencyBudgetOf, STRANGLER_OPTIONS, type StranglerOptions } from '../strangler.options.js';
import { StranglerService } from '../strangler.service.js';
import { Recorder } from './recorder.service.js';
import { RecordingAdmin } from './recording-admin.service.js';
import { deriveRecordingKeys, RecordingCipher, type RecordingKeys } from './recording-cipher.js';
import { parseRecordingKey, recordingKeyFromFile } from './recording-key.js';
import { RecordingSanitiser } from './recording-sanitiser.js';
import { RecordingController } from './recording.controller.js';
import { RecordingStore } from './recording.store.js';

const RECORDING_KEYS = Symbol('RecordingKeys');
/** A settings change on another instance applies here within this long. */
const SETTINGS_TTL_MS = 5_000;
const REPLAY_SAMPLES_KEPT = 20;

/** Hands successful primary legacy answers to the recorder; waits for recording work on shutdown. */
@Injectable()
class RecordingLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly strangler: StranglerService,
    private readonly recorder: Recorder,
  ) {}

  onModuleInit(): void {
    this.strangler.addLegacyAnswerListener(this.recorder.listen);
  }

  onModuleDestroy(): Promise<void> {
    return this.recorder.drain();
  }
}

/** Record and replay (ADR 0026) and the legacy-operation coverage (issue 13 part 7). Needs StranglerModule and StorageModule; audits through AuditTrail when loaded. */
@Module({
  controllers: [RecordingController, LegacyCoverageController],
  providers: [
    {
      provide: RECORDING_KEYS,
      useFactory: async (config?: Pick<ResolvedConfig, 'recording'>): Promise<RecordingKeys> => {
        if (config === undefined) return deriveRecordingKeys(randomBytes(32));
        return deriveRecordingKeys(config.recording.key === null ? await recordingKeyFromFile(config.recording.keyFile) : parseRecordingKey(config.recording.key));
      },
      inject: [{ token: APP_CONFIG, optional: true }],
    },
    { provide: RecordingSanitiser, useFactory: (keys: RecordingKeys) => new RecordingSanitiser(keys.hashKey), inject: [RECORDING_KEYS] },
    { provide: RecordingCipher, useFactory: (keys: RecordingKeys) => new RecordingCipher(keys.encryptionKey), inject: [RECORDING_KEYS] },
    { provide: RecordingStore, useFactory: (store: StateStore) => new RecordingStore(store), inject: [STATE_STORE] },
    {
      provide: Recorder,
      useFactory: (store: RecordingStore, table: RouteTable, sanitiser: RecordingSanitiser, cipher: RecordingCipher, options: StranglerOptions) =>
        new Recorder(store, table, sanitiser, cipher, { settingsTtlMs: SETTINGS_TTL_MS, now: options.now, random: options.random }),
      inject: [RecordingStore, RouteTable, RecordingSanitiser, RecordingCipher, STRANGLER_OPTIONS],
    },
    {
      provide: RecordingAdmin,
      useFactory: (table: RouteTable, store: RecordingStore, recorder: Recorder, options: StranglerOptions, audit?: AuditTrail) => new RecordingAdmin(table, store, recorder, options.now, audit),
      inject: [RouteTable, RecordingStore, Recorder, STRANGLER_OPTIONS, { token: AuditTrail, optional: true }],
    },
    {
      provide: ReplayService,
      useFactory: (table: RouteTable, recorder: Recorder, sanitiser: RecordingSanitiser, options: StranglerOptions) =>
        new ReplayService(table, recorder, sanitiser, { timeoutFor: (definition) => latencyBudgetOf(definition, options.latencyBudgetOverridesMs, options.shadowTimeoutMs), samplesKept: REPLAY_SAMPLES_KEPT, differencesPerSample: Math.min(options.differencesPerSample, DEFAULT_MAX_DIFFERENCES), now: options.now }),
      inject: [RouteTable, Recorder, RecordingSanitiser, STRANGLER_OPTIONS],
    },
    { provide: ROUTE_USAGE, useFactory: (table: RouteTable) => new MeterRouteUsage(table), inject: [RouteTable] },
    RecordingLifecycle,
  ],
  exports: [Recorder, ReplayService],
})
export class RecordingModule {}
