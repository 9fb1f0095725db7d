import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { RedactionSuggestionsController } from './redaction-suggestions.controller.js';
import { createPiiDetector } from './pii-detector.factory.js';
import { PII_DETECTOR } from './pii-detector.port.js';
import { RedactionSuggestionsService } from './redaction-suggestions.service.js';

/**
 * Redaction suggestions. Needs IngestionModule (global: INGESTED_VERSIONS)
 * in the app; asks the legacy CMS for the case's witnesses and defendants. PII_DETECTOR (local, or Azure
 * AI Language) comes from config (ADR 0039); without APP_CONFIG, the local one.
 */
@Module({
  imports: [LegacyModule],
  controllers: [RedactionSuggestionsController],
  providers: [
    RedactionSuggestionsService,
    {
      provide: PII_DETECTOR,
      inject: [{ token: APP_CONFIG, optional: true }],
      useFactory: (config: AppConfig | undefined) => createPiiDetector(config?.redaction.piiDetector ?? { kind: 'local', nlpNames: true }),
    },
  ],
  exports: [RedactionSuggestionsService, PII_DETECTOR],
})
export class RedactionSuggestionsModule {}
