import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernCaseSummaryReader } from './modern-case-summary.service.js';

/** The modern cases.getSummary: the legacy CMS's Modern (GraphQL) API instead of Classic SOAP. */
@Module({
  imports: [LegacyModule],
  providers: [ModernCaseSummaryReader],
  exports: [ModernCaseSummaryReader],
})
export class ModernCaseSummaryModule {}
