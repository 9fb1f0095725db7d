import type { OpenAPIObject } from '@nestjs/swagger';
import { CORRELATION_ID_PATTERN } from '../common/correlation-id.js';
import { API_V1 } from '../common/api-paths.js';
import { problemKindOf } from '../common/problem-catalog.js';
import { problemContentOf, problemSchemas } from './problem-schemas.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Reusable response headers (components/headers). */
export const CORRELATION_ID_HEADER_NAME = 'X-Correlation-Id';
export const SERVED_BY_HEADER_NAME = 'X-Served-By';
/** Case resources reach the legacy CMS through the strangler (at least for the access decision), which names the side that answered. */
/** Paths whose requests call the legacy CMS through the strangler: cases, and the caller's own (recent cases). */
const STRANGLED_PATH_PREFIXES = [`/${API_V1}/cases`, `/${API_V1}/me/`];

interface OperationShape {
  security?: unknown[];
  parameters?: unknown[];
  responses?: Record<string, ResponseShape>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  tags?: string[];
}

interface ResponseShape {
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const ref = (section: string, name: string): { $ref: string } => ({ $ref: `#/components/${section}/${name}` });

const RESPONSE_HEADERS = {
  [CORRELATION_ID_HEADER_NAME]: {
    required: true,
    description: 'The request’s correlation id: the caller’s own `X-Correlation-Id` when it is well-formed, else a new UUID. Problems carry it as `correlationId`.',
    schema: { type: 'string', pattern: CORRELATION_ID_PATTERN.source },
  },
  [SERVED_BY_HEADER_NAME]: {
    required: false,
    description: 'Which side of the strangler answered the legacy CMS calls of this request (`modern` when any call was served by a modern implementation).',
    schema: { type: 'string', enum: ['legacy', 'modern'] },
  },
};

/** Reusable request headers (components/parameters). */
export const CLIENT_NAME_PARAMETER = 'XClientName';
const REQUEST_PARAMETERS = {
  [CLIENT_NAME_PARAMETER]: {
    name: 'X-Client-Name',
    in: 'header' as const,
    required: false,
    description:
      'The calling application, e.g. `casework-ui` or `bulk-export.v2`: counted per strangler route in the migration report (who still calls what). ' +
      'A token of 1–64 letters, digits, `.`, `_` or `-`; anything else counts as `unknown`, a missing header as `unnamed`. It never changes the answer.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
  },
};

/**
 * Facade-wide conventions applied to the generated document:
 * - an operation without a security requirement is public (a route needing a token carries
 *   @ApiBearerAuth), which OpenAPI says with an explicit empty `security`;
 * - errors are problem+json, one schema per error family (problem-schemas.ts); every operation may
 *   also answer what the HTTP layer refuses (400 MALFORMED_REQUEST; 4XX for 405, 408, 414, 415, 431)
 *   and 500 INTERNAL;
 * - every /api/v1 operation takes the optional X-Client-Name header;
 * - every response carries X-Correlation-Id; responses of case resources (and of /me/) may carry X-Served-By;
 * - request bodies are closed (`additionalProperties: false`): the global validation pipe refuses
 *   unknown fields (whitelist + forbidNonWhitelisted), nested ones included;
 * - exclusive bounds are written the OpenAPI 3.1 way (`exclusiveMinimum: 0`, not `minimum: 0` +
 *   `exclusiveMinimum: true` as the decorators' types require);
 * - every tag an operation uses is listed, sorted.
 */
export function applyFacadeConventions(document: OpenAPIObject): OpenAPIObject {
  const tags = new Set<string>();
  const schemas: Record<string, Schema> = { ...(document.components?.schemas as Record<string, Schema> | undefined), ...problemSchemas() };
  const requestSchemas: unknown[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, OperationShape | undefined>)[method];
      if (operation === undefined) continue;
      if (operation.security === undefined || operation.security.length === 0) operation.security = [];
      if (path.startsWith(`/${API_V1}/`)) operation.parameters = [...(operation.parameters ?? []), ref('parameters', CLIENT_NAME_PARAMETER)];
      const responses = (operation.responses ??= {});
      addHttpLayerProblems(responses);
      for (const response of Object.values(responses)) {
        response.headers = {
          ...response.headers,
          [CORRELATION_ID_HEADER_NAME]: ref('headers', CORRELATION_ID_HEADER_NAME),
          ...(STRANGLED_PATH_PREFIXES.some((prefix) => path.startsWith(prefix)) ? { [SERVED_BY_HEADER_NAME]: ref('headers', SERVED_BY_HEADER_NAME) } : {}),
        };
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) requestSchemas.push(media.schema);
      for (const tag of operation.tags ?? []) tags.add(tag);
    }
  }
  const closed = new Set<Schema>();
  for (const schema of requestSchemas) closeSchema(schema, schemas, closed);
  normalizeExclusiveBounds(document.paths);
  normalizeExclusiveBounds(schemas);
  const described = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  const info = { ...document.info };
  if (info.contact !== undefined && Object.keys(info.contact).length === 0) delete info.contact;
  return {
    ...document,
    info,
    tags: [...tags].sort((a, b) => a.localeCompare(b, 'en')).map((name) => described.get(name) ?? { name }),
    components: { ...document.components, schemas, headers: { ...document.components?.headers, ...RESPONSE_HEADERS }, parameters: { ...document.components?.parameters, ...REQUEST_PARAMETERS } },
  };
}

const titled = (code: Parameters<typeof problemKindOf>[0]): string => `${problemKindOf(code).title} (${code}).`;

/**
 * What any operation can answer whatever it does: a request the HTTP layer finds malformed (400),
 * one it refuses before the route runs (4XX: 405 with Allow, 408, 414, 415, 431), and 500.
 */
function addHttpLayerProblems(responses: Record<string, ResponseShape>): void {
  const malformed = titled('MALFORMED_REQUEST');
  const badRequest = responses['400'];
  if (badRequest === undefined) responses['400'] = { description: malformed, content: problemContentOf('MALFORMED_REQUEST') };
  else if (typeof badRequest['description'] === 'string' && !badRequest['description'].includes('MALFORMED_REQUEST')) badRequest['description'] = `${badRequest['description']} ${malformed}`;
  responses['4XX'] ??= {
    description: `Refused by the HTTP layer before the route ran: ${(['METHOD_NOT_ALLOWED', 'REQUEST_TIMEOUT', 'URI_TOO_LONG', 'UNSUPPORTED_MEDIA_TYPE', 'HEADERS_TOO_LARGE'] as const).map(titled).join(' ')}`,
    content: problemContentOf('METHOD_NOT_ALLOWED'),
    headers: { Allow: { required: false, description: 'METHOD_NOT_ALLOWED: the methods the path allows.', schema: { type: 'string' } } },
  };
  responses['500'] ??= { description: titled('INTERNAL'), content: problemContentOf('INTERNAL') };
}

/** Marks an object schema, and every object schema it reaches, as refusing unknown members. */
function closeSchema(schema: unknown, schemas: Record<string, Schema>, closed: Set<Schema>): void {
  if (!isRecord(schema) || closed.has(schema)) return;
  closed.add(schema);
  const target = typeof schema['$ref'] === 'string' ? schemas[schema['$ref'].replace('#/components/schemas/', '')] : undefined;
  if (target !== undefined) closeSchema(target, schemas, closed);
  if (isRecord(schema['properties'])) {
    schema['additionalProperties'] ??= false;
    for (const property of Object.values(schema['properties'])) closeSchema(property, schemas, closed);
  }
  closeSchema(schema['items'], schemas, closed);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const members = schema[key];
    if (Array.isArray(members)) for (const member of members) closeSchema(member, schemas, closed);
  }
}

/** `{ minimum: 0, exclusiveMinimum: true }` → `{ exclusiveMinimum: 0 }` (and the same for maximum), anywhere in the tree. */
function normalizeExclusiveBounds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalizeExclusiveBounds(item);
    return;
  }
  if (!isRecord(node)) return;
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (node[exclusive] === true && typeof node[bound] === 'number') {
      node[exclusive] = node[bound];
      delete node[bound];
    } else if (node[exclusive] === false) {
      delete node[exclusive];
    }
  }
  for (const value of Object.values(node)) normalizeExclusiveBounds(value);
}
