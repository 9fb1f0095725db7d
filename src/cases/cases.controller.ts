import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { STALE_RESPONSE_HEADERS } from '../common/stale-response.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { ParseUrnPipe } from '../common/validation/parse-urn.pipe.js';
import { URN_PATTERN } from '../common/validation/id-patterns.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { ApiProblems, CASE_PROBLEMS, LEGACY_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { CaseListDto, CaseSummaryDto } from './case.dto.js';
import { toCaseListDto, toCaseSummaryDto } from './case.mapper.js';
import { DefendantListDto } from './defendant.dto.js';
import { toDefendantListDto } from './defendant.mapper.js';
import { WitnessListDto } from './witness.dto.js';
import { toWitnessListDto } from './witness.mapper.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller(`${API_V1}/cases`)
export class CasesController {
  /** The strangled port: each call is its route's (ADR 0024). */
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  @Get()
  @ApiOperation({ summary: 'Find cases by URN', operationId: 'findCasesByUrn' })
  @ApiQuery({ name: 'urn', required: true, example: '42AB1234524', schema: { type: 'string', pattern: URN_PATTERN.source }, description: 'Case URN; lower case is accepted.' })
  @ApiOkResponse({ type: CaseListDto, description: 'The cases with that URN the caller may see (possibly none).' })
  @ApiProblems('VALIDATION_FAILED', ...LEGACY_PROBLEMS)
  async findByUrn(@Caller() caller: LegacyCaller, @Query('urn', ParseUrnPipe) urn: string): Promise<CaseListDto> {
    return toCaseListDto(await this.legacy.findCasesByUrn(caller, urn));
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'Get a case summary', operationId: 'getCaseSummary' })
  @ApiIdParam('caseId', '42')
  @ApiOkResponse({ type: CaseSummaryDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  async getSummary(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<CaseSummaryDto> {
    return toCaseSummaryDto(await this.legacy.getCaseSummary(caller, caseId));
  }

  @Get(':caseId/defendants')
  @ApiOperation({ summary: 'List the defendants of a case with their charges', operationId: 'listDefendants' })
  @ApiIdParam('caseId', '42')
  @ApiOkResponse({ type: DefendantListDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  async getDefendants(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<DefendantListDto> {
    return toDefendantListDto(await this.legacy.getDefendants(caller, caseId));
  }

  @Get(':caseId/witnesses')
  @ApiOperation({
    summary: 'List the witnesses of a case',
    description: 'Fields the legacy CMS withholds are null and their paths are listed in `warnings`.',
    operationId: 'listWitnesses',
  })
  @ApiIdParam('caseId', '42')
  @ApiOkResponse({ type: WitnessListDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  async getWitnesses(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<WitnessListDto> {
    return toWitnessListDto(await this.legacy.getWitnesses(caller, caseId));
  }
}
