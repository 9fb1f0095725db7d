import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import { ROLES } from '../../auth/roles.js';
import { API_V1 } from '../../common/api-paths.js';
import { DomainError } from '../../common/domain-error.js';
import { LEGACY_OPERATIONS } from '../../legacy/legacy-operations.js';
import { ADMIN_PROBLEMS, ApiProblems } from '../../openapi/api-problem-responses.decorator.js';
import { RouteTable } from '../route-table.js';
import { STRANGLER_OPTIONS, type StranglerOptions } from '../strangler.options.js';
import { LegacyCoverageReportDto } from './legacy-coverage.dto.js';
import { buildLegacyCoverage, type LegacyCoverageReport } from './legacy-operation-coverage.js';
import { ROUTE_USAGE, type RouteUsage } from './route-usage.port.js';

const MAX_WINDOW_HOURS = 24 * 90;

/** Which operations of the legacy CMS are wrapped, routed, migrated or no longer called. */
@ApiTags('strangler')
@ApiBearerAuth()
@Roles(ROLES.admin, ROLES.migration)
@Controller(`${API_V1}/migration`)
export class LegacyCoverageController {
  constructor(
    private readonly table: RouteTable,
    @Inject(ROUTE_USAGE) private readonly usage: RouteUsage & { readonly scope?: string },
    @Inject(STRANGLER_OPTIONS) private readonly options: StranglerOptions,
  ) {}

  @Get('legacy-operations')
  @ApiOperation({
    summary: 'Every operation of the legacy WSDL and GraphQL schema: wrapped, routed, migrated or never called in a window',
    operationId: 'getLegacyOperationCoverage',
    description: 'Needs the Facade.Admin or Facade.Migration role.',
  })
  @ApiQuery({ name: 'windowHours', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_WINDOW_HOURS, default: 24 } })
  @ApiOkResponse({ type: LegacyCoverageReportDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'VALIDATION_FAILED')
  async coverage(@Query('windowHours') windowHours?: string): Promise<LegacyCoverageReport> {
    const hours = windowHours === undefined ? 24 : Number(windowHours);
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS) {
      throw new DomainError('VALIDATION_FAILED', `windowHours must be an integer from 1 to ${MAX_WINDOW_HOURS}.`, { field: 'windowHours' });
    }
    const [calls, fallbacks] = await Promise.all([this.usage.callsByRoute(hours), this.usage.fallbacksByRoute(hours)]);
    return buildLegacyCoverage({
      operations: LEGACY_OPERATIONS,
      routes: this.table.list().map((route) => ({ name: route.name, mode: route.active.mode, modernPercent: route.active.mode === 'modern' ? 100 : route.active.canaryBasisPoints / 100 })),
      calls,
      fallbacks,
      windowHours: hours,
      countsScope: this.usage.scope ?? `the last ${hours} hours, every instance`,
      now: this.options.now(),
    });
  }
}
