import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../auth/caller.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ApiProblems, LEGACY_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { DEFAULT_RECENT_CASES, RecentCaseListDto, RecentCasesQueryDto } from './recent-cases.dto.js';
import { UserStateService } from './user-state.service.js';

@ApiTags('user state')
@ApiBearerAuth()
@Controller(`${API_V1}/me`)
export class RecentCasesController {
  constructor(private readonly userState: UserStateService) {}

  @Get('recent-cases')
  @ApiOperation({
    summary: 'The cases I visited most recently',
    description:
      'A visit is a call of listCaseChanges without `since` (the web app makes one on opening a case). Each case is asked of the legacy CMS again, so a case the caller can no longer see is left out.',
    operationId: 'listRecentCases',
  })
  @ApiOkResponse({ type: RecentCaseListDto })
  @ApiProblems(...LEGACY_PROBLEMS, 'VALIDATION_FAILED')
  recentCases(@Caller() caller: LegacyCaller, @Query() query: RecentCasesQueryDto): Promise<RecentCaseListDto> {
    return this.userState.recentCases(caller, query.limit ?? DEFAULT_RECENT_CASES);
  }
}
