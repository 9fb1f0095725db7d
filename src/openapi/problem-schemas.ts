import { CORRELATION_ID_PATTERN } from '../common/correlation-id.js';
import type { ErrorCode } from '../common/error-codes.js';
import { problemKindOf } from '../common/problem-catalog.js';
import { PROBLEM_CONTENT_TYPE } from '../common/problem-details.filter.js';

/** An OpenAPI 3.1 (JSON Schema 2020-12) schema, as written here by hand. */
export type JsonSchema = Record<string, unknown>;

/**
 * The problem+json bodies of the facade, one schema per error family (an HTTP status, or the
 * 502/503/504 of the legacy CMS), each with the extras the facade really sends for its codes
 * (the `details` of the DomainErrors thrown with that code). Written as OpenAPI 3.1 schemas by hand,
 * not as DTOs: they must not depend on the CLI plugin, and they are closed (`additionalProperties:
 * false`) so the contract tests catch an extra nobody documented.
 */
export interface ProblemFamily {
  /** Component name, e.g. `ConflictProblem`. */
  readonly name: string;
  readonly description: string;
  readonly codes: readonly ErrorCode[];
  /** Extra members, by name (all optional: each is sent only by some codes or some failures). */
  readonly extras: Readonly<Record<string, JsonSchema>>;
}

const integer = (description: string, minimum = 0): JsonSchema => ({ type: 'integer', minimum, description });
const text = (description: string): JsonSchema => ({ type: 'string', description });

export const PROBLEM_FAMILIES: readonly ProblemFamily[] = [
  {
    name: 'ValidationProblem',
    description: 'The request is not valid: VALIDATION_FAILED (a parameter or body field), INVALID_GEOMETRY (redaction rectangles and page changes), or MALFORMED_REQUEST (not valid HTTP, JSON or percent-encoding).',
    codes: ['VALIDATION_FAILED', 'MALFORMED_REQUEST', 'INVALID_GEOMETRY'],
    extras: {
      field: text('The one parameter or body field at fault, e.g. `caseId`, `q`, `limit`.'),
      fields: text('The body fields at fault, comma-separated (nested fields as `a.b`).'),
      pageIndex: integer('The 0-based page the problem is on.'),
      rectIndex: integer('The 0-based rectangle, on `pageIndex`, at fault.'),
      boxIndex: integer('The 0-based redaction box at fault.'),
      index: integer('The 0-based page modification at fault.'),
      declaredBytes: integer('The size an upload declared.'),
      receivedBytes: integer('The size the upload really had.'),
    },
  },
  {
    name: 'HttpRequestProblem',
    description:
      'The HTTP layer refused the request before any route ran: METHOD_NOT_ALLOWED (405, with `Allow`), REQUEST_TIMEOUT (408), URI_TOO_LONG (414), UNSUPPORTED_MEDIA_TYPE (415) or HEADERS_TOO_LARGE (431).',
    codes: ['METHOD_NOT_ALLOWED', 'REQUEST_TIMEOUT', 'URI_TOO_LONG', 'UNSUPPORTED_MEDIA_TYPE', 'HEADERS_TOO_LARGE'],
    extras: { allow: text('METHOD_NOT_ALLOWED: the methods the path allows, comma-separated (also in `Allow`).') },
  },
  {
    name: 'UnauthenticatedProblem',
    description: 'No valid bearer token (UNAUTHENTICATED). The response carries `WWW-Authenticate: Bearer`.',
    codes: ['UNAUTHENTICATED'],
    extras: {},
  },
  {
    name: 'ForbiddenProblem',
    description:
      'The caller lacks a role the route needs (FORBIDDEN), the legacy CMS denies them the case (CASE_ACCESS_DENIED), or the legacy CMS has no account for the signed-in user (LEGACY_USER_UNKNOWN).',
    codes: ['FORBIDDEN', 'CASE_ACCESS_DENIED', 'LEGACY_USER_UNKNOWN'],
    extras: {},
  },
  {
    name: 'NotFoundProblem',
    description:
      'Unknown case, document, version, page (PAGE_NOT_FOUND, with the `pageCount` the document has), redaction plan, redaction log entry or route; or the version has no redaction session (REDACTION_SESSION_NOT_FOUND).',
    codes: ['CASE_NOT_FOUND', 'DOCUMENT_NOT_FOUND', 'DOCUMENT_VERSION_NOT_FOUND', 'PAGE_NOT_FOUND', 'REDACTION_PLAN_NOT_FOUND', 'REDACTION_LOG_ENTRY_NOT_FOUND', 'ROUTE_NOT_FOUND', 'REDACTION_SESSION_NOT_FOUND'],
    extras: { pageCount: integer('Pages of the document (PAGE_NOT_FOUND).') },
  },
  {
    name: 'ConflictProblem',
    description:
      'The document is not in a state that allows the request. DOCUMENT_CHECKED_OUT: someone else holds it (`checkedOutBy` when the legacy CMS says who; `notCheckedOutByCaller` when a check-in found the caller no longer holds it). DOCUMENT_VERSION_NOT_CURRENT: `currentVersionId` is the version to use instead. DOCUMENT_NOT_INGESTED: `retryable` when ingestion has been started (retry once the tracker shows the version indexed), `reason` when it failed, `currentVersionId` when only the current version is ingested. REDACTION_SESSION_BUSY: the redaction session is saving or ending (`sessionState`). REDACTION_PLAN_NOT_EDITABLE: the plan is being applied or was applied, so its review is closed.',
    codes: ['DOCUMENT_CHECKED_OUT', 'DOCUMENT_VERSION_NOT_CURRENT', 'DOCUMENT_NOT_INGESTED', 'REDACTION_SESSION_BUSY', 'REDACTION_PLAN_NOT_EDITABLE'],
    extras: {
      checkedOutBy: text('Legacy username of whoever holds the document checked out.'),
      notCheckedOutByCaller: { type: 'boolean', const: true, description: 'The caller no longer holds the check-out it was using.' },
      currentVersionId: { type: 'string', pattern: '^[1-9][0-9]{0,7}$', description: 'The current version of the document.', example: '7002' },
      retryable: { type: 'boolean', const: true, description: 'Ingestion of the version has been started: retry when the case tracker shows it indexed.' },
      reason: text('Why ingestion of the version failed (the tracker’s failure reason, or `unknown`).'),
      sessionHolder: text('DOCUMENT_CHECKED_OUT by a redaction session of the facade: legacy username of its holder.'),
      sessionExpiresAt: { type: 'string', format: 'date-time', description: 'DOCUMENT_CHECKED_OUT by a redaction session: when it expires unless its holder heartbeats.' },
      sessionState: { type: 'string', enum: ['saving', 'ending', 'changing'], description: 'REDACTION_SESSION_BUSY: what the session is doing (`changing`: another request changed it meanwhile; retry).' },
    },
  },
  {
    name: 'PreconditionProblem',
    description: 'A conditional write: PRECONDITION_REQUIRED (428: send If-Match with the ETag last answered) or PRECONDITION_FAILED (412: the resource changed since that ETag; read it again).',
    codes: ['PRECONDITION_FAILED', 'PRECONDITION_REQUIRED'],
    extras: {},
  },
  {
    name: 'PayloadTooLargeProblem',
    description: 'The request body is over the size limit (PAYLOAD_TOO_LARGE), or the document is too large to process here (DOCUMENT_TOO_LARGE, with the limit it broke).',
    codes: ['PAYLOAD_TOO_LARGE', 'DOCUMENT_TOO_LARGE'],
    extras: {
      sizeBytes: integer('Size of the converted PDF.'),
      maxBytes: integer('The largest PDF that can be processed.'),
      pageCount: integer('Pages of the document.'),
      maxPages: integer('The most pages that can be processed.'),
      reason: { type: 'string', enum: ['TOO_LARGE', 'OUT_OF_MEMORY'], description: 'Which sandbox limit the engine hit.' },
    },
  },
  {
    name: 'RangeNotSatisfiableProblem',
    description: 'The byte range cannot be served (RANGE_NOT_SATISFIABLE); `Content-Range: bytes */<size>` and `totalBytes` carry the size when it is known.',
    codes: ['RANGE_NOT_SATISFIABLE'],
    extras: { totalBytes: integer('Size of the whole file.') },
  },
  {
    name: 'RedactionProblem',
    description: 'The redaction could not be applied (REDACTION_FAILED, `reason` from the engine) or failed verification (REDACTION_VERIFICATION_FAILED, with the checks that failed). Nothing was saved.',
    codes: ['REDACTION_FAILED', 'REDACTION_VERIFICATION_FAILED'],
    extras: {
      reason: text('Why the engine failed (a processing failure reason such as `MALFORMED` or `TIMEOUT`).'),
      checks: text('The verification checks that failed, comma-separated.'),
      failureCount: integer('How many verification failures were found.'),
    },
  },
  {
    name: 'RateLimitedProblem',
    description: 'The caller sent too many requests of one kind (RATE_LIMITED); `Retry-After` says when to try again.',
    codes: ['RATE_LIMITED'],
    extras: {
      retryAfterSeconds: integer('Seconds to wait before retrying (also in `Retry-After`).', 1),
      limit: text('Which per-user limit was reached, e.g. `search`, `refresh`, `redaction`, `preview`.'),
    },
  },
  {
    name: 'InternalProblem',
    description: 'An unexpected failure (INTERNAL); quote the correlation id when reporting it.',
    codes: ['INTERNAL'],
    extras: {},
  },
  {
    name: 'DependencyProblem',
    description:
      'A dependency failed. The legacy CMS answered badly or refused the facade’s credentials (502), is unavailable or rate limiting, or the facade is holding calls back to protect it (503), or did not answer in time (504). Or the facade refused rather than answer unsafely (503): IDENTITY_PROVIDER_UNAVAILABLE (no signing keys can be had to verify the token), AUDIT_UNAVAILABLE (the access could not be recorded). Every 503 carries `Retry-After`.',
    codes: ['LEGACY_BAD_RESPONSE', 'LEGACY_AUTH_FAILED', 'LEGACY_UNAVAILABLE', 'LEGACY_RATE_LIMITED', 'LEGACY_TIMEOUT', 'IDENTITY_PROVIDER_UNAVAILABLE', 'AUDIT_UNAVAILABLE'],
    extras: {
      retryAfterSeconds: integer('503: seconds to wait before retrying (also in `Retry-After`).', 1),
      reason: text('LEGACY_UNAVAILABLE / LEGACY_TIMEOUT: why, e.g. `circuit-open`, `bulkhead-full`, `deadline-exceeded`.'),
      legacyInterface: { type: 'string', enum: ['soap', 'graphql', 'files'], description: 'The legacy interface that failed.' },
      legacyStatus: integer('The HTTP status the legacy CMS answered.', 100),
      legacyCode: text('An error code of the legacy CMS the facade does not know.'),
      field: text('The field of the legacy answer that was invalid.'),
      fields: text('The fields of the legacy answer that were missing, comma-separated.'),
    },
  },
];

const statusesOf = (codes: readonly ErrorCode[]): number[] => [...new Set(codes.map((code) => problemKindOf(code).status))].sort((a, b) => a - b);

function problemSchema({ description, codes, extras }: ProblemFamily): JsonSchema {
  const statuses = statusesOf(codes);
  return {
    type: 'object',
    description,
    required: ['type', 'title', 'status', 'detail', 'code', 'correlationId', 'instance'],
    properties: {
      type: { type: 'string', pattern: '^urn:casework-facade:problem:[a-z-]+$', description: 'The problem type: `urn:casework-facade:problem:` and the code in kebab case.', example: 'urn:casework-facade:problem:case-not-found' },
      title: { type: 'string', description: 'A short, fixed summary of the code.', example: problemKindOf(codes[0]).title },
      status: statuses.length === 1 ? { type: 'integer', const: statuses[0], description: 'The HTTP status.' } : { type: 'integer', enum: statuses, description: 'The HTTP status.' },
      detail: { type: 'string', description: 'What went wrong with this request, without personal data.' },
      code: { type: 'string', enum: [...codes], description: 'The facade’s error code; branch on this, not on the title.' },
      correlationId: { type: 'string', pattern: CORRELATION_ID_PATTERN.source, description: 'The request’s correlation id (also in `X-Correlation-Id`); quote it when reporting a problem.' },
      instance: { type: 'string', description: 'The request path that failed.', example: '/api/v1/cases/42' },
      ...extras,
    },
    additionalProperties: false,
  };
}

/** Every problem schema, by component name. */
export function problemSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(PROBLEM_FAMILIES.map((family) => [family.name, problemSchema(family)]));
}

/** The family of a code. */
export function problemFamilyOf(code: ErrorCode): ProblemFamily {
  const family = PROBLEM_FAMILIES.find((candidate) => candidate.codes.includes(code));
  if (family === undefined) throw new Error(`error code ${code} belongs to no problem family (src/openapi/problem-schemas.ts)`);
  return family;
}

/** The content of a response answering `code`: problem+json with its family's schema. */
export const problemContentOf = (code: ErrorCode) => ({ [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${problemFamilyOf(code).name}` } } });
