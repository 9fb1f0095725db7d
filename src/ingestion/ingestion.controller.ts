import { Controller, Get, Headers, HttpCode, Inject, Optional, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { contentDisposition, DISPOSITION_TYPES, type DispositionType } from '../common/http-content/content-disposition.js';
import { ParseDispositionPipe } from '../common/http-content/disposition.pipe.js';
import { contentRange, unsatisfiedContentRange } from '../common/http-content/range-header.js';
import { API_V1 } from '../common/api-paths.js';
import { CHECK_OUT_HOLDERS, type CheckOutHolders } from '../common/check-out-holders.port.js';
import { isDomainError } from '../common/domain-error.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { ApiProblems, CASE_PROBLEMS, VERSION_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { DocumentTextDto } from './document-text.dto.js';
import { INGESTION_OPTIONS, type IngestionModuleOptions } from './ingestion.options.js';
import { IngestionService } from './ingestion.service.js';
import { streamTrackerEvents } from './tracker-events.js';
import { CaseTrackerDto, TRACKER_EVENT_DTOS } from './tracker.dto.js';
import { toCaseTrackerDto } from './tracker.mapper.js';
import { TRACKED_DOCUMENT_ID } from '../common/validation/id-patterns.js';
import { ParseTrackedDocumentIdPipe } from '../common/validation/parse-tracked-document-id.pipe.js';

const PDF_HEADERS = {
  'Content-Length': { schema: { type: 'integer' } },
  'Content-Disposition': { schema: { type: 'string' } },
  'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
  ETag: { schema: { type: 'string' } },
};
const PDF_CONTENT = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };

const DocumentIdParam = (): MethodDecorator =>
  ApiParam({ name: 'documentId', required: true, schema: { type: 'string', pattern: TRACKED_DOCUMENT_ID.source, example: '1001' }, description: 'A document id, or `<documentId>-<n>` for the n-th attachment unpacked from an e-mail.' });

@ApiTags('ingestion')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class IngestionController {
  constructor(
    private readonly ingestion: IngestionService,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionModuleOptions,
    @Optional() @Inject(CHECK_OUT_HOLDERS) private readonly holders?: CheckOutHolders,
  ) {}

  @Post('refresh')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Refresh the case: ingest every new document version',
    description:
      'Lists the case in the legacy CMS and queues each new document version for conversion, text extraction, OCR and indexing; deleted documents leave the index. Answers once the list is diffed, with the tracker. Concurrent refreshes of a case share one run.',
    operationId: 'refreshCase',
  })
  @ApiAcceptedResponse({ type: CaseTrackerDto })
  @ApiProblems(...CASE_PROBLEMS)
  @RateLimit('refresh')
  async refresh(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<CaseTrackerDto> {
    return toCaseTrackerDto(await this.ingestion.refresh(caller, caseId), (await this.holders?.sessionHolders(caseId)) ?? new Map());
  }

  @Get('tracker')
  @ApiOperation({ summary: 'Ingestion status of the case and of each document', operationId: 'getCaseTracker' })
  @ApiOkResponse({ type: CaseTrackerDto })
  @ApiProblems(...CASE_PROBLEMS)
  async tracker(@Param('caseId', ParseIdPipe) caseId: string): Promise<CaseTrackerDto> {
    return toCaseTrackerDto(await this.ingestion.caseTracker(caseId), (await this.holders?.sessionHolders(caseId)) ?? new Map());
  }

  @Get('tracker/events')
  @ApiOperation({
    summary: 'Server-sent events of the ingestion progress',
    description:
      'Events: `document` (a TrackedDocument whose status changed), `progress` (case status and counts), `done` (every document indexed or failed; the stream then ends), `error` (the tracker could not be read; the stream then ends). A comment line is sent as a heartbeat.',
    operationId: 'streamCaseTracker',
  })
  @ApiExtraModels(...Object.values(TRACKER_EVENT_DTOS))
  @ApiResponse({
    status: 200,
    description:
      'A `text/event-stream`. It opens with `retry: 2000`; each event is an `event:` line naming it and a `data:` line of JSON (the schema describes one event with its data parsed); `: heartbeat` comment lines keep it open. After `done` (or `error`) the server ends the stream.',
    content: {
      'text/event-stream': {
        schema: {
          oneOf: Object.values(TRACKER_EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })),
          discriminator: { propertyName: 'event', mapping: Object.fromEntries(Object.entries(TRACKER_EVENT_DTOS).map(([event, dto]) => [event, getSchemaPath(dto)])) },
        },
      },
    },
  })
  @ApiProblems(...CASE_PROBLEMS)
  async events(@Param('caseId', ParseIdPipe) caseId: string, @Res() reply: FastifyReply): Promise<void> {
    // Read once before hijacking, so a failure still answers problem+json.
    await this.ingestion.caseTracker(caseId);
    reply.hijack();
    // Fastify writes no header of a hijacked reply: carry over those the hooks set (X-Correlation-Id).
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    streamTrackerEvents(
      reply.raw,
      () => this.ingestion.caseTracker(caseId),
      (listener) => this.ingestion.watch(caseId, listener),
      { heartbeatMs: this.options.sseHeartbeatMs, throttleMs: this.options.sseThrottleMs },
    );
  }

  @Get('documents/:documentId/versions/:versionId/pdf')
  @ApiOperation({
    summary: 'Download the converted PDF of a document version',
    description: 'The PDF the pipeline made (PDFs re-saved clean; other types converted). Honours a single byte range.',
    operationId: 'getDocumentPdf',
  })
  @DocumentIdParam()
  @ApiIdParam('versionId', '7001')
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023`.' })
  @ApiQuery({ name: 'disposition', required: false, enum: DISPOSITION_TYPES, description: 'attachment (default) or inline.' })
  @ApiResponse({ status: 200, description: 'The whole PDF.', content: PDF_CONTENT, headers: PDF_HEADERS })
  @ApiResponse({ status: 206, description: 'The requested byte range.', content: PDF_CONTENT, headers: { ...PDF_HEADERS, 'Content-Range': { schema: { type: 'string' } } } })
  @ApiProblems(...VERSION_PROBLEMS, 'RANGE_NOT_SATISFIABLE')
  async pdf(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseTrackedDocumentIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Query('disposition', ParseDispositionPipe) disposition: DispositionType,
    @Headers('range') range: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    let pdf;
    try {
      pdf = await this.ingestion.openPdf(caseId, documentId, versionId, range);
    } catch (error) {
      if (isDomainError(error) && error.code === 'RANGE_NOT_SATISFIABLE' && typeof error.details['totalBytes'] === 'number') {
        void reply.header('content-range', unsatisfiedContentRange(error.details['totalBytes']));
      }
      throw error;
    }
    const { stream } = pdf;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) stream.destroy();
    });
    const length = pdf.range === null ? pdf.totalBytes : pdf.range.end - pdf.range.start + 1;
    void reply
      .status(pdf.range === null ? 200 : 206)
      .headers({
        'content-type': 'application/pdf',
        'content-length': String(length),
        'content-disposition': contentDisposition(disposition, pdf.fileName),
        'accept-ranges': 'bytes',
        etag: `"${documentId}-${versionId}-pdf"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        ...(pdf.range === null ? {} : { 'content-range': contentRange(pdf.range, pdf.totalBytes) }),
      })
      .send(stream);
  }

  @Get('documents/:documentId/versions/:versionId/text')
  @ApiOperation({
    summary: 'The extracted text of a document version: pages, lines and words with boxes',
    description: 'Boxes are in PDF points, top-left origin, on the page as displayed (rotation applied). Pages without a text layer carry OCR words (source `ocr`) and an `ocr` status: `text`, `no-text` (a photo or blank page), `failed` (with the reason) or `off`.',
    operationId: 'getDocumentText',
  })
  @DocumentIdParam()
  @ApiIdParam('versionId', '7001')
  @ApiOkResponse({ type: DocumentTextDto })
  @ApiProblems(...VERSION_PROBLEMS)
  async text(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseTrackedDocumentIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const text = await this.ingestion.openText(caseId, documentId, versionId);
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) text.stream.destroy();
    });
    void reply
      .status(200)
      .headers({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(text.sizeBytes), 'cache-control': 'private, no-store' })
      .send(text.stream);
  }
}
