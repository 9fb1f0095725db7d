import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 416 | 500 | 502 | 503 | 504;

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid request (VALIDATION_FAILED).',
  401: 'Missing or invalid bearer token (UNAUTHENTICATED).',
  403: 'The legacy CMS denies the caller access to the case (CASE_ACCESS_DENIED, FORBIDDEN).',
  404: 'Unknown case, document or version (CASE_NOT_FOUND, DOCUMENT_NOT_FOUND, DOCUMENT_VERSION_NOT_FOUND).',
  409: 'The document is checked out by another user (DOCUMENT_CHECKED_OUT).',
  413: 'Request body too large (PAYLOAD_TOO_LARGE).',
  416: 'The requested byte range cannot be satisfied (RANGE_NOT_SATISFIABLE); Content-Range carries the size.',
  500: 'Unexpected failure (INTERNAL).',
  502: 'The legacy CMS answered badly or refused the facade (LEGACY_BAD_RESPONSE, LEGACY_AUTH_FAILED).',
  503: 'The legacy CMS is unavailable or rate-limiting (LEGACY_UNAVAILABLE, LEGACY_RATE_LIMITED); may carry Retry-After.',
  504: 'The legacy CMS did not answer in time (LEGACY_TIMEOUT).',
};

/** Statuses every route that reaches the legacy CMS can answer. */
export const LEGACY_PROBLEMS: readonly ProblemStatus[] = [401, 502, 503, 504];
/** Statuses every case-scoped route can answer, on top of LEGACY_PROBLEMS. */
export const CASE_PROBLEMS: readonly ProblemStatus[] = [400, 403, 404, ...LEGACY_PROBLEMS];

/** Documents error responses as application/problem+json with the shared ProblemDetails schema. */
export function ApiProblemResponses(...statuses: readonly ProblemStatus[]): MethodDecorator & ClassDecorator {
  const unique = [...new Set(statuses)].sort((a, b) => a - b);
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...unique.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
