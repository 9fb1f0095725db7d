import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { API_V1 } from '../common/api-paths.js';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { ADMIN_PROBLEMS, ApiProblems } from '../openapi/api-problem-responses.decorator.js';
import { buildMigrationReport, type MigrationReport } from './migration-report.js';
import { MigrationReportDto } from './migration-report.dto.js';
import { renderMigrationPage } from './migration-report.page.js';
import { RampController } from './ramp-controller.service.js';
import { RouteTable } from './route-table.js';
import { RouteTraffic } from './route-traffic.js';

/** How far the migration off the legacy CMS has come, route by route. */
@ApiTags('strangler')
@ApiBearerAuth()
@Roles(ROLES.admin, ROLES.migration)
@Controller(`${API_V1}/migration`)
export class MigrationController {
  constructor(
    private readonly table: RouteTable,
    private readonly traffic: RouteTraffic,
    private readonly ramps: RampController,
  ) {}

  /** This instance's counts are written first, so the report is the shared counters' (equal on every instance). */
  private async build(): Promise<MigrationReport> {
    await this.traffic.flush();
    const names = this.table.list().map((route) => route.name);
    const [traffic, ramps] = await Promise.all([this.traffic.totals(names), this.ramps.list()]);
    return buildMigrationReport(this.table, new Date(), { traffic, ramps });
  }

  @Get()
  @ApiOperation({ summary: 'Migration report: every route with mode, traffic share, mismatch rate vs noise floor', operationId: 'getMigrationReport', description: 'Needs the Facade.Admin or Facade.Migration role.' })
  @ApiOkResponse({ type: MigrationReportDto, description: 'The report; call counts are every instance’s (the shared traffic counters).' })
  @ApiProblems(...ADMIN_PROBLEMS)
  report(): Promise<MigrationReport> {
    return this.build();
  }

  @Get('page')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The migration report as an HTML page', operationId: 'getMigrationPage' })
  @ApiOkResponse({ description: 'A self-contained page: the routes table and the overall progress.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...ADMIN_PROBLEMS)
  async page(): Promise<string> {
    return renderMigrationPage(await this.build());
  }
}
