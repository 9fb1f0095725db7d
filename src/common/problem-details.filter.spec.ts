import { jest } from '@jest/globals';
import { BadRequestException, ForbiddenException, HttpException, Logger, NotFoundException, PayloadTooLargeException, type ArgumentsHost } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { ERROR_CODES } from './error-codes.js';
import { problemKindOf, problemTypeOf } from './problem-catalog.js';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, problemDetailsOf, toDomainError } from './problem-details.filter.js';

function fastifyError(code: string, statusCode: number): Error {
  return Object.assign(new Error(`fastify says ${code}`), { code, statusCode });
}

function fakeHost(url = '/api/v1/cases/7?urn=45AA2098224') {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { id: 'corr-1', url, method: 'GET', raw: {} };
  Object.assign(reply, { sent: false, raw: { headersSent: false, destroy: () => undefined } });
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('problem catalog', () => {
  it.each(ERROR_CODES)('maps %s to an HTTP error status, a title and a type URN', (code) => {
    const { status, title } = problemKindOf(code);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(title.length).toBeGreaterThan(0);
    expect(problemTypeOf(code)).toMatch(/^urn:casework-facade:problem:[a-z]+(-[a-z]+)*$/);
  });

  it('uses the agreed statuses', () => {
    const statuses = Object.fromEntries(ERROR_CODES.map((code) => [code, problemKindOf(code).status]));
    expect(statuses).toEqual({
      VALIDATION_FAILED: 400,
      MALFORMED_REQUEST: 400,
      UNSUPPORTED_MEDIA_TYPE: 415,
      PAYLOAD_TOO_LARGE: 413,
      URI_TOO_LONG: 414,
      HEADERS_TOO_LARGE: 431,
      REQUEST_TIMEOUT: 408,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      LEGACY_USER_UNKNOWN: 403,
      RATE_LIMITED: 429,
      CASE_NOT_FOUND: 404,
      CASE_ACCESS_DENIED: 403,
      DOCUMENT_NOT_FOUND: 404,
      DOCUMENT_VERSION_NOT_FOUND: 404,
      PAGE_NOT_FOUND: 404,
      DOCUMENT_CHECKED_OUT: 409,
      RANGE_NOT_SATISFIABLE: 416,
      DOCUMENT_VERSION_NOT_CURRENT: 409,
      DOCUMENT_NOT_INGESTED: 409,
      DOCUMENT_TOO_LARGE: 413,
      INVALID_GEOMETRY: 400,
      REDACTION_FAILED: 422,
      REDACTION_VERIFICATION_FAILED: 422,
      REDACTION_SESSION_NOT_FOUND: 404,
      REDACTION_SESSION_BUSY: 409,
      PRECONDITION_FAILED: 412,
      PRECONDITION_REQUIRED: 428,
      REDACTION_LOG_ENTRY_NOT_FOUND: 404,
      REDACTION_PLAN_NOT_FOUND: 404,
      REDACTION_PLAN_NOT_EDITABLE: 409,
      ROUTE_NOT_FOUND: 404,
      METHOD_NOT_ALLOWED: 405,
      LEGACY_UNAVAILABLE: 503,
      LEGACY_TIMEOUT: 504,
      LEGACY_RATE_LIMITED: 503,
      LEGACY_BAD_RESPONSE: 502,
      LEGACY_AUTH_FAILED: 502,
      IDENTITY_PROVIDER_UNAVAILABLE: 503,
      AUDIT_UNAVAILABLE: 503,
      INTERNAL: 500,
    });
    expect(problemTypeOf('DOCUMENT_VERSION_NOT_FOUND')).toBe('urn:casework-facade:problem:document-version-not-found');
  });
});

describe('toDomainError', () => {
  it('keeps domain errors as they are', () => {
    const error = new DomainError('CASE_NOT_FOUND', 'no case');
    expect(toDomainError(error)).toBe(error);
  });

  it.each([
    [fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 'PAYLOAD_TOO_LARGE'],
    [new PayloadTooLargeException(), 'PAYLOAD_TOO_LARGE'],
    [fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), 'UNSUPPORTED_MEDIA_TYPE'],
    [new HttpException('Unsupported Media Type', 415, { cause: fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415) }), 'UNSUPPORTED_MEDIA_TYPE'],
    [fastifyError('FST_ERR_BAD_URL', 400), 'MALFORMED_REQUEST'],
    [fastifyError('FST_ERR_MAX_PARAM_LENGTH', 414), 'URI_TOO_LONG'],
    [new HttpException('bad length', 400, { cause: fastifyError('FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400) }), 'MALFORMED_REQUEST'],
    [fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400), 'VALIDATION_FAILED'],
    [fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400), 'VALIDATION_FAILED'],
    [new BadRequestException('bad'), 'VALIDATION_FAILED'],
    [new NotFoundException('Cannot GET /nope'), 'ROUTE_NOT_FOUND'],
    [new ForbiddenException(), 'FORBIDDEN'],
    [new HttpException('teapot', 418), 'INTERNAL'],
    [new Error('secret personal detail'), 'INTERNAL'],
    ['a thrown string', 'INTERNAL'],
  ])('translates %p to %s', (exception, code) => {
    expect(toDomainError(exception).code).toBe(code);
  });

  it('says a body is not valid JSON when the parser failed, also when Nest wrapped its error', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(toDomainError(new HttpException('Unexpected end of JSON input', 400, { cause: parserError }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request body is not valid JSON.',
    });
  });

  it('does not leak the message of an unknown error', () => {
    expect(toDomainError(new Error('Jane Doe born 01/01/1980')).message).not.toContain('Jane');
  });
});

describe('problemDetailsOf', () => {
  it('builds the problem body, with details that cannot override the core fields', () => {
    const error = new DomainError('DOCUMENT_CHECKED_OUT', 'checked out', { checkedOutBy: 'bob', status: 200, code: 'X' });
    expect(problemDetailsOf(error, 'c-1', '/api/v1/cases/1/documents/2')).toEqual({
      type: 'urn:casework-facade:problem:document-checked-out',
      title: 'The document is checked out',
      status: 409,
      detail: 'checked out',
      code: 'DOCUMENT_CHECKED_OUT',
      correlationId: 'c-1',
      instance: '/api/v1/cases/1/documents/2',
      checkedOutBy: 'bob',
    });
  });
});

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  let logged: ReturnType<typeof jest.spyOn>;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    logged.mockRestore();
  });

  it('answers problem+json with the status of the code and the path without the query as instance', () => {
    const { host, sent } = fakeHost();
    filter.catch(new DomainError('CASE_ACCESS_DENIED', 'You may not see this case.'), host);
    expect(sent.status).toBe(403);
    expect(sent.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(sent.body).toMatchObject({ code: 'CASE_ACCESS_DENIED', status: 403, correlationId: 'corr-1', instance: '/api/v1/cases/7' });
  });

  it('asks for a bearer token on UNAUTHENTICATED', () => {
    const { host, sent } = fakeHost();
    filter.catch(new DomainError('UNAUTHENTICATED', 'no token'), host);
    expect(sent.status).toBe(401);
    expect(sent.headers['www-authenticate']).toBe('Bearer');
  });

  it('sends Retry-After on LEGACY_RATE_LIMITED, from the details when given', () => {
    const first = fakeHost();
    filter.catch(new DomainError('LEGACY_RATE_LIMITED', 'slow down', { retryAfterSeconds: 12 }), first.host);
    expect(first.sent.status).toBe(503);
    expect(first.sent.headers['retry-after']).toBe('12');
    const second = fakeHost();
    filter.catch(new DomainError('LEGACY_RATE_LIMITED', 'slow down'), second.host);
    expect(Number(second.sent.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 500 INTERNAL for anything unknown, without its message', () => {
    const { host, sent } = fakeHost();
    filter.catch(new TypeError('cannot read x of undefined for Jane Doe'), host);
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('Jane');
    expect(sent.body).toMatchObject({ code: 'INTERNAL', title: 'Internal error' });
    expect(logged).toHaveBeenCalledTimes(1);
    const [entry] = logged.mock.calls[0] as [Record<string, unknown>];
    expect(entry).toMatchObject({ correlationId: 'corr-1', code: 'INTERNAL', errorName: 'TypeError' });
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Jane');
  });

  it('answers METHOD_NOT_ALLOWED with the Allow header from its details, and echoes the correlation id', () => {
    const { host, sent } = fakeHost();
    filter.catch(new DomainError('METHOD_NOT_ALLOWED', 'no', { allow: 'GET, HEAD' }), host);
    expect(sent.status).toBe(405);
    expect(sent.headers['allow']).toBe('GET, HEAD');
    expect(sent.headers['x-correlation-id']).toBe('corr-1');
  });

  it('does not log client errors', () => {
    const { host } = fakeHost();
    filter.catch(new DomainError('CASE_NOT_FOUND', 'no case'), host);
    expect(logged).not.toHaveBeenCalled();
  });
});
