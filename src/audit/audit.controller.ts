import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { API_V1 } from '../common/api-paths.js';
import { ADMIN_PROBLEMS, ApiProblems } from '../openapi/api-problem-responses.decorator.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditRecordPageDto, DEFAULT_AUDIT_LIMIT, ListAuditRecordsQueryDto } from './audit.dto.js';

/** The audit trail for auditors: who did what, filtered by user, case and time. Reading it is audited too. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(ROLES.auditor)
@Controller(`${API_V1}/audit`)
export class AuditController {
  constructor(@Inject(AuditQueryService) private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: 'List audit records, newest first, by user, case and time range', operationId: 'listAuditRecords' })
  @ApiOkResponse({ type: AuditRecordPageDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'VALIDATION_FAILED')
  list(@Query() query: ListAuditRecordsQueryDto): Promise<AuditRecordPageDto> {
    return this.audit.query({ ...query, limit: query.limit ?? DEFAULT_AUDIT_LIMIT });
  }
}
