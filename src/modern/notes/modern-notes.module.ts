import { Module, type DynamicModule } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { StranglerService } from '../../strangler/strangler.service.js';
import { NotesReadModel } from './notes-read-model.service.js';
import { NOTES_READ_MODEL_OPTIONS, type NotesReadModelOptions } from './notes-read-model.options.js';

/** The modern notes.list, registered by route name: a read model in the state store, marked stale by notes.add at the port. */
@Module({
  imports: [LegacyModule],
  providers: [NotesReadModel],
  exports: [NotesReadModel],
})
export class ModernNotesModule {
  constructor(registry: ModernRegistry, strangler: StranglerService, readModel: NotesReadModel) {
    registry.register('notes.list', { modern: (caller, caseId) => readModel.listNotes(caller, caseId) });
    strangler.addLegacyAnswerListener(readModel.onLegacyAnswer);
  }

  /** The module with options other than the defaults. */
  static withOptions(options: NotesReadModelOptions): DynamicModule {
    return { module: ModernNotesModule, providers: [{ provide: NOTES_READ_MODEL_OPTIONS, useValue: options }] };
  }
}
