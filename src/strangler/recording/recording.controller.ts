import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../auth/caller.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ROLES } from '../../auth/roles.js';
import { API_V1 } from '../../common/api-paths.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ADMIN_PROBLEMS, ApiProblems, BODY_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import type { ReplayReport } from '../replay/replay-report.js';
import { ReplayService } from '../replay/replay.service.js';
import { RecordingAdmin, type RecordingView } from './recording-admin.service.js';
import { RecordingChangeDto, RecordingViewDto, ReplayReportDto, ReplayRequestDto } from './recording.dto.js';

/** Record and replay (ADR 0026): sanitised, encrypted samples of legacy calls, replayed against modern offline. */
@ApiTags('strangler')
@ApiBearerAuth()
@Roles(ROLES.admin)
@Controller(`${API_V1}/admin/routes`)
export class RecordingController {
  constructor(
    private readonly admin: RecordingAdmin,
    private readonly replays: ReplayService,
  ) {}

  @Get(':name/recording')
  @ApiOperation({ summary: 'Whether a route records legacy calls, and how many samples it holds', operationId: 'getStranglerRecording' })
  @ApiOkResponse({ type: RecordingViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'ROUTE_NOT_FOUND')
  get(@Param('name') name: string): Promise<RecordingView> {
    return this.admin.view(name);
  }

  @Put(':name/recording')
  @ApiOperation({ summary: 'Record successful legacy calls of a route (personal data removed, encrypted at rest)', operationId: 'startStranglerRecording' })
  @ApiOkResponse({ type: RecordingViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  start(@Caller() caller: LegacyCaller, @Param('name') name: string, @Body() body: RecordingChangeDto): Promise<RecordingView> {
    return this.admin.start(name, body, caller.username);
  }

  @Delete(':name/recording')
  @ApiOperation({ summary: 'Stop recording a route and delete its samples', operationId: 'stopStranglerRecording' })
  @ApiQuery({ name: 'reason', required: false, schema: { type: 'string', minLength: 3, maxLength: 500 } })
  @ApiOkResponse({ type: RecordingViewDto })
  @ApiProblems(...ADMIN_PROBLEMS, 'VALIDATION_FAILED', 'ROUTE_NOT_FOUND')
  stop(@Caller() caller: LegacyCaller, @Param('name') name: string, @Query('reason') reason?: string): Promise<RecordingView> {
    return this.admin.stop(name, caller.username, reason);
  }

  @Post(':name/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay the recorded legacy calls against the modern implementation (or a write’s dry run) and compare',
    operationId: 'replayStranglerRoute',
    description: 'Calls only the modern implementation, as the given legacy user; no route changes mode. Answers the shadow diff report: counts, top paths, samples without values.',
  })
  @ApiOkResponse({ type: ReplayReportDto })
  @ApiProblems(...ADMIN_PROBLEMS, ...BODY_PROBLEMS, 'ROUTE_NOT_FOUND')
  replay(@Param('name') name: string, @Body() body: ReplayRequestDto): Promise<ReplayReport> {
    return this.replays.replay({ route: name, as: body.as, limit: body.limit });
  }
}
