import { Module, type DynamicModule } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { StranglerService } from '../../strangler/strangler.service.js';
import { DocumentsReadModel } from './documents-read-model.service.js';
import { DOCUMENTS_READ_MODEL_OPTIONS, type DocumentsReadModelOptions } from './documents-read-model.options.js';

/**
 * The modern documents.list, registered by route name: a read model in the state store (STATE_STORE, from the
 * global StorageModule; CaseAccessService from the global AuthModule), marked stale by document writes at the port.
 */
@Module({
  imports: [LegacyModule],
  providers: [DocumentsReadModel],
  exports: [DocumentsReadModel],
})
export class ModernDocumentsModule {
  constructor(registry: ModernRegistry, strangler: StranglerService, readModel: DocumentsReadModel) {
    registry.register('documents.list', { modern: (caller, caseId) => readModel.listDocuments(caller, caseId) });
    strangler.addLegacyAnswerListener(readModel.onLegacyAnswer);
  }

  /** The module with options other than the defaults (e.g. `{ maxAgeMs: 60_000 }`). */
  static withOptions(options: DocumentsReadModelOptions): DynamicModule {
    return { module: ModernDocumentsModule, providers: [{ provide: DOCUMENTS_READ_MODEL_OPTIONS, useValue: options }] };
  }
}
