import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { LegacyCmsAdapter } from './legacy-cms.adapter.js';
import { LEGACY_CMS } from './legacy-cms.port.js';
import { LegacyConnection } from './legacy-connection.js';
import { MODERN_CASE_QUERY, ModernCaseQueryClient } from './modern-case-query.client.js';

/**
 * Provides the LegacyCms port (LEGACY_CMS) and, for modern modules, the Modern API case query
 * (MODERN_CASE_QUERY) — both over one LegacyConnection. Needs APP_CONFIG (a ResolvedConfig).
 */
@Module({
  providers: [
    { provide: LegacyConnection, inject: [APP_CONFIG], useFactory: (config: ResolvedConfig) => LegacyConnection.fromConfig(config) },
    { provide: LEGACY_CMS, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => LegacyCmsAdapter.over(connection) },
    { provide: MODERN_CASE_QUERY, inject: [LegacyConnection], useFactory: (connection: LegacyConnection) => ModernCaseQueryClient.over(connection) },
  ],
  exports: [LEGACY_CMS, MODERN_CASE_QUERY],
})
export class LegacyModule {}
