/**
 * Limits of the HTTP layer (ADR 0011). Requests beyond them are refused with a coded problem+json
 * answer before any guard or handler runs.
 */
export const HTTP_LIMITS = {
  /** Longest request target (path and query) served; longer: 414 URI_TOO_LONG. */
  maxUrlLength: 8 * 1024,
  /** Longest path parameter the router matches (find-my-way's maxParamLength); longer: 414 URI_TOO_LONG. */
  maxParamLength: 100,
  /** Node's HTTP parser limit on the request line plus headers; beyond it: 431 HEADERS_TOO_LARGE. */
  maxHeaderBytes: 16 * 1024,
  /** Time to receive a whole request (headers and body); beyond it: 408 REQUEST_TIMEOUT. Responses are not limited. */
  requestTimeoutMs: 120_000,
} as const;
