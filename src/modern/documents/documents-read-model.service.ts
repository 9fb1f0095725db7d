import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CaseAccessService } from '../../auth/case-access.service.js';
import type { CaseDocument, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { UNSTRANGLED_LEGACY_CMS } from '../../legacy/unstrangled-legacy-cms.token.js';
import { toLegacyId } from '../../legacy/legacy.mapper.js';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import type { LegacyAnswerListener } from '../../strangler/strangler.service.js';
import { CaseReadModel, type CaseAccessDecision } from '../case-read-model/case-read-model.js';
import { invalidateOnWrites } from '../case-read-model/case-writes.js';
import { DEFAULT_DOCUMENTS_MAX_AGE_MS, DOCUMENTS_READ_MODEL_OPTIONS, type DocumentsReadModelOptions } from './documents-read-model.options.js';

export { CASE_ENTITY_KEY, type CaseReadModelState as CaseDocumentsState } from '../case-read-model/case-read-model.js';

/** One partition per case: an entity per document (key: zero-padded documentId) and the case entity. */
export const CASE_DOCUMENTS_TABLE = 'casedocuments';

/** The port's writes that change a case's document list. */
export const DOCUMENT_WRITE_ROUTES = [
  'documents.rename',
  'documents.reclassify',
  'documents.setUsed',
  'documents.checkOut',
  'documents.checkIn',
  'documents.cancelCheckOut',
] as const;

/**
 * documents.list, modern side: the case's document metadata served from the facade's own state store
 * (CaseReadModel), ordered by documentId. Case access is decided before every answer; a refresh runs as
 * the caller; a document write through the port marks the case stale (`onLegacyAnswer`).
 */
@Injectable()
export class DocumentsReadModel {
  private readonly model: CaseReadModel<CaseDocument>;
  private readonly logger = new Logger(DocumentsReadModel.name);

  /** Register with StranglerService.addLegacyAnswerListener. */
  readonly onLegacyAnswer: LegacyAnswerListener;

  constructor(
    @Inject(UNSTRANGLED_LEGACY_CMS) legacy: LegacyCms,
    @Inject(CaseAccessService) access: CaseAccessDecision,
    @Inject(STATE_STORE) store: StateStore,
    @Optional() @Inject(DOCUMENTS_READ_MODEL_OPTIONS) options: DocumentsReadModelOptions | null = null,
  ) {
    this.model = new CaseReadModel<CaseDocument>(
      {
        table: CASE_DOCUMENTS_TABLE,
        readLegacy: (caller, caseId) => legacy.listDocuments(caller, caseId),
        keyed: (documents) =>
          documents.map((item) => ({ key: toLegacyId(item.documentId, 'documentId'), item })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      },
      access,
      store,
      { maxAgeMs: options?.maxAgeMs ?? DEFAULT_DOCUMENTS_MAX_AGE_MS, now: options?.now ?? Date.now },
    );
    this.onLegacyAnswer = invalidateOnWrites(DOCUMENT_WRITE_ROUTES, (caseId) => this.invalidate(caseId));
  }

  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return this.model.list(caller, caseId);
  }

  /** Reads the case's documents from the legacy CMS now; documents gone from legacy disappear. */
  refresh(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return this.model.refresh(caller, caseId);
  }

  /** Marks the case's documents stale in the store; returns at once. */
  invalidate(caseId: string): void {
    this.model.invalidate(caseId, (error) => this.logger.warn(`documents read model of case ${caseId} not invalidated: ${String(error)}`));
  }
}
