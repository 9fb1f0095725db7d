import { Module } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { ModernNotesReader } from './modern-notes.service.js';

/** The modern notes.list (GraphQL), registered by route name. */
@Module({
  imports: [LegacyModule],
  providers: [ModernNotesReader],
  exports: [ModernNotesReader],
})
export class ModernNotesModule {
  constructor(registry: ModernRegistry, reader: ModernNotesReader) {
    registry.register('notes.list', { modern: (caller, caseId) => reader.listNotes(caller, caseId) });
  }
}
