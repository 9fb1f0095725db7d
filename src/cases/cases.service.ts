import { Inject, Injectable, Optional } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { ModernCaseSummaryReader } from '../modern/case-summary/modern-case-summary.service.js';
import { registerRoutes } from '../strangler/register-routes.js';
import { currentStranglerContext } from '../strangler/strangler-request.js';
import { StranglerService } from '../strangler/strangler.service.js';
import type { CaseListDto, CaseSummaryDto } from './case.dto.js';
import { caseRoutes } from './cases.routes.js';
import type { DefendantListDto } from './defendant.dto.js';
import type { WitnessListDto } from './witness.dto.js';

/** Cases, defendants and witnesses; every operation goes through its strangler route (cases.routes.ts). */
@Injectable()
export class CasesService {
  private readonly routes;

  constructor(
    private readonly strangler: StranglerService,
    @Inject(LEGACY_CMS) legacy: LegacyCms,
    @Optional() modernSummary?: ModernCaseSummaryReader,
  ) {
    this.routes = registerRoutes(strangler, caseRoutes(legacy, { summary: modernSummary }));
  }

  findByUrn(caller: LegacyCaller, urn: string): Promise<CaseListDto> {
    return this.strangler.execute(this.routes.findByUrn, { caller, urn }, currentStranglerContext());
  }

  getSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummaryDto> {
    return this.strangler.execute(this.routes.getSummary, { caller, caseId }, currentStranglerContext());
  }

  getDefendants(caller: LegacyCaller, caseId: string): Promise<DefendantListDto> {
    return this.strangler.execute(this.routes.getDefendants, { caller, caseId }, currentStranglerContext());
  }

  getWitnesses(caller: LegacyCaller, caseId: string): Promise<WitnessListDto> {
    return this.strangler.execute(this.routes.getWitnesses, { caller, caseId }, currentStranglerContext());
  }
}
