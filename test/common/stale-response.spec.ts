import { describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerRequestContextHooks } from '../../src/common/correlation-id.js';
import { markStale, registerStaleResponseHooks, staleReadScope } from '../../src/common/stale-response.js';

/** A bare Fastify with the request-context and stale-response hooks, on an ephemeral 127.0.0.1 port. */
async function serve(routes: (fastify: FastifyInstance) => void): Promise<{ get: (path: string) => Promise<Response>; close: () => Promise<void> }> {
  const fastify = Fastify();
  registerRequestContextHooks(fastify);
  registerStaleResponseHooks(fastify);
  routes(fastify);
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { get: (path) => fetch(`${address}${path}`), close: () => fastify.close() };
}

describe('stale responses', () => {
  it('marks a successful response with Warning 110 and the oldest stale answer’s age in whole seconds', async () => {
    const server = await serve((fastify) =>
      fastify.get('/stale', (_request, reply) => {
        markStale(2_999);
        markStale(61_500);
        markStale(1_000);
        void reply.send({ ok: true });
      }),
    );
    const response = await server.get('/stale');
    expect(response.status).toBe(200);
    expect(response.headers.get('warning')).toBe('110 - "Response is Stale"');
    expect(response.headers.get('x-data-age')).toBe('61');
    await server.close();
  });

  it('leaves fresh answers and failures unmarked', async () => {
    const server = await serve((fastify) => {
      fastify.get('/fresh', (_request, reply) => void reply.send({ ok: true }));
      fastify.get('/failed', (_request, reply) => {
        markStale(5_000);
        void reply.status(503).send({ code: 'LEGACY_UNAVAILABLE' });
      });
    });
    for (const path of ['/fresh', '/failed']) {
      const response = await server.get(path);
      expect(response.headers.get('warning')).toBeNull();
      expect(response.headers.get('x-data-age')).toBeNull();
    }
    await server.close();
  });

  it('opens a stale-read scope only for the work run inside it', async () => {
    expect(staleReadScope.active()).toBe(false);
    const inside = await staleReadScope.run(async () => {
      await Promise.resolve();
      return staleReadScope.active();
    });
    expect(inside).toBe(true);
    expect(staleReadScope.active()).toBe(false);
  });
});
