import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { ID_PATTERN } from '../common/validation/id-patterns.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { ApiProblems, CASE_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { SearchCaseQueryDto, SearchResultDto } from './search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller(`${API_V1}/cases`)
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get(':caseId/search')
  @ApiOperation({
    summary: "Search a case's documents",
    description:
      'Hits from the current version of each indexed document, grouped by document (best first) and page, with the boxes of the matched words. Query parameters other than `q` and `limit` are refused (400 VALIDATION_FAILED).',
    operationId: 'searchCase',
  })
  @ApiParam({ name: 'caseId', required: true, schema: { type: 'string', pattern: ID_PATTERN.source, example: '42' } })
  @ApiOkResponse({ type: SearchResultDto })
  @ApiProblems(...CASE_PROBLEMS)
  @RateLimit('search')
  searchCase(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Query() query: SearchCaseQueryDto): Promise<SearchResultDto> {
    return this.search.searchCase(caller, caseId, query.q, query.limit);
  }
}
