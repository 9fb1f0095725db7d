import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDomainError } from './domain-error.js';
import type { ErrorCode } from './error-codes.js';
import { problemKindOf, problemTypeOf } from './problem-catalog.js';
import { requestContext } from './request-context.js';
import { CORRELATION_ID_HEADER, requestContextOf } from './correlation-id.js';
import { HTTP_LIMITS } from './http-limits.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly correlationId: string;
  readonly instance: string;
  readonly [extra: string]: string | number | boolean;
}

/** Turns anything thrown (domain errors, Nest and Fastify errors) into a coded DomainError. */
export function toDomainError(exception: unknown): DomainError {
  if (isDomainError(exception)) return exception;
  const status = statusOf(exception);
  const fastifyCode = fastifyCodeOf(exception);
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new DomainError('PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit.', {}, { cause: exception });
  }
  switch (fastifyCode) {
    case 'FST_ERR_BAD_URL':
      return new DomainError('MALFORMED_REQUEST', 'The request URL is not validly percent-encoded.', {}, { cause: exception });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DomainError('URI_TOO_LONG', `A path segment of the request URL is longer than ${HTTP_LIMITS.maxParamLength} characters.`, {}, { cause: exception });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('MALFORMED_REQUEST', 'The request body does not match its Content-Length.', {}, { cause: exception });
    case undefined:
    default:
      break;
  }
  if (exception instanceof HttpException || fastifyCode !== undefined) {
    switch (status) {
      case 400:
      case 422:
        return new DomainError('VALIDATION_FAILED', validationDetail(exception, fastifyCode), {}, { cause: exception });
      case 401:
        return new DomainError('UNAUTHENTICATED', 'A valid bearer token is required.', {}, { cause: exception });
      case 403:
        return new DomainError('FORBIDDEN', 'The caller may not use this route.', {}, { cause: exception });
      case 404:
        return new DomainError('ROUTE_NOT_FOUND', 'No route matches the request.', {}, { cause: exception });
      case 414:
        return new DomainError('URI_TOO_LONG', 'The request URL is too long.', {}, { cause: exception });
      case 415:
        return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request content type is not supported.', {}, { cause: exception });
      case 416:
        return new DomainError('RANGE_NOT_SATISFIABLE', 'The requested range cannot be served.', {}, { cause: exception });
      case undefined:
      default:
        break;
    }
  }
  return new DomainError('INTERNAL', 'An unexpected error occurred.', {}, { cause: exception });
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception && typeof exception.statusCode === 'number') {
    return exception.statusCode;
  }
  return undefined;
}

/** The FST_* code of a Fastify error, also when Nest wrapped it in an HttpException (its cause). */
function fastifyCodeOf(exception: unknown): string | undefined {
  const root = exception instanceof HttpException ? exception.cause : exception;
  for (const candidate of [exception, root]) {
    if (typeof candidate === 'object' && candidate !== null && 'code' in candidate && typeof candidate.code === 'string' && candidate.code.startsWith('FST_')) {
      return candidate.code;
    }
  }
  return undefined;
}

function validationDetail(exception: unknown, fastifyCode: string | undefined): string {
  switch (fastifyCode) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON.';
    case undefined:
    default:
      break;
  }
  // By name: an error of JSON.parse may come from another realm (a VM context), where instanceof fails.
  const root = exception instanceof HttpException ? exception.cause : exception;
  if (typeof root === 'object' && root !== null && 'name' in root && root.name === 'SyntaxError') return 'The request body is not valid JSON.';
  return 'The request is malformed.';
}

/** Builds the problem+json body for a coded error. */
export function problemDetailsOf(error: DomainError, correlationId: string, instance: string): ProblemDetails {
  const { status, title } = problemKindOf(error.code);
  const core = { type: problemTypeOf(error.code), title, status, detail: error.message, code: error.code, correlationId, instance };
  const extras = Object.fromEntries(Object.entries(error.details).filter(([key]) => !(key in core)));
  return { ...extras, ...core };
}

/** The single place where failures become HTTP: application/problem+json with a coded body. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}

const logger = new Logger('ProblemDetails');

/**
 * Answers a failure as problem+json. The filter uses it, and so do the Fastify errors raised
 * before Nest sees the request (a malformed URL, an over-long path segment: `http-layer.ts`).
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, exception: unknown): void {
  const error = toDomainError(exception);
  const correlationId = requestContextOf(request)?.correlationId ?? requestContext.current()?.correlationId ?? request.id;
  const instance = (request.url ?? '/').split('?')[0] ?? '/';
  const problem = problemDetailsOf(error, correlationId, instance);

  if (problem.status >= 500) {
    logger.error({ correlationId, code: error.code, errorName: nameOf(exception), stack: stackFramesOf(exception) }, `${error.code} on ${request.method} ${instance}`);
  }
  if (reply.sent || reply.raw.headersSent) {
    // A stream failed after the headers went out: the only honest signal left is a cut connection.
    reply.raw.destroy();
    return;
  }
  if (error.code === 'UNAUTHENTICATED') void reply.header('WWW-Authenticate', 'Bearer');
  if (problem.status === 503 || problem.status === 429) void reply.header('Retry-After', String(retryAfterOf(error)));
  if (error.code === 'METHOD_NOT_ALLOWED') void reply.header('Allow', String(error.details['allow'] ?? ''));
  void reply.header(CORRELATION_ID_HEADER, correlationId);
  void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
}

function retryAfterOf(error: DomainError): number {
  const seconds = error.details['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : DEFAULT_RETRY_AFTER_SECONDS;
}

function nameOf(exception: unknown): string {
  return exception instanceof Error ? exception.name : typeof exception;
}

/** Stack frames only: messages of foreign errors may carry personal data. */
function stackFramesOf(exception: unknown): string | undefined {
  const root = isDomainError(exception) && exception.cause instanceof Error ? exception.cause : exception;
  if (!(root instanceof Error) || root.stack === undefined) return undefined;
  return root.stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 10)
    .join('\n');
}
