import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Router from 'find-my-way';
import { correlationIdFrom } from './correlation-id.js';
import { DomainError } from './domain-error.js';
import { HTTP_LIMITS } from './http-limits.js';
import { PROBLEM_CONTENT_TYPE, problemDetailsOf, sendProblem } from './problem-details.filter.js';

/**
 * The HTTP layer's own failures as coded problem+json, like every other error (ADR 0011):
 * - a known path with an unsupported method: 405 METHOD_NOT_ALLOWED with `Allow`;
 * - Fastify's router errors (bad percent-encoding, an over-long path segment), raised before any hook;
 * - an over-long URL: 414;
 * - what Node's HTTP parser refuses before Fastify sees a request (431 for headers beyond
 *   `maxHeaderSize`, 400 for malformed requests or Content-Length, 408 for a request not received
 *   in time): written raw to the socket from the server's `clientError` event.
 */

/** Router options shared by Fastify and the table of methods per path, so both match paths alike. */
const ROUTER_OPTIONS = { maxParamLength: HTTP_LIMITS.maxParamLength } as const;

const logger = new Logger('HttpLayer');

/** Options for the FastifyAdapter (spread into its options). */
export function httpLayerServerOptions() {
  return {
    http: { maxHeaderSize: HTTP_LIMITS.maxHeaderBytes },
    requestTimeout: HTTP_LIMITS.requestTimeoutMs,
    routerOptions: ROUTER_OPTIONS,
    // Raised by the router before any hook runs: the request has its id (the correlation id) but no context yet.
    // Replaces Nest's own handler, which only adds the headers of Nest's built-in security features (not used here).
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
      logger.warn({ correlationId: request.id, fastifyCode: error.code }, `${request.method} refused by the router: ${error.code}`);
      sendProblem(request, reply, error);
    },
    clientErrorHandler: answerClientError,
  };
}

type Method = Router.HTTPMethod;

/** Which methods each registered path answers; filled from Fastify's onRoute hook. */
export class RouteMethodTable {
  private readonly router = Router(ROUTER_OPTIONS);
  private readonly methods = new Set<Method>();
  private readonly registered = new Set<string>();

  add(method: Method, url: string): void {
    // The CORS plugin's catch-all OPTIONS route (only with allowed origins) answers preflights, not a method of every path.
    if (url === '*') return;
    const key = `${method} ${url}`;
    if (this.registered.has(key)) return;
    this.registered.add(key);
    this.methods.add(method);
    this.router.on(method, url, () => undefined);
  }

  /** The methods answered at this URL (query ignored), sorted; HEAD whenever GET is. Empty for an unknown path. */
  allowedAt(url: string): Method[] {
    const allowed = new Set<Method>();
    for (const method of this.methods) {
      if (this.router.find(method, url) !== null) allowed.add(method);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    return [...allowed].sort();
  }
}

/**
 * Registers the 414 check on the URL's length and the 405 answer for a known path with another
 * method, and leaves JSON the only body parser (Fastify's own). Register after the request-context hooks (the correlation id header is set by then) and
 * before the routes are (Nest adds them in `init`).
 */
export function registerHttpLayerHooks(fastify: FastifyInstance): RouteMethodTable {
  // Every request body the API takes is JSON: anything else, text/plain included, is 415 UNSUPPORTED_MEDIA_TYPE.
  fastify.removeContentTypeParser('text/plain');
  const table = new RouteMethodTable();
  fastify.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) table.add(method as Method, route.url);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.url.length > HTTP_LIMITS.maxUrlLength) {
      done(new DomainError('URI_TOO_LONG', `The request URL is longer than ${HTTP_LIMITS.maxUrlLength} characters.`));
      return;
    }
    if (request.is404) {
      const allowed = table.allowedAt(request.url);
      if (allowed.length > 0) {
        const allow = allowed.join(', ');
        done(new DomainError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on this path; it allows ${allow}.`, { allow }));
        return;
      }
    }
    done();
  });
  return table;
}

/** What Node's HTTP parser (or its request timer) refused, as a coded error; null when there is no one to answer. */
export function clientErrorOf(parserCode: string | undefined): DomainError | null {
  switch (parserCode) {
    case 'ECONNRESET':
      return null;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('REQUEST_TIMEOUT', `The request was not received within ${HTTP_LIMITS.requestTimeoutMs / 1000} s.`);
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError('HEADERS_TOO_LARGE', `The request line and headers exceed ${HTTP_LIMITS.maxHeaderBytes / 1024} KiB.`);
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new DomainError('MALFORMED_REQUEST', 'The Content-Length header is not valid.');
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
      return new DomainError('MALFORMED_REQUEST', 'The request body framing (Transfer-Encoding) is not valid.');
    case 'HPE_INVALID_METHOD':
      return new DomainError('MALFORMED_REQUEST', 'The request method is not valid.');
    case undefined:
    default:
      return new DomainError('MALFORMED_REQUEST', 'The request is not valid HTTP/1.1.');
  }
}

const CORRELATION_ID_LINE = /\r\nx-correlation-id:[ \t]*([^\r\n]*)/i;
const REQUEST_TARGET = /^[A-Z]{1,16} (\/[^\s?#]*)/;

/** The caller's correlation id, when the bytes the parser refused carry a well-formed one; else a new one. */
export function correlationIdOfRawRequest(rawPacket: unknown): string {
  const text = Buffer.isBuffer(rawPacket) ? rawPacket.toString('latin1') : '';
  return correlationIdFrom(CORRELATION_ID_LINE.exec(text)?.[1]?.trim());
}

/** The path of the refused request, when its request line can be read and is not over-long; else `/`. */
function instanceOfRawRequest(rawPacket: unknown): string {
  const text = Buffer.isBuffer(rawPacket) ? rawPacket.subarray(0, HTTP_LIMITS.maxUrlLength + 32).toString('latin1') : '';
  const path = REQUEST_TARGET.exec(text)?.[1];
  return path !== undefined && path.length <= HTTP_LIMITS.maxUrlLength ? path : '/';
}

/** A complete HTTP/1.1 response carrying the problem, for writing straight to a socket. */
export function rawProblemResponse(error: DomainError, correlationId: string, instance: string): string {
  const problem = problemDetailsOf(error, correlationId, instance);
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Correlation-Id: ${correlationId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The server's `clientError` handler: there is no request or response object, so the answer is
 * written to the socket, which is then closed (the parser cannot go on after an error).
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  const problem = clientErrorOf(error.code);
  if (problem === null || socket.destroyed) {
    socket.destroy();
    return;
  }
  const correlationId = correlationIdOfRawRequest(error.rawPacket);
  logger.warn({ correlationId, code: problem.code, parserCode: error.code }, `client error: ${problem.code}`);
  // Only when no response of an earlier request on this connection is half-written.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(problem, correlationId, instanceOfRawRequest(error.rawPacket)), () => socket.destroy());
}
