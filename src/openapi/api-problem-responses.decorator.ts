import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { ErrorCode } from '../common/error-codes.js';
import { problemKindOf } from '../common/problem-catalog.js';
import { problemContentOf, problemFamilyOf } from './problem-schemas.js';

/** Any route behind the bearer guard (503 when no signing keys can be had to check the token). */
export const AUTH_PROBLEMS: readonly ErrorCode[] = ['UNAUTHENTICATED', 'IDENTITY_PROVIDER_UNAVAILABLE'];
/** Any route of the strangler's admin API: a token with the admin role. */
export const ADMIN_PROBLEMS: readonly ErrorCode[] = [...AUTH_PROBLEMS, 'FORBIDDEN'];
/** Any route that reaches the legacy CMS (with the caller's token; 403 LEGACY_USER_UNKNOWN when it has no account for the caller). */
export const LEGACY_PROBLEMS: readonly ErrorCode[] = [...AUTH_PROBLEMS, 'LEGACY_USER_UNKNOWN', 'LEGACY_BAD_RESPONSE', 'LEGACY_AUTH_FAILED', 'LEGACY_UNAVAILABLE', 'LEGACY_RATE_LIMITED', 'LEGACY_TIMEOUT'];
/** Any case-scoped route: the case id is checked, then the legacy CMS decides whether the caller may see the case. */
export const CASE_PROBLEMS: readonly ErrorCode[] = [...LEGACY_PROBLEMS, 'VALIDATION_FAILED', 'CASE_ACCESS_DENIED', 'CASE_NOT_FOUND'];
/** Any route that takes a JSON body (malformed JSON, unknown or invalid fields, over the size limit, not JSON). */
export const BODY_PROBLEMS: readonly ErrorCode[] = ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** Any route on one version of a case document. */
export const VERSION_PROBLEMS: readonly ErrorCode[] = [...CASE_PROBLEMS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND'];

type ResponseHeaders = NonNullable<ApiResponseOptions['headers']>;

/** Response headers that go with some problems. */
function problemHeaders(status: number, codes: readonly ErrorCode[]): ResponseHeaders | undefined {
  if (status === 401) {
    return { 'WWW-Authenticate': { required: true, description: 'The authentication scheme to use.', schema: { type: 'string', enum: ['Bearer'] } } };
  }
  if (status === 503 || status === 429) {
    return { 'Retry-After': { required: true, description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } };
  }
  if (codes.includes('RANGE_NOT_SATISFIABLE')) {
    return { 'Content-Range': { required: false, description: '`bytes */<size>` when the size of the file is known.', schema: { type: 'string', pattern: '^bytes \\*/[0-9]+$' } } };
  }
  return undefined;
}

/**
 * Documents the errors an operation can answer, as application/problem+json, one response per status
 * with the schema of the codes' family; the description names the codes (with their fixed titles).
 */
export function ApiProblems(...codes: readonly ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = problemKindOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, grouped]) => {
        const families = new Set(grouped.map((code) => problemFamilyOf(code).name));
        if (families.size !== 1) throw new Error(`status ${status} mixes problem families: ${[...families].join(', ')}`);
        const headers = problemHeaders(status, grouped);
        return ApiResponse({
          status,
          description: grouped.map((code) => `${problemKindOf(code).title} (${code}).`).join(' '),
          content: problemContentOf(grouped[0]),
          ...(headers === undefined ? {} : { headers }),
        });
      }),
  );
}
