import Fastify from 'fastify';
import { correlationIdFrom, genCorrelationId, registerRequestContextHooks, requestContextOf } from '../../src/common/correlation-id.js';
import { requestContext } from '../../src/common/request-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it.each(['abc-123', 'A.b_c:d-e', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(correlationIdFrom(id)).toBe(id);
  });

  it('generates a UUID when there is none', () => {
    expect(correlationIdFrom(undefined)).toMatch(UUID);
  });

  it.each(['', 'x'.repeat(65), 'has space', 'semi;colon', 'line\nbreak', '<script>'])('rejects %p and generates a UUID instead', (id) => {
    const result = correlationIdFrom(id);
    expect(result).not.toBe(id);
    expect(result).toMatch(UUID);
  });

  it('uses the first of repeated headers', () => {
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
  });
});

describe('request context hooks', () => {
  async function server() {
    const fastify = Fastify({ genReqId: genCorrelationId, requestIdHeader: false });
    registerRequestContextHooks(fastify);
    fastify.post('/echo', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { fromStorage: requestContext.current()?.correlationId, fromRequest: requestContextOf(request)?.correlationId };
    });
    const base = await fastify.listen({ port: 0, host: '127.0.0.1' });
    return { fastify, base };
  }

  it('echoes an accepted id and makes it the async context of the handler, after body parsing', async () => {
    const { fastify, base } = await server();
    const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'x-correlation-id': 'trace-42', 'content-type': 'application/json' }, body: JSON.stringify({ some: 'body' }) });
    expect(response.headers.get('x-correlation-id')).toBe('trace-42');
    expect(await response.json()).toEqual({ fromStorage: 'trace-42', fromRequest: 'trace-42' });
    await fastify.close();
  });

  it('replaces a bad id and echoes the new one, also on a 404', async () => {
    const { fastify, base } = await server();
    const response = await fetch(`${base}/nowhere`, { headers: { 'x-correlation-id': 'bad id!' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-correlation-id')).toMatch(UUID);
    await fastify.close();
  });

  it('keeps concurrent requests apart', async () => {
    const { fastify, base } = await server();
    const ids = Array.from({ length: 20 }, (_, index) => `req-${index}`);
    const bodies = await Promise.all(
      ids.map((id) =>
        fetch(`${base}/echo`, { method: 'POST', headers: { 'x-correlation-id': id, 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json() as Promise<{ fromStorage: string }>),
      ),
    );
    expect(bodies.map((body) => body.fromStorage)).toEqual(ids);
    await fastify.close();
  });
});
