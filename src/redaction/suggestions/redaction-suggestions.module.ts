import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { RedactionSuggestionsController } from './redaction-suggestions.controller.js';
import { RedactionSuggestionsService } from './redaction-suggestions.service.js';

/**
 * Redaction suggestions. Needs IngestionModule (global: INGESTED_VERSIONS)
 * in the app; asks the legacy CMS for the case's witnesses and defendants.
 */
@Module({
  imports: [LegacyModule],
  controllers: [RedactionSuggestionsController],
  providers: [RedactionSuggestionsService],
  exports: [RedactionSuggestionsService],
})
export class RedactionSuggestionsModule {}
