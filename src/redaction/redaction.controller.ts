import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { contentDisposition } from '../common/http-content/content-disposition.js';
import type { VersionRef } from '../common/version-ref.js';
import { API_V1 } from '../common/api-paths.js';
import { DomainError } from '../common/domain-error.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import type { ErrorCode } from '../common/error-codes.js';
import { agencyFeedbackOf } from './log/agency-feedback.js';
import { toRedactionLogEntryDto } from './log/redaction-log-entry.mapper.js';
import { MAX_REDACTION_LOG_PAGE } from './redaction-log.js';
import { CreateRedactionDto, RedactionLogPageDto, RedactionPreviewWordsDto, RedactionSavedDto } from './redaction-request.dto.js';
import { RedactionService, type RedactionRequest } from './redaction.service.js';

const VERSION_PATH = 'documents/:documentId/versions/:versionId/redactions';
/** What applying a redaction can fail with, preview or save. */
const APPLY_PROBLEMS: readonly ErrorCode[] = [
  ...CASE_PROBLEMS,
  ...BODY_PROBLEMS,
  'INVALID_GEOMETRY',
  'DOCUMENT_NOT_INGESTED',
  'DOCUMENT_TOO_LARGE',
  'REDACTION_FAILED',
  'REDACTION_VERIFICATION_FAILED',
];
const AFTER_PATTERN = /^[0-9A-Za-z:.-]{1,80}$/;

@ApiTags('redaction')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class RedactionController {
  constructor(private readonly redaction: RedactionService) {}

  @Post(VERSION_PATH)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Redact a document version and save it to the legacy CMS as a new version',
    description:
      'Removes everything under the rectangles (and every occurrence of the search terms), applies page deletions and rotations, verifies that nothing redacted survives (text, streams, metadata, annotations, attachments…), then checks the document out, uploads the redacted PDF in chunks, checks it in, records the redaction log and re-ingests the case. Errors: 409 DOCUMENT_VERSION_NOT_CURRENT (with currentVersionId), 409 DOCUMENT_CHECKED_OUT (with checkedOutBy), 409 DOCUMENT_NOT_INGESTED (the version has not been ingested yet: its ingestion is started, retry when the tracker shows it indexed), 400 INVALID_GEOMETRY, 413 DOCUMENT_TOO_LARGE, 422 REDACTION_VERIFICATION_FAILED. Nothing is saved if any step fails, and the check-out is always cancelled.',
    operationId: 'createRedaction',
  })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiBody({ type: CreateRedactionDto })
  @ApiCreatedResponse({ type: RedactionSavedDto })
  @ApiProblems(...APPLY_PROBLEMS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND', 'DOCUMENT_VERSION_NOT_CURRENT', 'DOCUMENT_CHECKED_OUT')
  @RateLimit('redaction')
  async create(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Body() body: CreateRedactionDto,
  ): Promise<RedactionSavedDto> {
    return this.redaction.save(caller, { caseId, documentId, versionId } satisfies VersionRef, toRequest(body));
  }

  @Post(`${VERSION_PATH}/preview`)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview a redaction: the redacted and verified PDF, without saving anything',
    description: 'The same request as saving a redaction; answers the PDF the save would upload. The legacy CMS is not changed.',
    operationId: 'previewRedaction',
  })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiBody({ type: CreateRedactionDto })
  @ApiResponse({
    status: 200,
    description: 'The redacted PDF. X-Redaction-Box-Count and X-Redacted-Pages describe what was removed.',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Length': { required: true, schema: { type: 'integer', minimum: 0 } },
      'Content-Disposition': { required: true, description: 'inline, with filename and filename* (RFC 6266).', schema: { type: 'string' } },
      'X-Redaction-Box-Count': { required: true, description: 'Boxes applied.', schema: { type: 'integer', minimum: 0 } },
      'X-Redacted-Pages': {
        required: true,
        description: '0-based indexes (in the version redacted) of the pages that carry a redaction, comma-separated; empty when only pages were deleted or rotated.',
        schema: { type: 'string', pattern: '^([0-9]+(,[0-9]+)*)?$' },
      },
    },
  })
  @ApiProblems(...APPLY_PROBLEMS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND')
  @RateLimit('preview')
  async preview(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Body() body: CreateRedactionDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const preview = await this.redaction.preview(caller, { caseId, documentId, versionId }, toRequest(body));
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) preview.stream.destroy();
    });
    void reply
      .status(200)
      .headers({
        'content-type': 'application/pdf',
        'content-length': String(preview.sizeBytes),
        'content-disposition': contentDisposition('inline', preview.fileName),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'x-redaction-box-count': String(preview.boxCount),
        'x-redacted-pages': preview.pages.join(','),
      })
      .send(preview.stream);
  }

  @Post(`${VERSION_PATH}/preview/words`)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview the words a redaction will remove, before saving',
    description:
      'The same request as saving a redaction; answers, per page, the words of the version\'s word index that the boxes cover (text the caller may already read), with their type and position, and how many words deleted pages take with them, so a client can say "these 37 words will be removed". Nothing is redacted or saved; the engine does not run (POST …/redactions/preview answers the redacted PDF).',
    operationId: 'previewRedactionWords',
  })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiBody({ type: CreateRedactionDto })
  @ApiOkResponse({ type: RedactionPreviewWordsDto })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'INVALID_GEOMETRY', 'DOCUMENT_NOT_INGESTED', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND')
  @RateLimit('preview')
  async previewWords(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Body() body: CreateRedactionDto,
  ): Promise<RedactionPreviewWordsDto> {
    const preview = await this.redaction.previewWords(caller, { caseId, documentId, versionId }, toRequest(body));
    return {
      documentId: preview.documentId,
      versionId: preview.versionId,
      boxCount: preview.boxCount,
      wordCount: preview.wordCount,
      pages: preview.pages.map((page) => ({
        pageIndex: page.pageIndex,
        wordCount: page.words.length,
        words: page.words.map((word) => ({ text: word.text, redactionType: word.redactionType, ...word.box })),
      })),
      deletedPages: preview.deletedPages.map((page) => ({ ...page })),
    };
  }

  @Get('redaction-log')
  @ApiOperation({
    summary: 'The redaction log of the case: every saved redaction, oldest first',
    description: 'Append-only: who saved which redaction of which version, when, with how many boxes on which pages, and why. Paged with `after`.',
    operationId: 'listRedactionLog',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_REDACTION_LOG_PAGE, default: 50 } })
  @ApiQuery({ name: 'after', required: false, schema: { type: 'string', pattern: AFTER_PATTERN.source }, description: '`nextAfter` of the previous page.' })
  @ApiOkResponse({ type: RedactionLogPageDto })
  @ApiProblems(...CASE_PROBLEMS)
  async log(@Param('caseId', ParseIdPipe) caseId: string, @Query('limit') limit?: string, @Query('after') after?: string): Promise<RedactionLogPageDto> {
    const page = await this.redaction.listLog(caseId, { limit: parseLimit(limit), after: parseAfter(after) });
    return { caseId, entries: page.entries.map(toRedactionLogEntryDto), nextAfter: page.nextAfter };
  }
}

function toRequest(body: CreateRedactionDto): RedactionRequest {
  return {
    ...(body.redactions === undefined ? {} : { redactions: body.redactions.map((page) => ({ ...page, rects: page.rects.map((rect) => ({ ...rect })) })) }),
    ...(body.searchTerms === undefined ? {} : { searchTerms: body.searchTerms }),
    ...(body.pageModifications === undefined ? {} : { pageModifications: body.pageModifications.map((change) => ({ ...change })) }),
    ...(body.reasonCodes === undefined ? {} : { reasonCodes: body.reasonCodes }),
    ...(body.typedSearchTerms === undefined
      ? {}
      : {
          typedSearchTerms: body.typedSearchTerms.map((term) => ({
            term: term.term,
            ...(term.redactionType === undefined ? {} : { redactionType: term.redactionType }),
            ...(term.otherReason === undefined ? {} : { otherReason: term.otherReason }),
          })),
        }),
    ...(body.agencyFeedback === undefined ? {} : { agencyFeedback: agencyFeedbackOf(body.agencyFeedback) }),
  };
}

function parseLimit(limit: string | undefined): number | undefined {
  if (limit === undefined) return undefined;
  const value = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!(value >= 1 && value <= MAX_REDACTION_LOG_PAGE)) {
    throw new DomainError('VALIDATION_FAILED', `limit must be an integer from 1 to ${MAX_REDACTION_LOG_PAGE}.`, { field: 'limit' });
  }
  return value;
}

function parseAfter(after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  if (!AFTER_PATTERN.test(after)) throw new DomainError('VALIDATION_FAILED', 'after must be the nextAfter of a previous page.', { field: 'after' });
  return after;
}
