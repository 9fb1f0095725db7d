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
  it('marks operations without security as public and gives them a generic problem 4XX', () => {
    const result = applyFacadeConventions(document());
    const publicGet = result.paths['/b'].get!;
    expect(publicGet.security).toEqual([]);
    expect(publicGet.responses['4XX']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } } });
    expect(result.paths['/b'].post!.responses['4XX']).toBeUndefined();
    expect(result.paths['/a'].get!.security).toEqual([{ bearer: [] }]);
  });

  it('lists every tag in use, keeping descriptions, and drops an empty contact', () => {
    const input = document();
    input.paths['/b'].get!.tags = ['Health'];
    const result = applyFacadeConventions(input);
    expect(result.tags).toEqual([{ name: 'cases', description: 'Cases' }, { name: 'Health' }]);
    expect(result.info).not.toHaveProperty('contact');
  });
});
