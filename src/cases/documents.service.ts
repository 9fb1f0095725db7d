import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { DocumentViewService } from './document-view.service.js';
import type { DocumentDto } from './document.dto.js';
import { childrenByParent, toDocumentDto } from './document.mapper.js';
import type { UpdateDocumentDto } from './update-document.dto.js';

/** Document changes: several port calls (each its own route) for one PATCH. */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly views: DocumentViewService,
  ) {}

  /**
   * Applies each given change as its own legacy operation, in a fixed order (title, category,
   * isUsed). The legacy CMS has no transaction across them: if one fails, the earlier ones stay.
   */
  async update(caller: LegacyCaller, caseId: string, documentId: string, change: UpdateDocumentDto): Promise<DocumentDto> {
    const { title, category, isUsed } = change;
    if (title === undefined && category === undefined && isUsed === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Give at least one of title, category and isUsed.', { fields: 'title,category,isUsed' });
    }
    let updated: CaseDocument | undefined;
    if (title !== undefined) updated = await this.legacy.renameDocument(caller, caseId, documentId, title);
    if (category !== undefined) updated = await this.legacy.reclassifyDocument(caller, caseId, documentId, category);
    if (isUsed !== undefined) updated = await this.legacy.setDocumentUsed(caller, caseId, documentId, isUsed);
    // The answer has the document only; its children come from the case's list.
    const documents = await this.legacy.listDocuments(caller, caseId);
    const children = childrenByParent(documents);
    const [viewOf] = await Promise.all([this.views.viewsOf(caller, caseId, [updated!]), this.views.observe(caller, caseId, documents)]);
    return toDocumentDto(updated!, children.get(documentId) ?? [], viewOf(updated!));
  }
}
