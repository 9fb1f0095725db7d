import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { DocumentsReadModel } from '../modern/documents/documents-read-model.service.js';
import { registerRoutes } from '../strangler/register-routes.js';
import { currentStranglerContext } from '../strangler/strangler-request.js';
import { StranglerService } from '../strangler/strangler.service.js';
import type { DocumentDto, DocumentListDto } from './document.dto.js';
import { childrenByParent, toDocumentDto } from './document.mapper.js';
import { documentRoutes } from './documents.routes.js';
import type { UpdateDocumentDto } from './update-document.dto.js';

/** Document lists and changes; every operation goes through its strangler route (documents.routes.ts). */
@Injectable()
export class DocumentsService {
  private readonly routes;

  constructor(
    private readonly strangler: StranglerService,
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Optional() readModel?: DocumentsReadModel,
  ) {
    this.routes = registerRoutes(strangler, documentRoutes(legacy, { list: readModel }));
  }

  list(caller: LegacyCaller, caseId: string): Promise<DocumentListDto> {
    return this.strangler.execute(this.routes.list, { caller, caseId }, currentStranglerContext());
  }

  /**
   * Applies each given change as its own legacy operation, in a fixed order (title, category,
   * isUsed). The legacy CMS has no transaction across them: if one fails, the earlier ones stay.
   */
  async update(caller: LegacyCaller, caseId: string, documentId: string, change: UpdateDocumentDto): Promise<DocumentDto> {
    const { title, category, isUsed } = change;
    if (title === undefined && category === undefined && isUsed === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Give at least one of title, category and isUsed.', { fields: 'title,category,isUsed' });
    }
    const context = currentStranglerContext();
    let updated: CaseDocument | undefined;
    if (title !== undefined) updated = await this.strangler.execute(this.routes.rename, { caller, caseId, documentId, value: title }, context);
    if (category !== undefined) updated = await this.strangler.execute(this.routes.reclassify, { caller, caseId, documentId, value: category }, context);
    if (isUsed !== undefined) updated = await this.strangler.execute(this.routes.setUsed, { caller, caseId, documentId, value: isUsed }, context);
    // The legacy answer has the document only; its children come from the case's list. This read is
    // part of the write (straight after it, from the system that performed it), not the documents.list route.
    const children = childrenByParent(await this.legacy.listDocuments(caller, caseId));
    return toDocumentDto(updated!, children.get(documentId) ?? []);
  }
}
