import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import { ROLES } from '../../auth/roles.js';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import { DomainError } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { ADMIN_PROBLEMS, ApiProblems, AUTH_PROBLEMS, BODY_PROBLEMS, CASE_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { ProveRemovalDto, RedactionLogSummaryDto, RedactionLogSummaryQueryDto, RedactionTypeListDto, RemovalProofDto } from './redaction-log-report.dto.js';
import { RedactionLogReportService } from './redaction-log-report.service.js';
import { RedactionTypeCatalog } from './redaction-type-catalog.js';

const ENTRY_ID_PATTERN = /^[0-9A-Za-z:.-]{1,80}$/;

/** The redaction types, the redaction log's management figures, and proof of removed words. */
@ApiTags('redaction')
@ApiBearerAuth()
@Controller(API_V1)
export class RedactionLogReportController {
  constructor(
    private readonly reports: RedactionLogReportService,
    private readonly types: RedactionTypeCatalog,
  ) {}

  @Get('redaction-types')
  @ApiOperation({
    summary: 'The redaction types a box may carry',
    description: 'Configured per deployment (REDACTION_TYPES). `other` needs a short `otherReason`.',
    operationId: 'listRedactionTypes',
  })
  @ApiOkResponse({ type: RedactionTypeListDto })
  @ApiProblems(...AUTH_PROBLEMS)
  list(): RedactionTypeListDto {
    return { types: this.reports.redactionTypes().map((type) => ({ ...type })), typeRequired: this.types.typeRequired };
  }

  @Get('redaction-log/summary')
  @Roles(ROLES.management, ROLES.admin)
  @ApiOperation({
    summary: 'Management figures of the redaction log across cases',
    description:
      'Saved redactions and boxes by redaction type and by unit, and under/over-redaction by investigative agency, over the days from..to (UTC, inclusive; at most 366). Counts only: no case, document or user ids. For the roles Casework.Management and Facade.Admin.',
    operationId: 'getRedactionLogSummary',
  })
  @ApiOkResponse({ type: RedactionLogSummaryDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'VALIDATION_FAILED')
  summary(@Query() query: RedactionLogSummaryQueryDto): Promise<RedactionLogSummaryDto> {
    return this.reports.summary(query);
  }

  @Post('cases/:caseId/redaction-log/:entryId/prove')
  @HttpCode(200)
  @Roles(ROLES.auditor, ROLES.admin)
  @ApiOperation({
    summary: 'Prove whether candidate words were removed by a saved redaction',
    description:
      'Hashes each candidate with the deployment key and the entry\'s salt and compares it with the removed words\' hashes the entry holds: the log never stores the words. For the roles Facade.Auditor and Facade.Admin, with access to the case; audited (the candidates are not recorded).',
    operationId: 'proveRedactionRemoval',
  })
  @ApiIdParam('caseId', '42')
  @ApiParam({ name: 'entryId', description: 'A redaction log entry id of the case.', schema: { type: 'string', pattern: ENTRY_ID_PATTERN.source } })
  @ApiBody({ type: ProveRemovalDto })
  @ApiOkResponse({ type: RemovalProofDto })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'FORBIDDEN', 'REDACTION_LOG_ENTRY_NOT_FOUND')
  async prove(@Param('caseId', ParseIdPipe) caseId: string, @Param('entryId') entryId: string, @Body() body: ProveRemovalDto): Promise<RemovalProofDto> {
    if (!ENTRY_ID_PATTERN.test(entryId)) throw new DomainError('VALIDATION_FAILED', 'entryId must be a redaction log entry id.', { field: 'entryId' });
    const proof = await this.reports.prove(caseId, entryId, body.candidates);
    return { ...proof, results: proof.results.map((result, index) => ({ index, ...result })) };
  }
}
