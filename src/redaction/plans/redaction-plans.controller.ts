import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../../auth/caller.decorator.js';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import { DomainError } from '../../common/domain-error.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { TRACKED_DOCUMENT_ID } from '../../common/validation/id-patterns.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { PlanEventsNotifier, streamPlanEvents, type PlanEventsOptions } from './redaction-plan-events.js';
import { RedactionPlanStore } from './redaction-plan.store.js';
import { ApplyRedactionPlanDto, CreateRedactionPlanDto, PLAN_EVENT_DTOS, RedactionPlanDto, ReviewRedactionPlanDto } from './redaction-plans.dto.js';
import { toRedactionPlanDto } from './redaction-plans.mapper.js';
import { MAX_PLAN_PAGE, RedactionPlansService } from './redaction-plans.service.js';

export const PLAN_EVENTS_OPTIONS = Symbol('PlanEventsOptions');

const PLANS = 'redaction-plans';
const PLAN = `${PLANS}/:planId`;
const PLAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ETAG_HEADER = { ETag: { required: true, description: 'The plan’s revision: send it as `If-Match` when reviewing.', schema: { type: 'string' } } };
const PlanIdParam = (): MethodDecorator => ApiParam({ name: 'planId', required: true, schema: { type: 'string', format: 'uuid' } });
const IfMatch = (required: boolean, description: string): MethodDecorator => ApiHeader({ name: 'If-Match', required, description });

const parsePlanId = (planId: string): string => {
  if (!PLAN_ID.test(planId)) throw new DomainError('VALIDATION_FAILED', 'planId must be a plan id (a lowercase UUID).', { field: 'planId' });
  return planId;
};

@ApiTags('redaction')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class RedactionPlansController {
  constructor(
    private readonly plans: RedactionPlansService,
    private readonly store: RedactionPlanStore,
    private readonly notifier: PlanEventsNotifier,
    @Inject(PLAN_EVENTS_OPTIONS) private readonly eventsOptions: PlanEventsOptions,
  ) {}

  @Post(PLANS)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Build a case-wide redaction plan',
    description:
      'Finds every occurrence of the terms, of the named witnesses’ and defendants’ data (name, address, postcode, phone, date of birth, as the legacy CMS lets the caller see them) and of the suggestion categories in every current, indexed document version of the case, and answers a reviewable plan: per document, per page, boxes with the matched text. Every document starts accepted (e-mail attachments start rejected: they are not legacy documents). The plan stores boxes and word references, never text. 409 DOCUMENT_NOT_INGESTED when the case has not been ingested.',
    operationId: 'createRedactionPlan',
  })
  @ApiBody({ type: CreateRedactionPlanDto })
  @ApiCreatedResponse({ type: RedactionPlanDto, headers: ETAG_HEADER })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'DOCUMENT_NOT_INGESTED')
  @RateLimit('redaction')
  async create(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Body() body: CreateRedactionPlanDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RedactionPlanDto> {
    const view = await this.plans.create(caller, caseId, { terms: body.terms ?? [], categories: body.categories ?? [], people: body.people ?? [] });
    void reply.header('etag', view.etag);
    return toRedactionPlanDto(view);
  }

  @Get(PLAN)
  @ApiOperation({
    summary: 'Read a redaction plan, a page of documents at a time',
    description: 'The plan, its documents in id order (paged with `after`), the matched text of each box read from the version’s stored words, and once applying the report so far.',
    operationId: 'getRedactionPlan',
  })
  @PlanIdParam()
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_PLAN_PAGE, default: 20 } })
  @ApiQuery({ name: 'after', required: false, schema: { type: 'string', pattern: TRACKED_DOCUMENT_ID.source }, description: '`nextAfter` of the previous page.' })
  @ApiOkResponse({ type: RedactionPlanDto, headers: ETAG_HEADER })
  @ApiProblems(...CASE_PROBLEMS, 'REDACTION_PLAN_NOT_FOUND')
  async read(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('planId') planId: string,
    @Query('limit') limit: string | undefined,
    @Query('after') after: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedactionPlanDto> {
    if (after !== undefined && !TRACKED_DOCUMENT_ID.test(after)) throw new DomainError('VALIDATION_FAILED', 'after must be the nextAfter of a previous page.', { field: 'after' });
    const view = await this.plans.view(caseId, parsePlanId(planId), { ...(after === undefined ? {} : { after }), limit: parseLimit(limit) });
    void reply.header('etag', view.etag);
    return toRedactionPlanDto(view);
  }

  @Patch(PLAN)
  @ApiOperation({
    summary: 'Review a redaction plan: accept or reject documents and boxes',
    description:
      'Changes apply together or not at all, and only to the plan as the reviewer read it: `If-Match` must carry its ETag (412 PRECONDITION_FAILED when another reviewer changed it since; 428 PRECONDITION_REQUIRED without it). 409 REDACTION_PLAN_NOT_EDITABLE once applying. Answers the plan’s first page.',
    operationId: 'reviewRedactionPlan',
  })
  @PlanIdParam()
  @IfMatch(true, 'The ETag of the plan as read.')
  @ApiBody({ type: ReviewRedactionPlanDto })
  @ApiOkResponse({ type: RedactionPlanDto, headers: ETAG_HEADER })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'REDACTION_PLAN_NOT_FOUND', 'PRECONDITION_FAILED', 'PRECONDITION_REQUIRED', 'REDACTION_PLAN_NOT_EDITABLE')
  async review(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('planId') planId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ReviewRedactionPlanDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedactionPlanDto> {
    const view = await this.plans.review(caseId, parsePlanId(planId), ifMatch, body.documents);
    void reply.header('etag', view.etag);
    return toRedactionPlanDto(view);
  }

  @Post(`${PLAN}/apply`)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Apply a redaction plan',
    description:
      'Queues a job that runs as the caller: one redaction per accepted document (verification, check-out, check-in, redaction log, re-ingestion), one after another; a document whose version moved on since the plan was built is skipped (DOCUMENT_VERSION_NOT_CURRENT), never redacted blindly. Progress: the events endpoint; result: the plan’s `report`. Resumes after a crash without saving a document twice. Asking again while it applies is harmless; 409 REDACTION_PLAN_NOT_EDITABLE once applied. With `If-Match`, applies only the plan as read.',
    operationId: 'applyRedactionPlan',
  })
  @PlanIdParam()
  @IfMatch(false, 'Apply only if the plan is still as read (its ETag).')
  @ApiBody({ type: ApplyRedactionPlanDto, required: false })
  @ApiAcceptedResponse({ type: RedactionPlanDto, headers: ETAG_HEADER })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'REDACTION_PLAN_NOT_FOUND', 'PRECONDITION_FAILED', 'REDACTION_PLAN_NOT_EDITABLE')
  @RateLimit('redaction')
  async apply(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('planId') planId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ApplyRedactionPlanDto | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedactionPlanDto> {
    const view = await this.plans.apply(caller, caseId, parsePlanId(planId), ifMatch, body?.reasonCodes ?? []);
    void reply.header('etag', view.etag);
    return toRedactionPlanDto(view);
  }

  @Get(`${PLAN}/events`)
  @ApiOperation({
    summary: 'Server-sent events of a redaction plan’s apply',
    description:
      'Events, each with an `id`: `progress` (a run started or resumed, with counts), `document` (a document saved, failed or skipped, with the counts so far), `done` (the report’s counts; the stream then ends). Reconnect with `Last-Event-ID` to get only what was missed; a stream opened after `done` sends what is left and ends.',
    operationId: 'streamRedactionPlanEvents',
  })
  @PlanIdParam()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The `id` of the last event received.' })
  @ApiExtraModels(...Object.values(PLAN_EVENT_DTOS))
  @ApiResponse({
    status: 200,
    description:
      'A `text/event-stream`: `retry: 2000`, then per event an `id:` line (its sequence number), an `event:` line naming it and a `data:` line of JSON (the schema describes one event with its data parsed); `: heartbeat` comment lines keep it open.',
    content: {
      'text/event-stream': {
        schema: {
          oneOf: Object.values(PLAN_EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })),
          discriminator: { propertyName: 'event', mapping: Object.fromEntries(Object.entries(PLAN_EVENT_DTOS).map(([event, dto]) => [event, getSchemaPath(dto)])) },
        },
      },
    },
  })
  @ApiProblems(...CASE_PROBLEMS, 'REDACTION_PLAN_NOT_FOUND')
  async events(
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('planId') planId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const id = parsePlanId(planId);
    // Read before hijacking, so an unknown plan still answers problem+json.
    await this.plans.plan(caseId, id);
    const after = lastEventId !== undefined && /^\d{1,8}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : 0;
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    streamPlanEvents(
      reply.raw,
      after,
      {
        load: (afterSequence) => this.store.events(id, afterSequence),
        applied: async () => (await this.store.plan(id))?.value.status === 'applied',
        watch: (listener) => this.notifier.watch(id, listener),
      },
      this.eventsOptions,
    );
  }
}

function parseLimit(limit: string | undefined): number | undefined {
  if (limit === undefined) return undefined;
  const value = /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
  if (!(value >= 0 && value <= MAX_PLAN_PAGE)) throw new DomainError('VALIDATION_FAILED', `limit must be an integer from 0 to ${MAX_PLAN_PAGE}.`, { field: 'limit' });
  return value;
}
