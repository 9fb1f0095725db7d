import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { ModernRegistry } from '../strangler/modern-registry.js';
import { StranglerMetrics } from '../strangler/strangler-metrics.js';
import { LegacyCmsAdapter } from './legacy-cms.adapter.js';
import { LEGACY_CMS, type LegacyCms } from './legacy-cms.port.js';
import { LegacyConnection } from './legacy-connection.js';
import { GRAPHQL_CASE_QUERY, GraphqlCaseQueryClient } from './graphql-case-query.client.js';
import { LegacyResilience } from './resilience/legacy-resilience.js';
import { LegacyResilienceMetrics } from './resilience/legacy-resilience.metrics.js';
import { StaleAnswerMetrics } from './resilience/stale-answer.metrics.js';
import { StaleIfErrorLegacyCms } from './resilience/stale-if-error.legacy-cms.js';
import { STALE_IF_ERROR_OPTIONS, type StaleIfErrorOptions } from './resilience/stale-if-error.options.js';
import { StaleIfErrorService } from './resilience/stale-if-error.service.js';
import { UNSTRANGLED_LEGACY_CMS } from './unstrangled-legacy-cms.token.js';

/**
 * Provides the LegacyCms port (LEGACY_CMS: strangled, every method a route, when the strangler's
 * ModernRegistry is there; ADR 0024), the plain adapter for modern modules (UNSTRANGLED_LEGACY_CMS) and, for modern modules, the GraphQL API case query
 * (GRAPHQL_CASE_QUERY) — both over one LegacyConnection — and the resilience toward the legacy CMS
 * (LegacyResilience: breaker states for /health/ready; LegacyResilienceMetrics, on the app's
 * /metrics registry when the strangler provides one). Needs APP_CONFIG (a ResolvedConfig).
 * With a STATE_STORE, LEGACY_CMS serves stale-if-error case metadata reads (ADR 0014).
 */
@Module({
  providers: [
    {
      provide: LegacyResilienceMetrics,
      inject: [{ token: StranglerMetrics, optional: true }],
      useFactory: (strangler: StranglerMetrics | undefined) => new LegacyResilienceMetrics(strangler?.registry),
    },
    {
      provide: LegacyConnection,
      inject: [APP_CONFIG, LegacyResilienceMetrics],
      useFactory: (config: ResolvedConfig, metrics: LegacyResilienceMetrics) => LegacyConnection.fromConfig(config, metrics),
    },
    { provide: LegacyResilience, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => connection.resilience },
    {
      provide: StaleIfErrorService,
      inject: [APP_CONFIG, { token: STATE_STORE, optional: true }, { token: StranglerMetrics, optional: true }, { token: STALE_IF_ERROR_OPTIONS, optional: true }],
      // Off without a state store or its settings (module tests that stub the config).
      useFactory: (config: Partial<Pick<ResolvedConfig, 'staleIfError'>>, store?: StateStore, strangler?: StranglerMetrics, options?: StaleIfErrorOptions) =>
        store === undefined || config.staleIfError === undefined
          ? null
          : new StaleIfErrorService(store, config.staleIfError, new StaleAnswerMetrics(strangler?.registry), options?.now),
    },
    {
      provide: UNSTRANGLED_LEGACY_CMS,
      inject: [LegacyConnection, StaleIfErrorService],
      useFactory: (connection: LegacyConnection, stale: StaleIfErrorService | null) => {
        const adapter = LegacyCmsAdapter.over(connection);
        return stale?.reads ? new StaleIfErrorLegacyCms(adapter, stale.reads, stale.metrics) : adapter;
      },
    },
    {
      provide: LEGACY_CMS,
      inject: [UNSTRANGLED_LEGACY_CMS, { token: ModernRegistry, optional: true }],
      // Without the strangler (module tests of the adapter alone) the port is the adapter.
      useFactory: (legacy: LegacyCms, registry?: ModernRegistry): LegacyCms => registry?.strangle(legacy) ?? legacy,
    },
    { provide: GRAPHQL_CASE_QUERY, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => GraphqlCaseQueryClient.over(connection) },
  ],
  exports: [LEGACY_CMS, UNSTRANGLED_LEGACY_CMS, GRAPHQL_CASE_QUERY, StaleIfErrorService, LegacyResilience, LegacyResilienceMetrics],
})
export class LegacyModule {}
