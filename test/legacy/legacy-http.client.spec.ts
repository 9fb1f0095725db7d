import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LegacyHttpClient } from '../../src/legacy/legacy-http.client.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

type Handler = (req: IncomingMessage, res: ServerResponse, requestOnSocket: number) => void;

const servers: Server[] = [];
const clients: LegacyHttpClient[] = [];

async function serve(handler: Handler): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const perSocket = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const count = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, count);
    req.resume();
    req.on('end', () => handler(req, res, count));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, connections: () => connections };
}

/** The default deadline is a ceiling a loaded machine never reaches; the deadline tests set their own. */
const client = (timeoutMs = 60_000, maxBytes?: number): LegacyHttpClient => {
  const created = new LegacyHttpClient('Test API', timeoutMs, maxBytes);
  clients.push(created);
  return created;
};

/**
 * Node hands a socket back to the keep-alive pool a moment after the answer ends (once the request has finished
 * writing); sequential calls in a test wait for that, so that the next one reuses it.
 */
async function untilPooled(http: LegacyHttpClient): Promise<void> {
  const agent = (http as unknown as { httpAgent: { freeSockets: Record<string, unknown[] | undefined> } }).httpAgent;
  for (let polls = 0; polls < 24_000; polls += 1) {
    if (Object.values(agent.freeSockets).some((sockets) => (sockets?.length ?? 0) > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the socket never went back to the pool');
}

afterEach(async () => {
  for (const each of clients.splice(0)) each.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())));
});

describe('LegacyHttpClient', () => {
  it('sends headers and body, answers status, headers and bytes, and keeps the connection alive', async () => {
    const seen: { method?: string; header?: string; length?: string }[] = [];
    const server = await serve((req, res) => {
      seen.push({ method: req.method, header: req.headers['x-correlation-id'] as string, length: req.headers['content-length'] });
      res.writeHead(201, { 'content-type': 'text/plain; charset=utf-8', 'x-extra': 'yes' }).end('héllo');
    });
    const http = client();
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await untilPooled(http);
      const answer = await http.send({ url: server.url, method: 'POST', headers: { 'X-Correlation-Id': `c${i}` }, body: 'ab€', idempotent: true });
      expect(answer.status).toBe(201);
      expect(answer.headers['x-extra']).toBe('yes');
      expect(answer.body.toString('utf8')).toBe('héllo');
    }
    expect(seen).toEqual([0, 1, 2].map((i) => ({ method: 'POST', header: `c${i}`, length: '5' })));
    expect(server.connections()).toBe(1);
  });

  it('gives up at the deadline with LEGACY_TIMEOUT', async () => {
    const server = await serve(() => undefined); // never answers
    // The deadline's timer on a fake clock (the sockets stay real): pending 1 ms before it, failed at it.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    try {
      let settled = false;
      const failure = domainFailureOf(client(5_000).send({ url: server.url, method: 'GET', headers: {}, idempotent: true })).finally(() => (settled = true));
      await jest.advanceTimersByTimeAsync(4_999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const error = await failure;
      expect(error.code).toBe('LEGACY_TIMEOUT');
      expect(error.message).toContain('Test API');
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts a slow answer body against the same deadline', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    expect((await domainFailureOf(client(150).send({ url: server.url, method: 'GET', headers: {}, idempotent: true }))).code).toBe('LEGACY_TIMEOUT');
  });

  it('reports a refused connection as LEGACY_UNAVAILABLE', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect((await domainFailureOf(client().send({ url, method: 'GET', headers: {}, idempotent: true }))).code).toBe('LEGACY_UNAVAILABLE');
  });

  it('reports a connection cut mid-answer as LEGACY_UNAVAILABLE', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await domainFailureOf(client().send({ url: server.url, method: 'GET', headers: {}, idempotent: true }))).code).toBe('LEGACY_UNAVAILABLE');
  });

  it('refuses an answer larger than the limit', async () => {
    const server = await serve((_req, res) => res.end(Buffer.alloc(4096, 'x')));
    const error = await domainFailureOf(client(2_000, 1024).send({ url: server.url, method: 'GET', headers: {}, idempotent: true }));
    expect(error.code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('sends a read again, once, on a fresh connection when a kept-alive one turns out closed; never a write', async () => {
    // The server drops each connection when a second request arrives on it, as one whose idle timeout just fired would.
    const server = await serve((req, res, requestOnSocket) => {
      if (requestOnSocket > 1) req.socket.destroy();
      else res.end('ok');
    });
    const http = client();
    expect((await http.send({ url: server.url, method: 'POST', headers: {}, body: 'first', idempotent: true })).body.toString()).toBe('ok');
    await untilPooled(http);
    expect((await http.send({ url: server.url, method: 'POST', headers: {}, body: 'second', idempotent: true })).body.toString()).toBe('ok');
    expect(server.connections()).toBe(2);
    await untilPooled(http);
    expect((await domainFailureOf(http.send({ url: server.url, method: 'POST', headers: {}, body: 'a write', idempotent: false }))).code).toBe('LEGACY_UNAVAILABLE');
    expect(server.connections()).toBe(2);
  });
});
