import type { FastifyInstance } from 'fastify';
import { DomainError } from '../common/domain-error.js';

/** What a ROLE=worker instance answers over HTTP (its probes and metrics); the API is served by the api instances. */
export const WORKER_PATHS: ReadonlySet<string> = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Answers every other path of a worker with the API's own 404 (problem+json, correlation id). Register after the
 * request-context hooks, so the answer carries the request's correlation id.
 */
export function registerWorkerHttpSurface(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    done(WORKER_PATHS.has(path) ? undefined : new DomainError('ROUTE_NOT_FOUND', 'No route matches the request: this instance is a worker (ROLE=worker) and serves only its health and metrics.'));
  });
}
