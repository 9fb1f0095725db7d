import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { HTTP_LIMITS } from '../../src/common/http-limits.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { checkContract } from '../openapi/traffic-contract.js';

/**
 * The HTTP layer's own refusals, over a real socket: every one is problem+json with a stable code
 * and the correlation id (body and X-Correlation-Id), whether Nest, Fastify's router or Node's HTTP
 * parser refused the request. No legacy CMS is needed: none of these requests gets that far.
 */

const PROBLEM = 'application/problem+json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
  readonly body: any;
}

/** Sends bytes as they are over a fresh connection and parses the one response (the server closes the connection). */
function sendRaw(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) {
        reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const body = text.slice(split + 4);
      try {
        resolve({ status: Number(statusLine?.split(' ')[1]), headers, body: body.length > 0 ? JSON.parse(body) : undefined });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function expectProblem(response: RawResponse, status: number, code: string, correlationId?: string | RegExp): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toContain(PROBLEM);
  expect(response.body).toMatchObject({ status, type: `urn:casework-facade:problem:${code.toLowerCase().replaceAll('_', '-')}` });
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  if (typeof correlationId === 'string') expect(response.body.correlationId).toBe(correlationId);
  if (correlationId instanceof RegExp) expect(response.body.correlationId).toMatch(correlationId);
}

const get = (target: string, headers: string[] = []): string => [`GET ${target} HTTP/1.1`, 'Host: localhost', ...headers, '', ''].join('\r\n');

describe('the HTTP layer answers its own refusals as problem+json (e2e, real socket)', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let port: number;
  let base: string;

  beforeAll(async () => {
    // A legacy CMS address nothing listens on: these tests never reach it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const legacyBase = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-http-layer-'));
    const config = resolveConfig(
      parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }),
      { soapUrl: `${legacyBase}/cms/classic`, graphqlUrl: `${legacyBase}/cms/graphql`, filesUrl: legacyBase, serviceUsername: 'svc', servicePassword: 'pw' },
      null,
    );
    // What passes through Fastify is checked against openapi.yaml too; what Node's parser refuses never reaches it.
    app = checkContract(await createApp(config));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('405 for a known path with another method', () => {
    it('answers METHOD_NOT_ALLOWED with Allow listing what the path answers (GET brings HEAD)', async () => {
      const response = await fetch(`${base}/health/live`, { method: 'POST', headers: { 'x-correlation-id': 'http-405' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(response.headers.get('content-type')).toContain(PROBLEM);
      expect(response.headers.get('x-correlation-id')).toBe('http-405');
      expect(await response.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405, correlationId: 'http-405', instance: '/health/live', allow: 'GET, HEAD' });
    });

    it('lists every method of a path with parameters, before authentication, and ignores the query', async () => {
      const response = await fetch(`${base}/api/v1/cases/12/notes?x=1`, { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(await response.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', instance: '/api/v1/cases/12/notes' });
    });

    it('answers OPTIONS on a known path with 405 and Allow too', async () => {
      const response = await fetch(`${base}/health/ready`, { method: 'OPTIONS' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    });

    it('still answers 404 ROUTE_NOT_FOUND for a path no method answers, and serves HEAD where GET is served', async () => {
      const unknown = await fetch(`${base}/api/v1/nothing-here`, { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('allow')).toBeNull();
      expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
      expect((await fetch(`${base}/health/live`, { method: 'HEAD' })).status).toBe(200);
    });
  });

  describe("Fastify's router errors", () => {
    it('answers a URL with broken percent-encoding with 400 MALFORMED_REQUEST, keeping the caller correlation id', async () => {
      const response = await sendRaw(port, get('/api/v1/cases/%E0%A4%A', ['X-Correlation-Id: http-bad-url', 'Connection: close']));
      expectProblem(response, 400, 'MALFORMED_REQUEST', 'http-bad-url');
      expect(response.body.instance).toBe('/api/v1/cases/%E0%A4%A');
    });

    it(`answers a path parameter longer than ${HTTP_LIMITS.maxParamLength} characters with 414 URI_TOO_LONG`, async () => {
      const response = await sendRaw(port, get(`/api/v1/cases/${'1'.repeat(HTTP_LIMITS.maxParamLength + 1)}`, ['Connection: close']));
      expectProblem(response, 414, 'URI_TOO_LONG', UUID);
    });
  });

  describe('limits on the request head', () => {
    it(`answers a URL longer than ${HTTP_LIMITS.maxUrlLength} characters with 414 URI_TOO_LONG, and serves one just within`, async () => {
      const query = '?q=';
      const path = '/api/v1/cases';
      const within = await fetch(`${base}${path}${query}${'a'.repeat(HTTP_LIMITS.maxUrlLength - path.length - query.length)}`);
      expect(within.status).toBe(401);
      const response = await sendRaw(port, get(`${path}${query}${'a'.repeat(HTTP_LIMITS.maxUrlLength)}`, ['X-Correlation-Id: http-414', 'Connection: close']));
      expectProblem(response, 414, 'URI_TOO_LONG', 'http-414');
      expect(response.body.instance).toBe(path);
    });

    it(`answers headers beyond ${HTTP_LIMITS.maxHeaderBytes} bytes (refused by Node's parser, before Fastify) with 431 HEADERS_TOO_LARGE`, async () => {
      const response = await sendRaw(port, get('/health/live', ['X-Correlation-Id: http-431', `X-Padding: ${'p'.repeat(HTTP_LIMITS.maxHeaderBytes)}`]));
      expectProblem(response, 431, 'HEADERS_TOO_LARGE', 'http-431');
      expect(response.headers['connection']).toBe('close');
      expect(response.body.instance).toBe('/health/live');
    });

    it('makes a correlation id when the refused request carries none or a malformed one', async () => {
      const response = await sendRaw(port, get('/health/live', ['X-Correlation-Id: not a good id', `X-Padding: ${'p'.repeat(HTTP_LIMITS.maxHeaderBytes)}`]));
      expectProblem(response, 431, 'HEADERS_TOO_LARGE', UUID);
    });
  });

  describe("requests Node's HTTP parser refuses", () => {
    it('answers bytes that are not HTTP with 400 MALFORMED_REQUEST', async () => {
      const response = await sendRaw(port, 'HELLO THERE\r\n\r\n');
      expectProblem(response, 400, 'MALFORMED_REQUEST', UUID);
      expect(response.body.instance).toBe('/');
    });

    it.each([
      ['a Content-Length that is not a number', ['Content-Length: abc']],
      ['two different Content-Lengths', ['Content-Length: 1', 'Content-Length: 2']],
    ])('answers %s with 400 MALFORMED_REQUEST', async (_case, lines) => {
      const request = ['POST /api/v1/cases/1/notes HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', 'X-Correlation-Id: http-bad-length', ...lines, '', '{}'].join('\r\n');
      const response = await sendRaw(port, request);
      expectProblem(response, 400, 'MALFORMED_REQUEST', 'http-bad-length');
      expect(response.body.detail).toMatch(/Content-Length/);
    });
  });

  describe('request bodies', () => {
    it('answers malformed JSON with 400 VALIDATION_FAILED saying so, before authentication', async () => {
      const body = '{"text":';
      const request = ['POST /api/v1/cases/1/notes HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', `Content-Length: ${body.length}`, 'X-Correlation-Id: http-json', 'Connection: close', '', body].join('\r\n');
      const response = await sendRaw(port, request);
      expectProblem(response, 400, 'VALIDATION_FAILED', 'http-json');
      expect(response.body.detail).toBe('The request body is not valid JSON.');
    });

    it.each([
      ['application/xml', '<note/>'],
      ['text/plain', 'a note'],
      ['application/x-www-form-urlencoded', 'text=a+note'],
    ])('answers a %s body (only JSON is taken) with 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, body) => {
      const response = await fetch(`${base}/api/v1/cases/1/notes`, { method: 'POST', headers: { 'content-type': contentType, 'x-correlation-id': 'http-415' }, body });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toContain(PROBLEM);
      expect(response.headers.get('x-correlation-id')).toBe('http-415');
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', correlationId: 'http-415' });
    });

    it('takes JSON with a charset parameter (it reaches authentication: 401, not 415)', async () => {
      const response = await fetch(`${base}/api/v1/cases/1/notes`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"text":"a note"}' });
      expect(response.status).toBe(401);
    });
  });
});
