import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../../auth/caller.decorator.js';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import type { ErrorCode } from '../../common/error-codes.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, VERSION_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { agencyFeedbackOf } from '../log/agency-feedback.js';
import { RedactionSavedDto } from '../redaction-request.dto.js';
import { PutRedactionDraftDto, RedactionSessionDto, SaveRedactionSessionDto } from './redaction-session.dto.js';
import { toRedactionSessionDto } from './redaction-session.mapper.js';
import { RedactionSessionService } from './redaction-session.service.js';

const SESSION_PATH = 'documents/:documentId/versions/:versionId/redaction-session';
const SESSION_PROBLEMS: readonly ErrorCode[] = [...VERSION_PROBLEMS, 'REDACTION_SESSION_NOT_FOUND', 'DOCUMENT_CHECKED_OUT', 'REDACTION_SESSION_BUSY'];
const ETAG_HEADER = { ETag: { required: true, description: 'The draft’s ETag: send it as If-Match with the next draft write.', schema: { type: 'string' } } };
const ETAG_IF_HOLDER = { ETag: { required: false, description: 'The draft’s ETag, for the holder only.', schema: { type: 'string' } } };

/**
 * Redaction sessions (issue 14, ADR 0028): check-out at the start, a server-side draft with an ETag, heartbeat,
 * cancel, and a save that runs the redaction and ends the session.
 */
@ApiTags('redaction')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@ApiIdParam('documentId', '1001')
@ApiIdParam('versionId', '7001')
@Controller(`${API_V1}/cases/:caseId`)
export class RedactionSessionController {
  constructor(private readonly sessions: RedactionSessionService) {}

  @Post(SESSION_PATH)
  @ApiOperation({
    summary: 'Start redacting a document version: check it out for the caller, with a server-side draft',
    description:
      'Checks the document out in the legacy CMS for the caller at once, so everyone else sees `checkedOutBy` in the document list and the tracker. 201 with a new session (its empty draft and ETag); 200 with the caller’s own session when they already hold one (another device: the draft is restored, no second check-out). 409 DOCUMENT_CHECKED_OUT with `checkedOutBy` (and `sessionHolder`, `sessionExpiresAt` when it is a facade session) when someone else holds it; 409 DOCUMENT_VERSION_NOT_CURRENT when a newer version exists. Heartbeat to keep it: a session not heartbeaten for REDACTION_SESSION_TTL_MS is cancelled.',
    operationId: 'startRedactionSession',
  })
  @ApiCreatedResponse({ type: RedactionSessionDto, description: 'A new session.', headers: ETAG_HEADER })
  @ApiOkResponse({ type: RedactionSessionDto, description: 'The caller’s existing session (renewed).', headers: ETAG_HEADER })
  @ApiProblems(...SESSION_PROBLEMS, 'DOCUMENT_VERSION_NOT_CURRENT')
  async start(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { view, created } = await this.sessions.start(caller, { caseId, documentId, versionId });
    const body = toRedactionSessionDto(view);
    void reply
      .status(created ? 201 : 200)
      .headers({ 'cache-control': 'private, no-store', ...(body.draftEtag === null ? {} : { etag: body.draftEtag }) })
      .send(body);
  }

  @Get(SESSION_PATH)
  @ApiOperation({
    summary: 'The redaction session of a version: who holds it and, for its holder, the draft',
    description: 'Anyone who may see the case sees who holds the session and until when; only the holder gets the draft and its ETag (to restore it on another device). 404 REDACTION_SESSION_NOT_FOUND when the version has none.',
    operationId: 'getRedactionSession',
  })
  @ApiResponse({ status: 200, type: RedactionSessionDto, headers: ETAG_IF_HOLDER })
  @ApiProblems(...VERSION_PROBLEMS, 'REDACTION_SESSION_NOT_FOUND')
  async get(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedactionSessionDto> {
    const body = toRedactionSessionDto(await this.sessions.get(caller, { caseId, documentId, versionId }));
    void reply.header('cache-control', 'private, no-store');
    if (body.draftEtag !== null) void reply.header('etag', body.draftEtag);
    return body;
  }

  @Put(`${SESSION_PATH}/draft`)
  @ApiOperation({
    summary: 'Save the session’s draft (optimistic concurrency with If-Match)',
    description:
      'Replaces the draft: boxes (page, rectangle in the units of the page as rendered, redaction type, an `otherReason` for type `other`), word references (page, line, word in the version’s word model; never the words themselves) and page changes. If-Match must carry the draft’s current ETag: 428 PRECONDITION_REQUIRED without it, 412 PRECONDITION_FAILED when another device saved since (read the session, then apply the change again). Answers the session with the new ETag (also in `ETag`). Only the holder may write (409 DOCUMENT_CHECKED_OUT for anyone else).',
    operationId: 'putRedactionDraft',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The draft’s ETag, as last answered; required (428 without it).' })
  @ApiBody({ type: PutRedactionDraftDto })
  @ApiResponse({ status: 200, type: RedactionSessionDto, headers: ETAG_HEADER })
  @ApiProblems(...SESSION_PROBLEMS, ...BODY_PROBLEMS, 'INVALID_GEOMETRY', 'PRECONDITION_FAILED', 'PRECONDITION_REQUIRED')
  async putDraft(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: PutRedactionDraftDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedactionSessionDto> {
    const draft = { boxes: body.boxes ?? [], words: body.words ?? [], pageModifications: body.pageModifications ?? [] };
    const answer = toRedactionSessionDto(await this.sessions.putDraft(caller, { caseId, documentId, versionId }, draft, ifMatch));
    void reply.header('cache-control', 'private, no-store');
    void reply.header('etag', answer.draftEtag!);
    return answer;
  }

  @Post(`${SESSION_PATH}/heartbeat`)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Keep the session: its expiry moves on by REDACTION_SESSION_TTL_MS',
    description: 'Send while the document is open (e.g. every minute). Only the holder may (409 DOCUMENT_CHECKED_OUT for anyone else). The answer has no draft.',
    operationId: 'heartbeatRedactionSession',
  })
  @ApiOkResponse({ type: RedactionSessionDto })
  @ApiProblems(...SESSION_PROBLEMS)
  async heartbeat(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
  ): Promise<RedactionSessionDto> {
    const session = await this.sessions.heartbeat(caller, { caseId, documentId, versionId });
    return toRedactionSessionDto({ session, heldByCaller: true, draft: null });
  }

  @Delete(SESSION_PATH)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel the session: the legacy check-out is cancelled and the draft dropped',
    description: 'Only the holder may (409 DOCUMENT_CHECKED_OUT for anyone else; 409 REDACTION_SESSION_BUSY while it saves).',
    operationId: 'cancelRedactionSession',
  })
  @ApiNoContentResponse({ description: 'Cancelled.' })
  @ApiProblems(...SESSION_PROBLEMS)
  async cancel(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
  ): Promise<void> {
    await this.sessions.cancel(caller, { caseId, documentId, versionId });
  }

  @Post(`${SESSION_PATH}/save`)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Save the draft as a redacted new version and end the session',
    description:
      'Runs the redaction of the stored draft exactly as POST …/redactions does (verification, check-in under the session’s check-out, redaction log, re-ingestion), then ends the session. While it runs the session is `saving`. If the save fails the session stays active with its draft and its check-out, so the lawyer can fix and retry. Errors as for POST …/redactions.',
    operationId: 'saveRedactionSession',
  })
  @ApiBody({ type: SaveRedactionSessionDto })
  @ApiCreatedResponse({ type: RedactionSavedDto })
  @ApiProblems(...SESSION_PROBLEMS, ...BODY_PROBLEMS, 'INVALID_GEOMETRY', 'DOCUMENT_NOT_INGESTED', 'DOCUMENT_TOO_LARGE', 'REDACTION_FAILED', 'REDACTION_VERIFICATION_FAILED', 'DOCUMENT_VERSION_NOT_CURRENT')
  @RateLimit('redaction')
  async save(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Body() body: SaveRedactionSessionDto,
  ): Promise<RedactionSavedDto> {
    return this.sessions.save(caller, { caseId, documentId, versionId }, { reasonCodes: body.reasonCodes ?? [], ...(body.agencyFeedback === undefined ? {} : { agencyFeedback: agencyFeedbackOf(body.agencyFeedback) }) });
  }
}
