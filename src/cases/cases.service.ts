import { Inject, Injectable } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import type { CaseListDto, CaseSummaryDto } from './case.dto.js';
import { toCaseListDto, toCaseSummaryDto } from './case.mapper.js';
import type { DefendantListDto } from './defendant.dto.js';
import { toDefendantListDto } from './defendant.mapper.js';
import type { WitnessListDto } from './witness.dto.js';
import { toWitnessListDto } from './witness.mapper.js';

@Injectable()
export class CasesService {
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  async findByUrn(caller: LegacyCaller, urn: string): Promise<CaseListDto> {
    return toCaseListDto(await this.legacy.findCasesByUrn(caller, urn));
  }

  async getSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummaryDto> {
    return toCaseSummaryDto(await this.legacy.getCaseSummary(caller, caseId));
  }

  async getDefendants(caller: LegacyCaller, caseId: string): Promise<DefendantListDto> {
    return toDefendantListDto(await this.legacy.getDefendants(caller, caseId));
  }

  async getWitnesses(caller: LegacyCaller, caseId: string): Promise<WitnessListDto> {
    return toWitnessListDto(await this.legacy.getWitnesses(caller, caseId));
  }
}
