import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import { MODERN_CASE_QUERY, ModernCaseQueryClient } from '../../legacy/modern-case-query.client.js';
import { ModernCaseSummaryReader } from './modern-case-summary.service.js';

/** The modern cases.getSummary. Needs APP_CONFIG (a ResolvedConfig) from the app. */
@Module({
  providers: [
    { provide: MODERN_CASE_QUERY, inject: [APP_CONFIG], useFactory: (config: ResolvedConfig) => ModernCaseQueryClient.fromConfig(config) },
    ModernCaseSummaryReader,
  ],
  exports: [ModernCaseSummaryReader],
})
export class ModernCaseSummaryModule {}
