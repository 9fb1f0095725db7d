import { describe, expect, it } from '@jest/globals';
import { TrafficContract } from './traffic-contract.js';

const problem = { $ref: '#/components/schemas/AnyProblem' };
const contract = new TrafficContract({
  openapi: '3.1.0',
  paths: {
    '/api/v1/things/{thingId}': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' }, 'X-Count': { required: true, schema: { type: 'integer', minimum: 0 } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '4XX': { description: 'no', headers: { 'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' } }, content: { 'application/problem+json': { schema: problem } } },
        },
      },
    },
    '/api/v1/things/special': { get: { responses: { '204': { description: 'none', headers: { 'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' } } } } } },
  },
  components: {
    headers: { 'X-Correlation-Id': { required: true, schema: { type: 'string' } } },
    schemas: {
      Thing: { type: 'object', required: ['thingId', 'parent'], properties: { thingId: { type: 'string' }, parent: { anyOf: [{ $ref: '#/components/schemas/Ref' }, { type: 'null' }] } } },
      Ref: { type: 'object', properties: { id: { type: 'integer' } } },
      AnyProblem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } }, additionalProperties: { type: ['string', 'number', 'boolean'] } },
    },
  },
});

const ok = { 'x-correlation-id': 'c-1', 'x-count': '3', 'content-type': 'application/json; charset=utf-8', 'content-length': '10' };

describe('TrafficContract', () => {
  it('accepts a documented response, prefers a literal path to a template, and accepts null for a nullable reference', () => {
    const expectation = contract.expect({ method: 'GET', url: '/api/v1/things/7?x=1', status: 200, headers: ok });
    expect(expectation.violations).toEqual([]);
    expect(expectation.body!({ thingId: '7', parent: null })).toEqual([]);
    expect(expectation.body!({ thingId: '7', parent: { id: 1 } })).toEqual([]);
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/special', status: 204, headers: { 'x-correlation-id': 'c' } }).violations).toEqual([]);
  });

  it('reports an undocumented status, a missing or malformed required header, an undeclared header and a wrong content type', () => {
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 503, headers: ok }).violations).toEqual([expect.stringContaining('undocumented status 503')]);
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 200, headers: { ...ok, 'x-count': '-1' } }).violations).toEqual([expect.stringContaining('header x-count')]);
    const { 'x-correlation-id': _omitted, ...noCorrelation } = ok;
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 200, headers: noCorrelation }).violations).toEqual(['required header x-correlation-id is missing']);
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 200, headers: { ...ok, 'x-secret': '1' } }).violations).toEqual(['undeclared header x-secret']);
    expect(contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 404, headers: ok }).violations).toEqual(['undeclared header x-count', expect.stringContaining('content type application/json is not documented for 404')]);
  });

  it('refuses body members nobody documented, wrong types and a value where null or a reference is expected', () => {
    const { body } = contract.expect({ method: 'GET', url: '/api/v1/things/7', status: 200, headers: ok });
    expect(body!({ thingId: '7', parent: null, extra: 1 })).toEqual([expect.stringContaining('must NOT have unevaluated properties')]);
    expect(body!({ thingId: 7, parent: null })).toEqual([expect.stringContaining('body/thingId must be string')]);
    expect(body!({ thingId: '7', parent: { id: 1.5 } }).length).toBeGreaterThan(0);
  });

  it('lets undocumented paths and methods only be refused as problems', () => {
    const refused = contract.expect({ method: 'DELETE', url: '/api/v1/things/7', status: 405, headers: { 'x-correlation-id': 'c', 'content-type': 'application/problem+json' } });
    expect(refused.violations).toEqual([]);
    expect(refused.body!({ code: 'ROUTE_NOT_FOUND' })).toEqual([]);
    expect(contract.expect({ method: 'GET', url: '/nowhere', status: 200, headers: { 'x-correlation-id': 'c', 'content-type': 'text/plain' } }).violations).toHaveLength(2);
    expect(TrafficContract.isExempt('/dev/token')).toBe(true);
    expect(TrafficContract.isExempt('/api/v1/cases')).toBe(false);
  });

  it('checks the committed openapi.yaml loads and compiles for every documented response', () => {
    const committed = TrafficContract.load();
    const problem = committed.expect({ method: 'GET', url: '/api/v1/cases/42', status: 404, headers: { 'x-correlation-id': 'c', 'content-type': 'application/problem+json' } });
    expect(problem.violations).toEqual([]);
    expect(problem.body!({ type: 'urn:casework-facade:problem:case-not-found', title: 'Case not found', status: 404, detail: 'd', code: 'CASE_NOT_FOUND', correlationId: 'c', instance: '/api/v1/cases/42' })).toEqual([]);
    expect(problem.body!({ type: 'urn:casework-facade:problem:case-not-found', title: 'Case not found', status: 404, detail: 'd', code: 'CASE_NOT_FOUND', correlationId: 'c', instance: '/x', surprise: true })).not.toEqual([]);
  });
});
