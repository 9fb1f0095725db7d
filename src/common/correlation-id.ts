import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext, type RequestContext } from './request-context.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Accepts the caller's correlation id when it is well-formed, otherwise makes a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && CORRELATION_ID_PATTERN.test(candidate) ? candidate : randomUUID();
}

/** Fastify `genReqId`: the request id is the correlation id, so logs and problems agree. */
export const genCorrelationId = (raw: { headers: IncomingHttpHeaders }): string => correlationIdFrom(raw.headers[CORRELATION_ID_HEADER]);

const contexts = new WeakMap<IncomingMessage, RequestContext>();

/** The context of a request (Fastify request or raw message); set up by the onRequest hook. */
export function requestContextOf(request: FastifyRequest | IncomingMessage): RequestContext | undefined {
  return contexts.get('raw' in request ? request.raw : request);
}

/**
 * Echoes the correlation id on every response and runs the request inside its RequestContext.
 * The context is entered again before the handler because body parsing may lose the async scope.
 */
export function registerRequestContextHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const context: RequestContext = { correlationId: request.id };
    contexts.set(request.raw, context);
    void reply.header(CORRELATION_ID_HEADER, context.correlationId);
    requestContext.run(context, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const context = contexts.get(request.raw);
    if (context === undefined) {
      done();
      return;
    }
    requestContext.run(context, done);
  });
}
