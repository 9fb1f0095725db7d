import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../auth/caller.decorator.js';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import { TRACKED_DOCUMENT_ID } from '../../common/validation/id-patterns.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { ParseTrackedDocumentIdPipe } from '../../common/validation/parse-tracked-document-id.pipe.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ApiProblems, VERSION_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { RedactionSuggestionsDto } from './redaction-suggestions.dto.js';
import { toRedactionSuggestionsDto } from './redaction-suggestions.mapper.js';
import { RedactionSuggestionsService } from './redaction-suggestions.service.js';

@ApiTags('redaction')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class RedactionSuggestionsController {
  constructor(private readonly suggestions: RedactionSuggestionsService) {}

  @Get('documents/:documentId/versions/:versionId/redaction-suggestions')
  @ApiOperation({
    summary: 'Suggest personal data to redact in a document version',
    description:
      'Candidate redactions found in the version’s extracted words: the case’s own witnesses and defendants as the legacy CMS knows them (names in their usual forms, addresses, postcodes, phone numbers, dates of birth in any common UK rendering) and UK patterns (phone numbers, e-mail addresses, postcodes, National Insurance numbers, dates next to “DOB”/“born”/“date of birth”, vehicle registrations, sort codes next to “sort code”, account numbers next to “account”). Each carries its category, text, page, the boxes of the matched words (PDF points, ready for the redactions endpoint after scaling) and a confidence. The version must have been ingested: otherwise 409 DOCUMENT_NOT_INGESTED, and ingestion is started.',
    operationId: 'getRedactionSuggestions',
  })
  @ApiParam({ name: 'documentId', required: true, schema: { type: 'string', pattern: TRACKED_DOCUMENT_ID.source, example: '1001' }, description: 'A document id, or `<documentId>-<n>` for the n-th attachment unpacked from an e-mail.' })
  @ApiIdParam('versionId', '7001')
  @ApiOkResponse({ type: RedactionSuggestionsDto })
  @ApiProblems(...VERSION_PROBLEMS, 'DOCUMENT_NOT_INGESTED')
  async suggest(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseTrackedDocumentIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
  ): Promise<RedactionSuggestionsDto> {
    return toRedactionSuggestionsDto(await this.suggestions.suggest(caller, { caseId, documentId, versionId }));
  }
}
