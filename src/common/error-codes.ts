/**
 * Every error the facade can report. Adapters translate foreign failures (SOAP faults,
 * GraphQL errors[], HTTP statuses, SDK errors) into one of these; the problem+json
 * filter maps each to an HTTP status with an exhaustive switch.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CASE_NOT_FOUND',
  'CASE_ACCESS_DENIED',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_VERSION_NOT_FOUND',
  'DOCUMENT_CHECKED_OUT',
  'RANGE_NOT_SATISFIABLE',
  'DOCUMENT_VERSION_NOT_CURRENT',
  'DOCUMENT_NOT_INGESTED',
  'DOCUMENT_TOO_LARGE',
  'INVALID_GEOMETRY',
  'REDACTION_FAILED',
  'REDACTION_VERIFICATION_FAILED',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'LEGACY_UNAVAILABLE',
  'LEGACY_TIMEOUT',
  'LEGACY_RATE_LIMITED',
  'LEGACY_BAD_RESPONSE',
  'LEGACY_AUTH_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
