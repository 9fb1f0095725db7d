import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { TRACKED_DOCUMENT_ID } from '../../common/validation/id-patterns.js';
import { ParseTrackedDocumentIdPipe } from '../../common/validation/parse-tracked-document-id.pipe.js';
import { ApiProblems, VERSION_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { negotiateThumbnailFormat } from './thumbnail-format.js';
import { ParsePageIndexPipe } from './parse-page-index.pipe.js';
import { ThumbnailQueryDto } from './thumbnail-query.dto.js';
import { DEFAULT_THUMBNAIL_WIDTH, ThumbnailService } from './thumbnail.service.js';

/** Private: the image shows case material; a day, since a version's pages never change. */
const CACHE_CONTROL = 'private, max-age=86400';
const IMAGE_CONTENT = { 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/webp': { schema: { type: 'string', format: 'binary' } } };

@ApiTags('ingestion')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class ThumbnailController {
  constructor(@Inject(ThumbnailService) private readonly thumbnails: ThumbnailService) {}

  @Get('documents/:documentId/versions/:versionId/pages/:pageIndex/thumbnail')
  @ApiOperation({
    summary: 'A thumbnail of one page of a document version',
    description:
      'The page of the converted PDF as a PNG or WebP image, rendered on first request and kept with the version (removed when the version is superseded). `If-None-Match` with the ETag answers 304.',
    operationId: 'getPageThumbnail',
  })
  @ApiParam({ name: 'documentId', required: true, schema: { type: 'string', pattern: TRACKED_DOCUMENT_ID.source, example: '1001' } })
  @ApiIdParam('versionId', '7001')
  @ApiParam({ name: 'pageIndex', required: true, schema: { type: 'integer', minimum: 0, maximum: 99999, example: 0 }, description: 'Zero-based page index.' })
  @ApiHeader({ name: 'Accept', required: false, description: 'image/webp selects WebP when `format` is absent.' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer.' })
  @ApiResponse({
    status: 200,
    description: 'The thumbnail.',
    content: IMAGE_CONTENT,
    headers: {
      ETag: { schema: { type: 'string' } },
      'Cache-Control': { schema: { type: 'string' } },
      'Content-Length': { schema: { type: 'integer' } },
      Vary: { schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'The thumbnail has not changed (If-None-Match matched).', headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(...VERSION_PROBLEMS, 'PAGE_NOT_FOUND', 'DOCUMENT_NOT_INGESTED')
  async thumbnail(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseTrackedDocumentIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Param('pageIndex', ParsePageIndexPipe) pageIndex: number,
    @Query() query: ThumbnailQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const spec = { pageIndex, width: query.width ?? DEFAULT_THUMBNAIL_WIDTH, format: negotiateThumbnailFormat(query.format, accept) };
    const thumbnail = await this.thumbnails.thumbnail({ caseId, documentId, versionId }, spec);
    const common = { etag: thumbnail.etag, 'cache-control': CACHE_CONTROL, vary: 'Accept' };
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === thumbnail.etag || tag.trim() === '*')) {
      thumbnail.stream.destroy();
      void reply.status(304).headers(common).send();
      return;
    }
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) thumbnail.stream.destroy();
    });
    void reply
      .status(200)
      .headers({ ...common, 'content-type': thumbnail.contentType, 'content-length': String(thumbnail.sizeBytes), 'x-content-type-options': 'nosniff' })
      .send(thumbnail.stream);
  }
}
