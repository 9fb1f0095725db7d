import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { requestContext, type RequestContext } from '../common/request-context.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';

function callerFrom(context: RequestContext | undefined): LegacyCaller {
  if (context?.user === undefined) throw new DomainError('UNAUTHENTICATED', 'The request is not authenticated.');
  return { username: context.user.username, subject: context.user.subject, correlationId: context.correlationId };
}

/** The legacy caller of an authenticated request. */
export const callerOf = (request: FastifyRequest): LegacyCaller => callerFrom(requestContextOf(request) ?? requestContext.current());

/** The legacy caller of the request being served, from the async request context (for services). */
export const currentCaller = (): LegacyCaller => callerFrom(requestContext.current());

/** `@Caller() caller: LegacyCaller` — who the legacy CMS is asked on behalf of. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): LegacyCaller => callerOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
