import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { parse } from 'yaml';
import { applyFacadeConventions } from './openapi-conventions.js';
import { toOpenApiYaml } from './openapi-yaml.js';
import { withStableOrder } from './stable-order.js';

const response = { description: 'ok' };
const document = (): OpenAPIObject => ({
  components: { schemas: { Zebra: { type: 'object' }, Apple: { type: 'object' } } },
  paths: {
    '/b': { post: { responses: { '404': response, '201': response } }, get: { responses: { '200': response } } },
    '/a': { get: { responses: { '200': response }, security: [{ bearer: [] }], tags: ['cases'] } },
  },
  tags: [{ name: 'cases', description: 'Cases' }],
  info: { title: 't', version: '1', contact: {} },
  openapi: '3.0.0',
});

describe('withStableOrder', () => {
  it('puts the top level in conventional order and sorts paths, methods, responses and schemas', () => {
    const ordered = withStableOrder(document());
    expect(Object.keys(ordered)).toEqual(['openapi', 'info', 'tags', 'paths', 'components']);
    expect(Object.keys(ordered.paths)).toEqual(['/a', '/b']);
    expect(Object.keys(ordered.paths['/b'])).toEqual(['get', 'post']);
    expect(Object.keys(ordered.paths['/b'].post!.responses)).toEqual(['201', '404']);
    expect(Object.keys(ordered.components!.schemas!)).toEqual(['Apple', 'Zebra']);
  });

  it('gives the same YAML whatever order the document was built in', () => {
    const shuffled = document();
    shuffled.paths = { '/b': shuffled.paths['/b'], '/a': shuffled.paths['/a'] };
    expect(toOpenApiYaml(withStableOrder(shuffled))).toBe(toOpenApiYaml(withStableOrder(document())));
    expect(parse(toOpenApiYaml(withStableOrder(document())))).toEqual(withStableOrder(document()));
    expect(toOpenApiYaml(document())).not.toMatch(/[&*]a\d/);
  });
});

describe('applyFacadeConventions', () => {
  it('marks operations without security as public and gives every operation the refusals of the HTTP layer', () => {
    const result = applyFacadeConventions(document());
    const publicGet = result.paths['/b'].get!;
    expect(publicGet.security).toEqual([]);
    expect(publicGet.responses['4XX']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/HttpRequestProblem' } } }, headers: { Allow: { required: false } } });
    expect(publicGet.responses['400']).toMatchObject({ description: 'The request is malformed (MALFORMED_REQUEST).', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ValidationProblem' } } } });
    expect(result.paths['/b'].post!.responses['404']).toEqual(expect.objectContaining({ description: 'ok' }));
    expect(result.paths['/a'].get!.security).toEqual([{ bearer: [] }]);
  });

  it('lets every operation answer 500 INTERNAL and every response carry X-Correlation-Id (X-Served-By on case resources)', () => {
    const input = document();
    input.paths['/api/v1/cases/{caseId}'] = { get: { responses: { '200': { description: 'ok' } } } };
    const result = applyFacadeConventions(input);
    expect(result.paths['/b'].post!.responses['500']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/InternalProblem' } } } });
    expect(result.paths['/b'].post!.responses['201']).toMatchObject({ headers: { 'X-Correlation-Id': { $ref: '#/components/headers/X-Correlation-Id' } } });
    expect(result.paths['/b'].post!.responses['201']).not.toHaveProperty('headers.X-Served-By');
    expect(result.paths['/api/v1/cases/{caseId}'].get!.responses['200']).toHaveProperty('headers.X-Served-By', { $ref: '#/components/headers/X-Served-By' });
    expect(result.components!.headers!['X-Correlation-Id']).toMatchObject({ required: true });
    expect(Object.keys(result.components!.schemas!)).toEqual(expect.arrayContaining(['HttpRequestProblem', 'ValidationProblem', 'ConflictProblem', 'DependencyProblem']));
  });

  it('closes request body schemas, nested ones included, and writes exclusive bounds the OpenAPI 3.1 way', () => {
    const input = document();
    input.components!.schemas = {
      Body: { type: 'object', properties: { rects: { type: 'array', items: { $ref: '#/components/schemas/Rect' } } } },
      Rect: { type: 'object', properties: { width: { type: 'number', minimum: 0, exclusiveMinimum: true } } },
      Answer: { type: 'object', properties: { id: { type: 'string' } } },
    };
    input.paths['/b'].post!.requestBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } };
    const schemas = applyFacadeConventions(input).components!.schemas as Record<string, Record<string, unknown>>;
    expect(schemas['Body']['additionalProperties']).toBe(false);
    expect(schemas['Rect']['additionalProperties']).toBe(false);
    expect(schemas['Answer']).not.toHaveProperty('additionalProperties');
    expect(schemas['Rect']['properties']).toEqual({ width: { type: 'number', exclusiveMinimum: 0 } });
  });

  it('lists every tag in use, keeping descriptions, and drops an empty contact', () => {
    const input = document();
    input.paths['/b'].get!.tags = ['Health'];
    const result = applyFacadeConventions(input);
    expect(result.tags).toEqual([{ name: 'cases', description: 'Cases' }, { name: 'Health' }]);
    expect(result.info).not.toHaveProperty('contact');
  });
});
