import { Inject, Injectable } from '@nestjs/common';
import type { VersionRef } from '../common/version-ref.js';
import { LEGACY_CMS, type DocumentContent, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { registerRoutes } from '../strangler/register-routes.js';
import { currentStranglerContext } from '../strangler/strangler-request.js';
import { StranglerService } from '../strangler/strangler.service.js';
import { documentContentRoute } from './documents.routes.js';

@Injectable()
export class DocumentContentService {
  private readonly routes;

  constructor(
    private readonly strangler: StranglerService,
    @Inject(LEGACY_CMS) legacy: LegacyCms,
  ) {
    this.routes = registerRoutes(strangler, { getContent: documentContentRoute(legacy) });
  }

  /**
   * Opens the version's bytes, or the one range the Range header asks for (route
   * `documents.getContent`). The caller owns the returned stream and must consume or destroy it.
   * An unsatisfiable range throws RANGE_NOT_SATISFIABLE carrying `totalBytes`.
   */
  open(caller: LegacyCaller, ref: VersionRef, rangeHeader: string | undefined): Promise<DocumentContent> {
    return this.strangler.execute(this.routes.getContent, { caller, ...ref, rangeHeader }, currentStranglerContext());
  }
}
