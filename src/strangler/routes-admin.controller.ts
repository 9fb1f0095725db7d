import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { API_V1 } from '../common/api-paths.js';
import { DomainError } from '../common/domain-error.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import type { DiffSample } from './diff-sample-ring.js';
import { ADMIN_PROBLEMS, ApiProblems, BODY_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { KillSwitchDto, RouteChangeDto } from './route-change.dto.js';
import { DiffSampleDto, RouteAdminViewDto, RouteChangeRecordDto } from './routes-admin.dto.js';
import { RampController } from './ramp-controller.service.js';
import { RampPlanDto, RampViewDto, StopRampDto } from './ramp.dto.js';
import { RouteTable } from './route-table.js';
import { StranglerService } from './strangler.service.js';

/** The route table at run time: read it, change a route (validated, audited), pull a kill switch. */
@ApiTags('strangler')
@ApiBearerAuth()
@Roles(ROLES.admin)
@Controller(`${API_V1}/admin/routes`)
export class RoutesAdminController {
  constructor(
    private readonly table: RouteTable,
    private readonly strangler: StranglerService,
    private readonly ramps: RampController,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the strangler routes with their modes', operationId: 'listStranglerRoutes' })
  @ApiOkResponse({ type: [RouteAdminViewDto], description: 'Every registered route, by name.' })
  @ApiProblems(...ADMIN_PROBLEMS)
  list(): RouteAdminViewDto[] {
    return this.table.list().map((route) => this.view(route.name));
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get one strangler route', operationId: 'getStranglerRoute' })
  @ApiOkResponse({ type: RouteAdminViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'ROUTE_NOT_FOUND')
  get(@Param('name') name: string): RouteAdminViewDto {
    return this.view(name);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Change the mode of a strangler route', operationId: 'changeStranglerRoute' })
  @ApiOkResponse({ type: RouteChangeRecordDto, description: 'The audit record of the change.' })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  change(@Caller() caller: LegacyCaller, @Param('name') name: string, @Body() body: RouteChangeDto): Promise<RouteChangeRecordDto> {
    const { reason, ...settings } = body;
    return this.table.set(name, { ...settings }, caller.username, reason);
  }

  @Post(':name/kill-switch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a strangler route to legacy at once', operationId: 'killStranglerRoute' })
  @ApiOkResponse({ type: RouteChangeRecordDto, description: 'The audit record of the change.' })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  kill(@Caller() caller: LegacyCaller, @Param('name') name: string, @Body() body: KillSwitchDto): Promise<RouteChangeRecordDto> {
    return this.table.killSwitch(name, caller.username, body.reason);
  }

  @Get(':name/history')
  @ApiOperation({ summary: 'Audited changes of a strangler route, newest first', operationId: 'getStranglerRouteHistory' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ type: [RouteChangeRecordDto] })
  @ApiProblems(...ADMIN_PROBLEMS, 'VALIDATION_FAILED', 'ROUTE_NOT_FOUND')
  history(@Param('name') name: string, @Query('limit') limit?: string): Promise<readonly RouteChangeRecordDto[]> {
    this.view(name);
    const parsed = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1000) throw new DomainError('VALIDATION_FAILED', 'limit must be an integer from 1 to 1000.', { field: 'limit' });
    return this.table.history({ route: name, limit: parsed });
  }

  @Get(':name/diff-samples')
  @ApiOperation({ summary: 'Recent differences between legacy and modern, without personal data', operationId: 'getStranglerDiffSamples' })
  @ApiOkResponse({ type: [DiffSampleDto], description: 'Newest first; values are replaced by their type and a short keyed hash.' })
  @ApiProblems(...ADMIN_PROBLEMS, 'ROUTE_NOT_FOUND')
  diffSamples(@Param('name') name: string): DiffSample[] {
    this.view(name);
    return this.strangler.diffSamples(name);
  }

  @Put(':name/ramp')
  @ApiOperation({
    summary: 'Start a ramp plan: canary steps that advance while the gates hold and roll back on their own when one trips',
    operationId: 'startStranglerRamp',
    description: 'The route goes to the first step at once; each advance and rollback is an audited route change carrying the gate figures.',
  })
  @ApiOkResponse({ type: RampViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  startRamp(@Caller() caller: LegacyCaller, @Param('name') name: string, @Body() body: RampPlanDto): Promise<RampViewDto> {
    this.view(name);
    return this.ramps.start(name, { ...body, gates: { ...body.gates } }, caller.username);
  }

  @Get(':name/ramp')
  @ApiOperation({ summary: 'The ramp of a route: plan, current step, and the gate figures of the step so far', operationId: 'getStranglerRamp' })
  @ApiOkResponse({ type: RampViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'ROUTE_NOT_FOUND')
  getRamp(@Param('name') name: string): Promise<RampViewDto> {
    this.view(name);
    return this.ramps.get(name);
  }

  @Delete(':name/ramp')
  @ApiOperation({ summary: 'Stop a ramp where it is (the route keeps its current mode; the kill switch returns it to legacy)', operationId: 'stopStranglerRamp' })
  @ApiOkResponse({ type: RampViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  stopRamp(@Caller() caller: LegacyCaller, @Param('name') name: string, @Body() body: StopRampDto): Promise<RampViewDto> {
    this.view(name);
    return this.ramps.stop(name, caller.username, body.reason);
  }

  private view(name: string): RouteAdminViewDto {
    const route = this.table.get(name);
    if (route === undefined) throw new DomainError('ROUTE_NOT_FOUND', `There is no strangler route named ${JSON.stringify(name.slice(0, 100))}.`);
    return {
      name: route.name,
      kind: route.definition.kind,
      hasModern: route.definition.modern !== undefined,
      supportsDryRun: route.definition.modernDryRun !== undefined,
      mode: route.active.mode,
      desired: route.desired,
      problem: route.problem,
    };
  }
}
