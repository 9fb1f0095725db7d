import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { ModernCaseSummaryReader } from './modern-case-summary.service.js';

/** The modern cases.getSummary: the legacy CMS's GraphQL API instead of Classic SOAP, registered by route name. */
@Module({
  imports: [LegacyModule],
  providers: [ModernCaseSummaryReader],
  exports: [ModernCaseSummaryReader],
})
export class ModernCaseSummaryModule {
  constructor(registry: ModernRegistry, reader: ModernCaseSummaryReader) {
    registry.register('cases.getSummary', { modern: (caller, caseId) => reader.getCaseSummary(caller, caseId) });
  }
}
