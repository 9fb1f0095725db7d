import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, Inject, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { STALE_RESPONSE_HEADERS } from '../common/stale-response.js';
import { isDomainError } from '../common/domain-error.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS, VERSION_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { DISPOSITION_TYPES, type DispositionType } from '../common/http-content/content-disposition.js';
import { contentResponse } from '../common/http-content/content-headers.js';
import { ParseDispositionPipe } from '../common/http-content/disposition.pipe.js';
import { unsatisfiedContentRange } from '../common/http-content/range-header.js';
import { DocumentContentService } from './document-content.service.js';
import { DocumentViewService } from './document-view.service.js';
import { DocumentDto, DocumentListDto } from './document.dto.js';
import { toDocumentListDto } from './document.mapper.js';
import { DocumentsService } from './documents.service.js';
import { UpdateDocumentDto } from './update-document.dto.js';

const BYTES = { '*/*': { schema: { type: 'string', format: 'binary' } } };
const CONTENT_HEADERS = {
  'Content-Length': { schema: { type: 'integer' } },
  'Content-Disposition': { schema: { type: 'string' }, description: 'attachment (or inline) with filename and filename* (RFC 6266)' },
  'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
  ETag: { schema: { type: 'string' } },
};

@ApiTags('documents')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId/documents`)
export class DocumentsController {
  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly documents: DocumentsService,
    private readonly content: DocumentContentService,
    private readonly views: DocumentViewService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the documents of a case with their versions',
    description: 'Each document says what the caller may do with it now (canRedact, canRename, canReclassify, each with a reason when not) and which versions the caller has read. The list is recorded in the case history (see listCaseChanges).',
    operationId: 'listDocuments',
  })
  @ApiOkResponse({ type: DocumentListDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  async list(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<DocumentListDto> {
    const documents = await this.legacy.listDocuments(caller, caseId);
    const [viewOf] = await Promise.all([this.views.viewsOf(caller, caseId, documents), this.views.observe(caller, caseId, documents)]);
    return toDocumentListDto(documents, viewOf);
  }

  @Patch(':documentId')
  @ApiOperation({
    summary: 'Rename, reclassify or mark a document used or unused',
    description: 'Give at least one field. Each is a separate legacy operation, applied in the order title, category, isUsed.',
    operationId: 'updateDocument',
  })
  @ApiIdParam('documentId', '1001')
  @ApiOkResponse({ type: DocumentDto, description: 'The updated document.' })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_CHECKED_OUT')
  update(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Body(createValidationPipe()) change: UpdateDocumentDto,
  ): Promise<DocumentDto> {
    return this.documents.update(caller, caseId, documentId, change);
  }

  @Get(':documentId/versions/:versionId/content')
  @ApiOperation({
    summary: 'Download the original bytes of a document version',
    description: 'Streams the file as the legacy CMS holds it. Honours a single byte range (`Range: bytes=a-b`); several ranges are answered in full. `HEAD` answers the same headers from the version metadata, without reading the file.',
    operationId: 'getDocumentContent',
  })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500`.' })
  @ApiQuery({ name: 'disposition', required: false, enum: DISPOSITION_TYPES, description: 'attachment (default) or inline.' })
  @ApiResponse({ status: 200, description: 'The whole file.', content: BYTES, headers: CONTENT_HEADERS })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range.',
    content: BYTES,
    headers: { ...CONTENT_HEADERS, 'Content-Range': { schema: { type: 'string' }, description: 'bytes start-end/size' } },
  })
  @ApiProblems(...VERSION_PROBLEMS, 'RANGE_NOT_SATISFIABLE')
  async download(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Query('disposition', ParseDispositionPipe) disposition: DispositionType,
    @Headers('range') range: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const ref = { caseId, documentId, versionId };
    let content;
    try {
      if (reply.request.method === 'HEAD') {
        const head = contentResponse(await this.content.head(caller, ref, range), documentId, versionId, disposition);
        // An empty stream: Fastify's HEAD handling keeps the Content-Length of a streamed answer (a string's would be 0).
        void reply.status(head.status).headers(head.headers).send(Readable.from([]));
        return;
      }
      content = await this.content.open(caller, ref, range);
    } catch (error) {
      if (isDomainError(error) && error.code === 'RANGE_NOT_SATISFIABLE' && typeof error.details['totalBytes'] === 'number') {
        void reply.header('content-range', unsatisfiedContentRange(error.details['totalBytes']));
      }
      throw error;
    }
    const { stream } = content;
    const response = reply.raw;
    // Stop pulling from the legacy CMS as soon as the client goes away.
    response.once('close', () => {
      if (!response.writableFinished) stream.destroy();
    });
    if (response.destroyed) {
      stream.destroy();
      return;
    }
    const { status, headers } = contentResponse(content, documentId, versionId, disposition);
    void reply.status(status).headers(headers).send(stream);
  }
}
