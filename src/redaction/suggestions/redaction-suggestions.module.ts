import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { RedactionSuggestionsController } from './redaction-suggestions.controller.js';
import { LocalPiiDetector } from './local/local-pii-detector.adapter.js';
import { PII_DETECTOR } from './pii-detector.port.js';
import { RedactionSuggestionsService } from './redaction-suggestions.service.js';

/**
 * Redaction suggestions. Needs IngestionModule (global: INGESTED_VERSIONS)
 * in the app; asks the legacy CMS for the case's witnesses and defendants.
 */
@Module({
  imports: [LegacyModule],
  controllers: [RedactionSuggestionsController],
  // The local detector until config chooses one (PII_DETECTOR=local|azure-language: see ADR 0039).
  providers: [RedactionSuggestionsService, { provide: PII_DETECTOR, useFactory: () => LocalPiiDetector.fromConfig() }],
  exports: [RedactionSuggestionsService, PII_DETECTOR],
})
export class RedactionSuggestionsModule {}
