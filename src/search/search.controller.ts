import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { ID_PATTERN, TRACKED_DOCUMENT_ID } from '../common/validation/id-patterns.js';
import { ParseTrackedDocumentIdPipe } from '../common/validation/parse-tracked-document-id.pipe.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { STALE_RESPONSE_HEADERS } from '../common/stale-response.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { ApiProblems, CASE_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { SearchCountDto, SearchDocumentsQueryDto, SearchFilterQueryDto, SearchOneDocumentQueryDto, SearchResultDto } from './search.dto.js';
import { SearchService, type SearchFilters } from './search.service.js';

const CASE_ID = { name: 'caseId', required: true, schema: { type: 'string', pattern: ID_PATTERN.source, example: '42' } } as const;

const filtersOf = (query: SearchFilterQueryDto): SearchFilters => ({
  ...(query.category !== undefined ? { categories: query.category } : {}),
  ...(query.type !== undefined ? { types: query.type } : {}),
  ...(query.from !== undefined ? { from: query.from } : {}),
  ...(query.to !== undefined ? { to: query.to } : {}),
  ...(query.dateField !== undefined ? { dateField: query.dateField } : {}),
  ...(query.state !== undefined ? { states: query.state } : {}),
  ...(query.documentId !== undefined ? { documentId: query.documentId } : {}),
  ...(query.includeCovered === true ? { includeCovered: true } : {}),
});

@ApiTags('search')
@ApiBearerAuth()
@Controller(`${API_V1}/cases`)
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get(':caseId/search')
  @ApiOperation({
    summary: "Search a case's documents",
    description:
      'Documents whose title or file name has every term, and hits from the current version of each indexed document, grouped by document and page, ' +
      'with the boxes of the matched words. Filters (category, type, date range, ingestion state, one document) narrow both. ' +
      'Words under boxes drawn to hide them match only with includeCovered=true, flagged `covered: true`. Unknown query parameters are refused (400 VALIDATION_FAILED).',
    operationId: 'searchCase',
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: SearchResultDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  @RateLimit('search')
  searchCase(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Query() query: SearchDocumentsQueryDto): Promise<SearchResultDto> {
    return this.search.searchCase(caller, caseId, query.q, { ...filtersOf(query), ...(query.limit !== undefined ? { limit: query.limit } : {}), ...(query.sort !== undefined ? { sort: query.sort } : {}) });
  }

  @Get(':caseId/search/count')
  @ApiOperation({
    summary: 'Count the hits of a search',
    description: 'Every matching line per document and in all (no limit), and the documents found by name, without reading a line. Takes the filters of the search.',
    operationId: 'countCaseSearch',
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: SearchCountDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  @RateLimit('search')
  countCase(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Query() query: SearchFilterQueryDto): Promise<SearchCountDto> {
    return this.search.countCase(caller, caseId, query.q, filtersOf(query));
  }

  @Get(':caseId/documents/:documentId/search')
  @ApiOperation({
    summary: 'Search within one document',
    description: 'The hits of the case search limited to one document (its current version), in the same shape; a document the caller cannot see in the case gives no hits.',
    operationId: 'searchDocument',
  })
  @ApiParam(CASE_ID)
  @ApiParam({ name: 'documentId', required: true, schema: { type: 'string', pattern: TRACKED_DOCUMENT_ID.source, example: '1001' }, description: 'A document id, or `<documentId>-<n>` for the n-th attachment unpacked from an e-mail.' })
  @ApiOkResponse({ type: SearchResultDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  @RateLimit('search')
  searchDocument(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseTrackedDocumentIdPipe) documentId: string,
    @Query() query: SearchOneDocumentQueryDto,
  ): Promise<SearchResultDto> {
    return this.search.searchCase(caller, caseId, query.q, {
      documentId,
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.includeCovered === true ? { includeCovered: true } : {}),
    });
  }
}
