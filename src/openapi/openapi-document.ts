import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { applyFacadeConventions } from './openapi-conventions.js';

export const OPENAPI_JSON_PATH = 'api/docs-json';

const DESCRIPTION = [
  'REST facade over the legacy criminal-case management system (CMS).',
  '',
  'JSON bodies use camelCase, ISO-8601 dates and date-times, booleans and string ids (decimal, no leading zeros).',
  'Every case-scoped route asks the legacy CMS whether the caller may see the case.',
  'Errors are `application/problem+json` bodies with a stable `code` and the request `correlationId`.',
].join('\n');

/** The OpenAPI document of an app that has been created (it need not listen or even be initialised). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('casework-facade')
    .setVersion('1.0.0')
    .setDescription(DESCRIPTION)
    .addServer('/', 'This facade')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An Entra ID access token (or a dev token in development).' })
    .addTag('cases', 'Cases, defendants with their charges, and witnesses')
    .addTag('documents', 'Case documents, their versions and their bytes')
    .addTag('notes', 'Case notes')
    .addTag('search', 'Full-text search across a case, with word boxes for highlighting')
    .addTag('ingestion', 'Case refresh, progress tracking, converted PDFs and extracted text')
    .addTag('strangler', 'Migration report and the per-operation route table (legacy, shadow, canary, modern)')
    .addTag('redaction', 'True redaction with verification, save-back to the legacy CMS, the redaction log and suggestions')
    .addTag('audit', 'The append-only, hash-chained trail of every access (Facade.Auditor only)')
    .addTag('Health', 'Liveness and readiness')
    .build();
  const document = SwaggerModule.createDocument(app, { ...config, info: { ...config.info, license: { name: 'Proprietary' } } });
  return applyFacadeConventions(document);
}

/** Serves the document as JSON at GET /api/docs-json (no UI; the route bypasses the Nest guards, as the contract is public). */
export function serveOpenApiDocument(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup('api/docs', app, () => (document ??= createOpenApiDocument(app)), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
  });
}
