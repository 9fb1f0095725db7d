import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { API_V1 } from '../common/api-paths.js';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { ADMIN_PROBLEMS, ApiProblems } from '../openapi/api-problem-responses.decorator.js';
import { buildMigrationReport, type MigrationReport } from './migration-report.js';
import { MigrationReportDto } from './migration-report.dto.js';
import { renderMigrationPage } from './migration-report.page.js';
import { RouteTable } from './route-table.js';

/** How far the migration off the legacy CMS has come, route by route. */
@ApiTags('strangler')
@ApiBearerAuth()
@Roles(ROLES.admin, ROLES.migration)
@Controller(`${API_V1}/migration`)
export class MigrationController {
  constructor(private readonly table: RouteTable) {}

  @Get()
  @ApiOperation({ summary: 'Migration report: every route with mode, traffic share, mismatch rate vs noise floor', operationId: 'getMigrationReport', description: 'Needs the Facade.Admin or Facade.Migration role.' })
  @ApiOkResponse({ type: MigrationReportDto, description: 'The report; call counts are this instance’s since it started.' })
  @ApiProblems(...ADMIN_PROBLEMS)
  report(): MigrationReport {
    return buildMigrationReport(this.table, new Date());
  }

  @Get('page')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The migration report as an HTML page', operationId: 'getMigrationPage' })
  @ApiOkResponse({ description: 'A self-contained page: the routes table and the overall progress.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...ADMIN_PROBLEMS)
  page(): string {
    return renderMigrationPage(buildMigrationReport(this.table, new Date()));
  }
}
