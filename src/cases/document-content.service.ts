import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type DocumentContent, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { parseRangeHeader } from './content/range-header.js';

export interface DocumentVersionRef {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

@Injectable()
export class DocumentContentService {
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  /**
   * Opens the version's bytes, or the one range the Range header asks for (routes documents.getInfo,
   * then documents.getContent). The caller owns the returned stream and must consume or destroy it.
   * An unsatisfiable range throws RANGE_NOT_SATISFIABLE carrying `totalBytes`.
   */
  async open(caller: LegacyCaller, ref: DocumentVersionRef, rangeHeader: string | undefined): Promise<DocumentContent> {
    const { caseId, documentId, versionId } = ref;
    const info = await this.legacy.getDocumentInfo(caller, caseId, documentId, versionId);
    const request = parseRangeHeader(rangeHeader, info.sizeBytes);
    switch (request.kind) {
      case 'unsatisfiable':
        throw new DomainError('RANGE_NOT_SATISFIABLE', `The range is outside the ${info.sizeBytes} bytes of this version.`, { totalBytes: info.sizeBytes });
      case 'full':
        return this.legacy.openDocumentContent(caller, caseId, documentId, versionId, null);
      case 'partial':
        return this.legacy.openDocumentContent(caller, caseId, documentId, versionId, request.range);
    }
  }
}
