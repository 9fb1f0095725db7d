import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { VersionRef } from '../common/version-ref.js';
import { LEGACY_CMS, type DocumentContent, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { parseRangeHeader } from '../common/http-content/range-header.js';

/** What a HEAD answers: the content's description, without its bytes. */
export type DocumentContentHead = Omit<DocumentContent, 'stream'>;

@Injectable()
export class DocumentContentService {
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  /**
   * Opens the version's bytes, or the one range the Range header asks for (routes documents.getInfo,
   * then documents.getContent). The caller owns the returned stream and must consume or destroy it.
   * An unsatisfiable range throws RANGE_NOT_SATISFIABLE carrying `totalBytes`.
   */
  async open(caller: LegacyCaller, ref: VersionRef, rangeHeader: string | undefined): Promise<DocumentContent> {
    const { caseId, documentId, versionId } = ref;
    const { range } = await this.head(caller, ref, rangeHeader);
    return this.legacy.openDocumentContent(caller, caseId, documentId, versionId, range);
  }

  /**
   * What `open` would answer, from the version's metadata alone: the file store is not asked, so a
   * HEAD costs one metadata read however large the file. Same errors as `open` for an unknown
   * version or an unsatisfiable range.
   */
  async head(caller: LegacyCaller, { caseId, documentId, versionId }: VersionRef, rangeHeader: string | undefined): Promise<DocumentContentHead> {
    const info = await this.legacy.getDocumentInfo(caller, caseId, documentId, versionId);
    const request = parseRangeHeader(rangeHeader, info.sizeBytes);
    if (request.kind === 'unsatisfiable') {
      throw new DomainError('RANGE_NOT_SATISFIABLE', `The range is outside the ${info.sizeBytes} bytes of this version.`, { totalBytes: info.sizeBytes });
    }
    return { mimeType: info.mimeType, fileName: info.fileName, totalBytes: info.sizeBytes, range: request.kind === 'partial' ? request.range : null };
  }
}
