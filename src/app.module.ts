import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule, type AuthModuleOptions } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import type { ResolvedConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.tokens.js';
import { InstanceRole } from './config/instance-role.js';
import { HealthModule } from './health/health.module.js';
import { IngestionModule, type IngestionModuleOverrides } from './ingestion/ingestion.module.js';
import { LegacyModule } from './legacy/legacy.module.js';
import { ModernModule } from './modern/modern.module.js';
import { STALE_IF_ERROR_OPTIONS, type StaleIfErrorOptions } from './legacy/resilience/stale-if-error.options.js';
import { RedactionSuggestionsModule } from './redaction/suggestions/redaction-suggestions.module.js';
import { RedactionModule } from './redaction/redaction.module.js';
import { RedactionSessionModule, type RedactionSessionModuleOptions } from './redaction/session/redaction-session.module.js';
import { RedactionPlansModule } from './redaction/plans/redaction-plans.module.js';
import { StorageModule, type StorageModuleOptions } from './storage/storage.module.js';
import { stateStoreRouteStateProvider } from './strangler/state-store-route-state.store.js';
import { RecordingModule } from './strangler/recording/recording.module.js';
import { StranglerModule, type StranglerModuleOptions } from './strangler/strangler.module.js';

/** What tests and tools may change without touching the config (e.g. `strangler: { routesFile: null }`). */
export interface AppModuleOptions {
  /** Strangler settings; the route table lives in the state store unless `store` or `storeFactory` is given. */
  readonly strangler?: StranglerModuleOptions;
  readonly storage?: StorageModuleOptions;
  /** Ingestion (and search, which comes with it): adapters and knobs for tests and benchmarks. */
  readonly ingestion?: IngestionModuleOverrides;
  /** Identity: the clock for token expiry and signing key ages (tests). */
  readonly auth?: AuthModuleOptions;
  /** Stale-if-error (issue 11): a steerable clock for the ages of last good answers. */
  readonly staleIfError?: StaleIfErrorOptions;
  /** The clock of the per-user rate-limit windows (tests steer it). */
  readonly rateLimitNow?: () => number;
  /** Redaction sessions (issue 14): a steerable clock for expiry, and the sweeper's timer off for tests that run passes. */
  readonly redactionSessions?: RedactionSessionModuleOptions;
}

@Module({})
export class AppModule {
  /** The whole facade for one resolved config; APP_CONFIG is injectable everywhere. */
  static forRoot(config: ResolvedConfig, options: AppModuleOptions = {}): DynamicModule {
    const strangler = options.strangler ?? {};
    // Every instance shares the route table through the state store (SQLite by default, Azure Tables in production).
    const storeFactory = strangler.store === undefined ? (strangler.storeFactory ?? stateStoreRouteStateProvider) : undefined;
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(config),
        StorageModule.forRoot(config, options.storage),
        AuditModule,
        AuthModule.forRoot(config, options.auth),
        RateLimitModule.forRoot(config.httpSecurity, options.rateLimitNow),
        HealthModule,
        LegacyModule,
        StranglerModule.forRoot({
          metricsListener: config.httpSecurity.metricsServer,
          trafficFlushMs: config.strangler.trafficFlushMs,
          rampIntervalMs: config.strangler.rampIntervalMs,
          refreshIntervalMs: config.strangler.routeRefreshMs,
          ...strangler,
          storeFactory,
        }),
        RecordingModule,
        CasesModule,
        ModernModule,
        IngestionModule.forRoot(config, options.ingestion),
        RedactionSuggestionsModule,
        RedactionModule,
        RedactionSessionModule.forRoot(options.redactionSessions),
        RedactionPlansModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: InstanceRole, useValue: new InstanceRole(config.role) },
        { provide: STALE_IF_ERROR_OPTIONS, useValue: options.staleIfError ?? {} },
      ],
      exports: [APP_CONFIG, InstanceRole, STALE_IF_ERROR_OPTIONS],
    };
  }
}
