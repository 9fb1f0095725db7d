import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type DocumentContent, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { registerRoutes } from '../strangler/register-routes.js';
import { currentStranglerContext } from '../strangler/strangler-request.js';
import { StranglerService } from '../strangler/strangler.service.js';
import { parseRangeHeader } from './content/range-header.js';
import { documentContentRoute } from './documents.routes.js';

export interface DocumentVersionRef {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

/** What a HEAD answers: the content's description, without its bytes. */
export type DocumentContentHead = Omit<DocumentContent, 'stream'>;

@Injectable()
export class DocumentContentService {
  private readonly routes;

  constructor(
    private readonly strangler: StranglerService,
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
  ) {
    this.routes = registerRoutes(strangler, { getContent: documentContentRoute(legacy) });
  }

  /**
   * Opens the version's bytes, or the one range the Range header asks for (route
   * `documents.getContent`). The caller owns the returned stream and must consume or destroy it.
   * An unsatisfiable range throws RANGE_NOT_SATISFIABLE carrying `totalBytes`.
   */
  open(caller: LegacyCaller, ref: DocumentVersionRef, rangeHeader: string | undefined): Promise<DocumentContent> {
    return this.strangler.execute(this.routes.getContent, { caller, ...ref, rangeHeader }, currentStranglerContext());
  }

  /**
   * What `open` would answer, from the version's metadata alone: the file store is not asked, so a
   * HEAD costs one metadata read however large the file. Same errors as `open` for an unknown
   * version or an unsatisfiable range.
   */
  async head(caller: LegacyCaller, { caseId, documentId, versionId }: DocumentVersionRef, rangeHeader: string | undefined): Promise<DocumentContentHead> {
    const info = await this.legacy.getDocumentInfo(caller, caseId, documentId, versionId);
    const request = parseRangeHeader(rangeHeader, info.sizeBytes);
    if (request.kind === 'unsatisfiable') {
      throw new DomainError('RANGE_NOT_SATISFIABLE', `The range is outside the ${info.sizeBytes} bytes of this version.`, { totalBytes: info.sizeBytes });
    }
    return { mimeType: info.mimeType, fileName: info.fileName, totalBytes: info.sizeBytes, range: request.kind === 'partial' ? request.range : null };
  }
}
