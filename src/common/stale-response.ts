import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import { requestContextOf } from './correlation-id.js';
import { requestContext } from './request-context.js';

/**
 * How a last good answer, served when the legacy CMS failed (stale-if-error, ADR 0014), reaches the
 * response: only calls made inside a stale-read scope (the legacy side of a strangled read) may be
 * answered stale; the oldest such answer's age goes into the request context; one onSend hook turns
 * it into `Warning: 110` and `X-Data-Age` on a successful response.
 */
export const STALE_WARNING_HEADER = 'warning';
export const DATA_AGE_HEADER = 'x-data-age';
export const STALE_WARNING = '110 - "Response is Stale"';

/** OpenAPI response headers of an operation that may answer from the last good answer. */
export const STALE_RESPONSE_HEADERS = {
  Warning: {
    required: false,
    description: 'Set when the legacy CMS could not answer and the last good answer this user was given is served instead.',
    schema: { type: 'string', enum: [STALE_WARNING] },
  },
  'X-Data-Age': {
    required: false,
    description: 'With Warning: how old (seconds) the served answer is.',
    schema: { type: 'integer', minimum: 0 },
  },
};

const scope = new AsyncLocalStorage<true>();

export const staleReadScope = {
  /** Runs a read whose legacy calls may be answered from their last good answer. */
  run<T>(fn: () => T): T {
    return scope.run(true, fn);
  },
  active(): boolean {
    return scope.getStore() === true;
  },
};

/** Records that a stale answer of this age was served in the current request (the oldest wins). */
export function markStale(ageMs: number): void {
  const context = requestContext.current();
  if (context === undefined) return;
  context.staleAgeMs = Math.max(context.staleAgeMs ?? 0, Math.max(0, ageMs));
}

/** Register after the request-context hooks. */
export function registerStaleResponseHooks(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const ageMs = requestContextOf(request)?.staleAgeMs;
    if (ageMs !== undefined && reply.statusCode >= 200 && reply.statusCode < 300) {
      void reply.header(STALE_WARNING_HEADER, STALE_WARNING);
      void reply.header(DATA_AGE_HEADER, String(Math.floor(ageMs / 1000)));
    }
    done(null, payload);
  });
}
