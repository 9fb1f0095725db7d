import { DomainError, isDomainError } from '../common/domain-error.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_SOCKET_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Error codes found on an error, its cause chain and AggregateError members (Node's happy eyeballs). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const record = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  const own = [record.code, record.name].filter((value): value is string => typeof value === 'string');
  const nested = Array.isArray(record.errors) ? record.errors.flatMap((member) => errorCodes(member, depth + 1)) : [];
  return [...own, ...nested, ...errorCodes(record.cause, depth + 1)];
}

/**
 * What may travel as a DomainError's cause: the foreign error's name and codes only. Foreign
 * errors carry request configs (session cookies, the service password in SOAP bodies) and
 * response bodies (personal data), which must never reach a log.
 */
export function safeCause(error: unknown): Error {
  const name = typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : typeof error;
  const codes = [...new Set(errorCodes(error).filter((code) => code !== name))];
  const cause = new Error(codes.length > 0 ? `${name} (${codes.join(', ')})` : name);
  cause.name = 'LegacyFailure';
  return cause;
}

/**
 * A network-level failure talking to `what` (timeouts, refused or reset connections) as a
 * DomainError. `timedOut` is true when our own deadline aborted the request.
 */
export function transportErrorToDomainError(error: unknown, what: string, timedOut: boolean): DomainError {
  if (isDomainError(error)) return error;
  const codes = errorCodes(error);
  if (timedOut || codes.some((code) => TIMEOUT_CODES.has(code) || code === 'TimeoutError')) {
    return new DomainError('LEGACY_TIMEOUT', `legacy CMS ${what} did not answer in time`, {}, { cause: safeCause(error) });
  }
  if (codes.some((code) => UNAVAILABLE_CODES.has(code))) {
    return new DomainError('LEGACY_UNAVAILABLE', `legacy CMS ${what} is unreachable`, {}, { cause: safeCause(error) });
  }
  return new DomainError('LEGACY_UNAVAILABLE', `legacy CMS ${what} request failed`, {}, { cause: safeCause(error) });
}

/** A DomainError for an HTTP status that carries no legacy error body. */
export function httpStatusToDomainError(status: number, what: string, retryAfter: number | null): DomainError {
  if (status === 429) {
    return new DomainError('LEGACY_RATE_LIMITED', `legacy CMS ${what} rate limit exceeded`, retryAfter ? { retryAfterSeconds: retryAfter } : {});
  }
  if (status >= 500) return new DomainError('LEGACY_UNAVAILABLE', `legacy CMS ${what} answered HTTP ${status}`, { legacyStatus: status });
  return new DomainError('LEGACY_BAD_RESPONSE', `legacy CMS ${what} answered HTTP ${status}`, { legacyStatus: status });
}

/** A deadline for one legacy call; `timedOut` tells afterwards whether it fired. */
export class LegacyDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number) {
    this.timer = setTimeout(() => this.controller.abort(new DomainError('LEGACY_TIMEOUT', 'legacy CMS did not answer in time')), timeoutMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.controller.signal.aborted;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
