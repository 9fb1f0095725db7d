import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { StranglerMetrics } from '../strangler/strangler-metrics.js';
import { LegacyCmsAdapter } from './legacy-cms.adapter.js';
import { LEGACY_CMS } from './legacy-cms.port.js';
import { LegacyConnection } from './legacy-connection.js';
import { MODERN_CASE_QUERY, ModernCaseQueryClient } from './modern-case-query.client.js';
import { LegacyResilience } from './resilience/legacy-resilience.js';
import { LegacyResilienceMetrics } from './resilience/legacy-resilience.metrics.js';

/**
 * Provides the LegacyCms port (LEGACY_CMS) and, for modern modules, the Modern API case query
 * (MODERN_CASE_QUERY) — both over one LegacyConnection — and the resilience toward the legacy CMS
 * (LegacyResilience: breaker states for /health/ready; LegacyResilienceMetrics, on the app's
 * /metrics registry when the strangler provides one). Needs APP_CONFIG (a ResolvedConfig).
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
    { provide: LEGACY_CMS, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => LegacyCmsAdapter.over(connection) },
    { provide: MODERN_CASE_QUERY, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => ModernCaseQueryClient.over(connection) },
  ],
  exports: [LEGACY_CMS, MODERN_CASE_QUERY, LegacyResilience, LegacyResilienceMetrics],
})
export class LegacyModule {}
