import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface OperationShape {
  security?: unknown[];
  responses?: Record<string, unknown>;
  tags?: string[];
}

/**
 * Facade-wide conventions applied to the generated document:
 * - an operation without a security requirement is public (a route needing a token carries
 *   @ApiBearerAuth), which OpenAPI says with an explicit empty `security`;
 * - any client error is answered as problem+json by the global filter, so an operation that
 *   documents no 4xx of its own gets a generic `4XX`;
 * - every tag an operation uses is listed, sorted.
 */
export function applyFacadeConventions(document: OpenAPIObject): OpenAPIObject {
  const tags = new Set<string>();
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, OperationShape | undefined>)[method];
      if (operation === undefined) continue;
      if (operation.security === undefined || operation.security.length === 0) operation.security = [];
      const responses = (operation.responses ??= {});
      if (!Object.keys(responses).some((status) => status.startsWith('4'))) {
        responses['4XX'] = {
          description: 'Client error.',
          content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
        };
      }
      for (const tag of operation.tags ?? []) tags.add(tag);
    }
  }
  const described = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  const info = { ...document.info };
  if (info.contact !== undefined && Object.keys(info.contact).length === 0) delete info.contact;
  return {
    ...document,
    info,
    tags: [...tags].sort((a, b) => a.localeCompare(b, 'en')).map((name) => described.get(name) ?? { name }),
  };
}
