/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- walking a JSON document */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createOpenApiDocument, serveOpenApiDocument } from '../../src/openapi/openapi-document.js';
import { createCasesTestApp } from '../cases/cases-test-app.js';
import { InMemoryLegacyCms } from '../support/in-memory-legacy-cms.fake.js';

/** The contract of the v1 resources, as the decorators describe it (no CLI plugin needed). */
let app: NestFastifyApplication;
let document: OpenAPIObject;

beforeAll(async () => {
  app = await createCasesTestApp(new InMemoryLegacyCms());
  serveOpenApiDocument(app);
  await app.listen(0, '127.0.0.1');
  document = createOpenApiDocument(app);
});

afterAll(async () => {
  await app.close();
});

const operations = (): [string, string, Record<string, any>][] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, any>)
      .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
      .map(([method, operation]): [string, string, Record<string, any>] => [path, method, operation]),
  );

describe('v1 OpenAPI contract', () => {
  it('describes every v1 route', () => {
    expect(operations().map(([path, method]) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'DELETE /api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/read',
      'GET /api/v1/cases',
      'GET /api/v1/cases/{caseId}',
      'GET /api/v1/cases/{caseId}/changes',
      'GET /api/v1/cases/{caseId}/defendants',
      'GET /api/v1/cases/{caseId}/documents',
      'GET /api/v1/cases/{caseId}/documents/{documentId}/notes',
      'GET /api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/content',
      'GET /api/v1/cases/{caseId}/notes',
      'GET /api/v1/cases/{caseId}/witnesses',
      'PATCH /api/v1/cases/{caseId}/documents/{documentId}',
      'POST /api/v1/cases/{caseId}/documents/{documentId}/notes',
      'POST /api/v1/cases/{caseId}/notes',
      'PUT /api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/read',
    ]);
  });

  it('gives each operation a summary, a unique operationId, a tag and bearer auth', () => {
    const ids = operations().map(([, , operation]) => operation['operationId']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, , operation] of operations()) {
      expect(operation['summary']).toEqual(expect.any(String));
      expect(operation['operationId']).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation['tags']).toHaveLength(1);
      expect(operation['security']).toEqual([{ bearer: [] }]);
    }
  });

  it('describes the errors of each operation as problem+json, with the schema of their family', () => {
    const families: Record<string, string> = {
      '400': 'ValidationProblem',
      '401': 'UnauthenticatedProblem',
      '403': 'ForbiddenProblem',
      '404': 'NotFoundProblem',
      '409': 'ConflictProblem',
      '413': 'PayloadTooLargeProblem',
      '415': 'HttpRequestProblem',
      '416': 'RangeNotSatisfiableProblem',
      '500': 'InternalProblem',
      '502': 'DependencyProblem',
      '503': 'DependencyProblem',
      '504': 'DependencyProblem',
    };
    for (const [path, , operation] of operations()) {
      const statuses = Object.keys(operation['responses']);
      const expected = path === '/api/v1/cases' ? ['400', '401', '500', '502', '503', '504'] : ['400', '401', '403', '404', '500', '502', '503', '504'];
      expect(statuses).toEqual(expect.arrayContaining(expected));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(operation['responses'][status].content).toEqual({ 'application/problem+json': { schema: { $ref: `#/components/schemas/${families[status]}` } } });
        expect(operation['responses'][status].headers['X-Correlation-Id']).toEqual({ $ref: '#/components/headers/X-Correlation-Id' });
      }
      expect(operation['responses']['401'].headers['WWW-Authenticate']).toMatchObject({ required: true });
      expect(operation['responses']['503'].headers['Retry-After']).toMatchObject({ schema: { type: 'integer' } });
    }
    const content = document.paths['/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/content'].get!;
    expect(Object.keys(content.responses)).toEqual(expect.arrayContaining(['200', '206', '416']));
    expect(Object.keys(document.paths['/api/v1/cases/{caseId}/documents/{documentId}'].patch!.responses)).toEqual(expect.arrayContaining(['409', '413']));
  });

  it('has one problem schema per family, with its extras, and camelCase response schemas with nullable ISO dates', () => {
    const schemas = document.components!.schemas as Record<string, any>;
    expect(Object.keys(schemas['NotFoundProblem'].properties)).toEqual(['type', 'title', 'status', 'detail', 'code', 'correlationId', 'instance', 'pageCount']);
    expect(schemas['ConflictProblem']).toMatchObject({
      additionalProperties: false,
      properties: { status: { const: 409 }, code: { enum: ['DOCUMENT_CHECKED_OUT', 'DOCUMENT_VERSION_NOT_CURRENT', 'DOCUMENT_NOT_INGESTED', 'REDACTION_SESSION_BUSY', 'REDACTION_PLAN_NOT_EDITABLE'] }, checkedOutBy: { type: 'string' }, currentVersionId: { type: 'string' }, retryable: { type: 'boolean' } },
    });
    expect(schemas['DependencyProblem'].properties.status).toEqual({ type: 'integer', enum: [502, 503, 504], description: 'The HTTP status.' });
    expect(Object.keys(schemas['DocumentDto'].properties)).toEqual([
      'documentId',
      'versionId',
      'title',
      'fileName',
      'mimeType',
      'category',
      'documentDate',
      'parentDocumentId',
      'childDocumentIds',
      'isUsed',
      'isCheckedOut',
      'checkedOutBy',
      'sizeBytes',
      'versions',
      'readByMe',
      'canRedact',
      'canRedactReason',
      'canRename',
      'canRenameReason',
      'canReclassify',
      'canReclassifyReason',
    ]);
    expect(document.openapi).toBe('3.1.0');
    expect(schemas['CaseSummaryDto'].properties.registeredDate).toMatchObject({ type: ['string', 'null'], format: 'date' });
    expect(schemas['WitnessListDto'].required).toEqual(['witnesses', 'warnings']);
    expect(schemas['UpdateDocumentDto'].required ?? []).toEqual([]);
    expect(schemas['UpdateDocumentDto'].properties.category.enum).toContain('MG11 Witness statement');
  });

  it('is served at GET /api/docs-json without a token', async () => {
    const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/docs-json`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as OpenAPIObject;
    expect(served.info.title).toBe('casework-facade');
    expect(Object.keys(served.paths)).toContain('/api/v1/cases/{caseId}/documents');
  });
});
