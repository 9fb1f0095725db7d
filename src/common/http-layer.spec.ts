import { clientErrorOf, correlationIdOfRawRequest, rawProblemResponse, RouteMethodTable } from './http-layer.js';

describe('RouteMethodTable', () => {
  const table = new RouteMethodTable();
  table.add('GET', '/api/v1/cases/:caseId/notes');
  table.add('POST', '/api/v1/cases/:caseId/notes');
  table.add('GET', '/api/v1/cases/:caseId/notes'); // Fastify may report a route twice (HEAD, constraints): kept once
  table.add('PUT', '/api/v1/admin/routes/:name');
  table.add('GET', '/health/live');

  it.each([
    ['/api/v1/cases/12/notes', ['GET', 'HEAD', 'POST']],
    ['/api/v1/cases/12/notes?urn=45AA2098224', ['GET', 'HEAD', 'POST']],
    ['/api/v1/admin/routes/documents.list', ['PUT']],
    ['/health/live', ['GET', 'HEAD']],
    ['/health/live/', []],
    ['/api/v1/cases/12', []],
    ['/nowhere', []],
  ])('allows at %s: %p', (url, methods) => {
    expect(table.allowedAt(url)).toEqual(methods);
  });
});

describe('clientErrorOf', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 'HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'REQUEST_TIMEOUT'],
    ['HPE_INVALID_CONTENT_LENGTH', 'MALFORMED_REQUEST'],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 'MALFORMED_REQUEST'],
    ['HPE_INVALID_CHUNK_SIZE', 'MALFORMED_REQUEST'],
    ['HPE_INVALID_METHOD', 'MALFORMED_REQUEST'],
    ['HPE_SOMETHING_NEW', 'MALFORMED_REQUEST'],
    [undefined, 'MALFORMED_REQUEST'],
  ])('maps %s to %s', (parserCode, code) => {
    expect(clientErrorOf(parserCode)?.code).toBe(code);
  });

  it('answers nothing to a connection the client reset', () => {
    expect(clientErrorOf('ECONNRESET')).toBeNull();
  });
});

describe('correlationIdOfRawRequest', () => {
  it('takes a well-formed X-Correlation-Id from the refused bytes, whatever its case', () => {
    expect(correlationIdOfRawRequest(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nx-CORRELATION-id:  trace-7 \r\n'))).toBe('trace-7');
  });

  it('makes a new one when there is none, it is malformed, or there are no bytes', () => {
    const uuid = /^[0-9a-f-]{36}$/;
    expect(correlationIdOfRawRequest(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'))).toMatch(uuid);
    expect(correlationIdOfRawRequest(Buffer.from('GET / HTTP/1.1\r\nX-Correlation-Id: has spaces\r\n'))).toMatch(uuid);
    expect(correlationIdOfRawRequest(undefined)).toMatch(uuid);
  });
});

describe('rawProblemResponse', () => {
  it('is a complete HTTP/1.1 response: status line, problem+json with its exact length, correlation id, close', () => {
    const problem = clientErrorOf('HPE_HEADER_OVERFLOW')!;
    const response = rawProblemResponse(problem, 'trace-8', '/health/live');
    const [head, body] = response.split('\r\n\r\n') as [string, string];
    const [statusLine, ...headers] = head.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headers).toEqual(
      expect.arrayContaining(['Content-Type: application/problem+json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'X-Correlation-Id: trace-8', 'Connection: close']),
    );
    expect(JSON.parse(body)).toMatchObject({ code: 'HEADERS_TOO_LARGE', status: 431, correlationId: 'trace-8', instance: '/health/live' });
  });
});
