import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { ModernDefendantsReader } from './modern-defendants.service.js';

/** The modern cases.getDefendants (GraphQL), registered by route name. */
@Module({
  imports: [LegacyModule],
  providers: [ModernDefendantsReader],
  exports: [ModernDefendantsReader],
})
export class ModernDefendantsModule {
  constructor(registry: ModernRegistry, reader: ModernDefendantsReader) {
    registry.register('cases.getDefendants', { modern: (caller, caseId) => reader.getDefendants(caller, caseId) });
  }
}
