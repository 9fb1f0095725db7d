import { Module, type DynamicModule } from '@nestjs/common';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { DocumentsReadModel } from './documents-read-model.service.js';
import { DOCUMENTS_READ_MODEL_OPTIONS, type DocumentsReadModelOptions } from './documents-read-model.options.js';

/** The modern documents.list: a read model in the state store (STATE_STORE, from the global StorageModule). */
@Module({
  imports: [LegacyModule],
  providers: [DocumentsReadModel],
  exports: [DocumentsReadModel],
})
export class ModernDocumentsModule {
  /** The module with options other than the defaults (e.g. `{ maxAgeMs: 60_000 }`). */
  static withOptions(options: DocumentsReadModelOptions): DynamicModule {
    return { module: ModernDocumentsModule, providers: [{ provide: DOCUMENTS_READ_MODEL_OPTIONS, useValue: options }] };
  }
}
