import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER, requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { PROBLEM_CONTENT_TYPE, problemDetailsOf } from '../common/problem-details.filter.js';
import { requestContext } from '../common/request-context.js';
import type { AuditDetails, AuditEvent, AuditOutcome } from './audit-record.js';
import type { AuditTrail } from './audit-trail.service.js';
import { auditedOperationOf, isExemptRoute, type AuditedOperation } from './audited-operations.js';
import type { QueryHasher } from './query-hasher.js';

export interface AccessAuditorOptions {
  /** Actions whose record must be committed before the answer goes out; `*` for all. */
  readonly failClosed: '*' | readonly string[];
  /** Told of each record that could not be written (metrics). */
  readonly onLost?: (action: string, failClosed: boolean) => void;
}

/** Headers of the answer that was refused: none of them may describe the 503 that replaces it. */
const CONTENT_HEADERS = ['content-length', 'content-range', 'content-disposition', 'content-encoding', 'accept-ranges', 'etag', 'last-modified', 'cache-control'];
const MAX_ID = 64;
const RETRY_AFTER_SECONDS = 5;
const logger = new Logger('AccessAuditor');

/**
 * Audits every request in one place, from Fastify hooks: `onSend` sees every answer — the handler's, and
 * the problem+json of a guard's denial or a failure — with its status; a hijacked stream (server-sent
 * events) is recorded when its connection closes. The operation comes from audited-operations.ts.
 * Fail-closed actions wait for their record's commit and turn into 503 AUDIT_UNAVAILABLE if it fails;
 * the others do not wait (an error is logged and counted) and are flushed on shutdown.
 */
export class AccessAuditor {
  private readonly handled = new WeakSet<object>();
  private readonly failClosed: '*' | ReadonlySet<string>;

  constructor(
    private readonly trail: Pick<AuditTrail, 'record'>,
    private readonly hasher: QueryHasher,
    private readonly options: AccessAuditorOptions,
  ) {
    this.failClosed = options.failClosed === '*' ? '*' : new Set(options.failClosed);
  }

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.raw.once('close', () => {
        if (!this.handled.has(request.raw)) this.recordClosed(request, reply);
      });
      done();
    });
    fastify.addHook('onSend', async (request, reply, payload) => this.onSend(request, reply, payload));
  }

  isFailClosed(action: string): boolean {
    return this.failClosed === '*' || this.failClosed.has(action);
  }

  /** The record of one answered request, or null when the route is exempt or unknown to the router. */
  eventOf(request: FastifyRequest, status: number, code: string | undefined): { event: AuditEvent; operation: AuditedOperation } | null {
    const pattern = request.routeOptions.url;
    if (pattern === undefined || isExemptRoute(pattern)) return null;
    const operation = auditedOperationOf(request.method, pattern) ?? { operationId: `${request.method} ${pattern}`, action: `http.${request.method.toLowerCase()}` };
    const params = (request.params ?? {}) as Record<string, unknown>;
    const caseId = idOf(params['caseId']);
    const documentId = idOf(params['documentId']);
    const versionId = idOf(params['versionId']);
    const routeName = idOf(params['name']);
    const target =
      caseId === undefined
        ? routeName === undefined
          ? pattern
          : `route/${routeName}`
        : [`case/${caseId}`, documentId === undefined ? '' : `/document/${documentId}`, versionId === undefined ? '' : `/version/${versionId}`].join('');
    const context = requestContextOf(request) ?? requestContext.current();
    const details = this.detailsOf(operation, request);
    const event: AuditEvent = {
      action: operation.action,
      actor: context?.user?.username ?? 'anonymous',
      target,
      ...(caseId === undefined ? {} : { caseId }),
      ...(documentId === undefined ? {} : { documentId }),
      ...(versionId === undefined ? {} : { versionId }),
      outcome: outcomeOf(status),
      status,
      ...(code === undefined ? {} : { code }),
      ...(details === undefined ? {} : { details }),
      correlationId: context?.correlationId ?? request.id,
    };
    return { event, operation };
  }

  private async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (this.handled.has(request.raw)) return payload;
    this.handled.add(request.raw);
    const status = reply.statusCode;
    const described = this.eventOf(request, status, status >= 400 ? problemCodeOf(payload) : undefined);
    if (described === null) return payload;
    const { event } = described;
    const closed = event.outcome === 'allowed' && this.isFailClosed(event.action);
    const recording = this.trail.record(event, { wait: closed });
    if (!closed) {
      recording.catch((error: unknown) => this.lost(event, false, error));
      return payload;
    }
    try {
      await recording;
      return payload;
    } catch (error) {
      this.lost(event, true, error);
      return refuse(request, reply, payload, event.correlationId ?? request.id);
    }
  }

  private recordClosed(request: FastifyRequest, reply: FastifyReply): void {
    this.handled.add(request.raw);
    // Headers out without onSend: a hijacked stream. No headers at all: the client left before the answer.
    const status = reply.raw.headersSent ? reply.raw.statusCode : 499;
    const described = this.eventOf(request, status, status === 499 ? 'CLIENT_CLOSED_REQUEST' : undefined);
    if (described === null) return;
    const event = status === 499 ? { ...described.event, outcome: 'failed' as const } : described.event;
    this.trail.record(event, { wait: false }).catch((error: unknown) => this.lost(event, false, error));
  }

  private detailsOf(operation: AuditedOperation, request: FastifyRequest): AuditDetails | undefined {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const body = request.body;
    switch (operation.details) {
      case 'searchQueryHash':
        return typeof query['q'] === 'string' ? { queryHash: this.hasher.hash(query['q']) } : undefined;
      case 'urn':
        return typeof query['urn'] === 'string' ? { urn: query['urn'].slice(0, MAX_ID) } : undefined;
      case 'changedFields':
        return isObject(body) ? { fields: Object.keys(body).sort().join(',').slice(0, 200) } : undefined;
      case 'noteLength':
        return isObject(body) && typeof body['text'] === 'string' ? { noteLength: body['text'].length } : undefined;
      case undefined:
        return undefined;
    }
  }

  private lost(event: AuditEvent, failClosed: boolean, error: unknown): void {
    this.options.onLost?.(event.action, failClosed);
    logger.error(
      { correlationId: event.correlationId, action: event.action, failClosed, errorName: error instanceof Error ? error.name : typeof error, error: error instanceof Error ? error.message.slice(0, 200) : undefined },
      failClosed ? 'the access could not be audited, so it was refused' : 'an access could not be audited',
    );
  }
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'allowed';
  return status === 401 || status === 403 || status === 404 ? 'denied' : 'failed';
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_ID) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The `code` of a problem+json answer. */
function problemCodeOf(payload: unknown): string | undefined {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined || !text.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code.slice(0, MAX_ID) : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the answer with 503 AUDIT_UNAVAILABLE, releasing a stream that will not be sent. */
function refuse(request: FastifyRequest, reply: FastifyReply, payload: unknown, correlationId: string): string {
  if (isDestroyable(payload)) payload.destroy();
  for (const header of CONTENT_HEADERS) reply.removeHeader(header);
  const error = new DomainError('AUDIT_UNAVAILABLE', 'The access could not be recorded in the audit trail, so it was refused.', { retryAfterSeconds: RETRY_AFTER_SECONDS });
  const problem = problemDetailsOf(error, correlationId, (request.url ?? '/').split('?')[0] ?? '/');
  void reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).header('retry-after', String(RETRY_AFTER_SECONDS)).header(CORRELATION_ID_HEADER, correlationId);
  return JSON.stringify(problem);
}

function isDestroyable(payload: unknown): payload is { destroy(): void } {
  return typeof payload === 'object' && payload !== null && 'destroy' in payload && typeof payload.destroy === 'function';
}
