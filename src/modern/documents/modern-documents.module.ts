import { Module, type DynamicModule } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { ModernRegistry } from '../../strangler/modern-registry.js';
import { DocumentsReadModel } from './documents-read-model.service.js';
import { DOCUMENTS_READ_MODEL_OPTIONS, type DocumentsReadModelOptions } from './documents-read-model.options.js';

/** The modern documents.list, registered by route name: a read model in the state store (STATE_STORE, from the global StorageModule). */
@Module({
  imports: [LegacyModule],
  providers: [DocumentsReadModel],
  exports: [DocumentsReadModel],
})
export class ModernDocumentsModule {
  constructor(registry: ModernRegistry, readModel: DocumentsReadModel) {
    registry.register('documents.list', { modern: (caller, caseId) => readModel.listDocuments(caller, caseId) });
  }

  /** The module with options other than the defaults (e.g. `{ maxAgeMs: 60_000 }`). */
  static withOptions(options: DocumentsReadModelOptions): DynamicModule {
    return { module: ModernDocumentsModule, providers: [{ provide: DOCUMENTS_READ_MODEL_OPTIONS, useValue: options }] };
  }
}
