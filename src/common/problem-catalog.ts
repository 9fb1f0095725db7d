import type { ErrorCode } from './error-codes.js';

export interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/** The HTTP status and fixed title of each error code. Exhaustive: a new code will not compile until mapped here. */
export function problemKindOf(code: ErrorCode): ProblemKind {
  switch (code) {
    case 'VALIDATION_FAILED':
      return { status: 400, title: 'The request is not valid' };
    case 'MALFORMED_REQUEST':
      return { status: 400, title: 'The request is malformed' };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, title: 'The request content type is not supported' };
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, title: 'The request body is too large' };
    case 'URI_TOO_LONG':
      return { status: 414, title: 'The request URL is too long' };
    case 'HEADERS_TOO_LARGE':
      return { status: 431, title: 'The request headers are too large' };
    case 'REQUEST_TIMEOUT':
      return { status: 408, title: 'The request was not received in time' };
    case 'UNAUTHENTICATED':
      return { status: 401, title: 'A valid bearer token is required' };
    case 'FORBIDDEN':
      return { status: 403, title: 'The caller lacks the required role' };
    case 'LEGACY_USER_UNKNOWN':
      return { status: 403, title: 'The legacy CMS does not know this user' };
    case 'RATE_LIMITED':
      return { status: 429, title: 'Too many requests' };
    case 'CASE_NOT_FOUND':
      return { status: 404, title: 'Case not found' };
    case 'CASE_ACCESS_DENIED':
      return { status: 403, title: 'Access to the case is denied' };
    case 'DOCUMENT_NOT_FOUND':
      return { status: 404, title: 'Document not found' };
    case 'DOCUMENT_VERSION_NOT_FOUND':
      return { status: 404, title: 'Document version not found' };
    case 'PAGE_NOT_FOUND':
      return { status: 404, title: 'The document has no such page' };
    case 'DOCUMENT_CHECKED_OUT':
      return { status: 409, title: 'The document is checked out' };
    case 'RANGE_NOT_SATISFIABLE':
      return { status: 416, title: 'The requested range cannot be served' };
    case 'DOCUMENT_VERSION_NOT_CURRENT':
      return { status: 409, title: 'The document version is no longer the current one' };
    case 'DOCUMENT_NOT_INGESTED':
      return { status: 409, title: 'The document version has not been ingested yet' };
    case 'DOCUMENT_TOO_LARGE':
      return { status: 413, title: 'The document is too large to process' };
    case 'INVALID_GEOMETRY':
      return { status: 400, title: 'The redaction geometry is not valid' };
    case 'REDACTION_FAILED':
      return { status: 422, title: 'The document could not be redacted' };
    case 'REDACTION_LOG_ENTRY_NOT_FOUND':
      return { status: 404, title: 'Redaction log entry not found' };
    case 'REDACTION_VERIFICATION_FAILED':
      return { status: 422, title: 'The redaction failed verification and was not saved' };
    case 'REDACTION_SESSION_NOT_FOUND':
      return { status: 404, title: 'The version has no redaction session' };
    case 'REDACTION_SESSION_BUSY':
      return { status: 409, title: 'The redaction session is saving or ending' };
    case 'PRECONDITION_FAILED':
      return { status: 412, title: 'The resource has changed since the given ETag' };
    case 'REDACTION_PLAN_NOT_FOUND':
      return { status: 404, title: 'Redaction plan not found' };
    case 'REDACTION_PLAN_NOT_EDITABLE':
      return { status: 409, title: 'The redaction plan is being applied or was applied' };
    case 'PRECONDITION_REQUIRED':
      return { status: 428, title: 'The request must be conditional (If-Match)' };
    case 'ROUTE_NOT_FOUND':
      return { status: 404, title: 'No such route' };
    case 'METHOD_NOT_ALLOWED':
      return { status: 405, title: 'The method is not allowed on this path' };
    case 'LEGACY_UNAVAILABLE':
      return { status: 503, title: 'The legacy CMS is unavailable' };
    case 'LEGACY_TIMEOUT':
      return { status: 504, title: 'The legacy CMS did not answer in time' };
    case 'LEGACY_RATE_LIMITED':
      return { status: 503, title: 'The legacy CMS is rate limiting requests' };
    case 'LEGACY_BAD_RESPONSE':
      return { status: 502, title: 'The legacy CMS gave an unexpected answer' };
    case 'LEGACY_AUTH_FAILED':
      return { status: 502, title: 'The legacy CMS refused the facade credentials' };
    case 'IDENTITY_PROVIDER_UNAVAILABLE':
      return { status: 503, title: 'Tokens cannot be verified: the identity provider is unavailable' };
    case 'AUDIT_UNAVAILABLE':
      return { status: 503, title: 'The access could not be audited, so it was refused' };
    case 'INTERNAL':
      return { status: 500, title: 'Internal error' };
  }
}

/** `CASE_NOT_FOUND` → `urn:casework-facade:problem:case-not-found`. */
export const problemTypeOf = (code: ErrorCode): string => `urn:casework-facade:problem:${code.toLowerCase().replaceAll('_', '-')}`;
