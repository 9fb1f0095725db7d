import { DomainError } from '../common/domain-error.js';
import { safeCause } from './transport-error.mapper.js';

/** Legacy 1001: the session is invalid or expired. The session service re-logs in once on it. */
export class LegacySessionExpiredError extends DomainError {
  constructor() {
    super('LEGACY_AUTH_FAILED', 'legacy session invalid or expired (1001)');
    this.name = 'LegacySessionExpiredError';
  }
}

export interface LegacyFailure {
  /** The legacy code (e.g. "3001"); SOAP faults and GraphQL extensions.code carry the same ones. */
  readonly code: string;
  readonly checkedOutBy?: string | null;
  readonly retryAfterSeconds?: number | null;
  /** The legacy message: compared (1002), never copied. */
  readonly message?: string | null;
}

/**
 * AuthenticateOnBehalfOf answers 1002 both for bad service credentials and for a username it has no account for;
 * only the message tells them apart. The first is the facade's fault (an operator alert), the second the user's.
 */
export const LEGACY_UNKNOWN_USER_MESSAGE = 'Unknown user';

/** The table in docs/legacy-cms.md. Legacy messages are not copied: they may carry personal data. */
export function legacyCodeToDomainError(failure: LegacyFailure, cause?: unknown): DomainError {
  const { code } = failure;
  const options = { cause: cause === undefined ? undefined : safeCause(cause) };
  switch (code) {
    case '1001':
      return new LegacySessionExpiredError();
    case '1002':
      if (failure.message?.trim() === LEGACY_UNKNOWN_USER_MESSAGE) {
        return new DomainError(
          'LEGACY_USER_UNKNOWN',
          'The legacy CMS has no account for the signed-in user, so nothing can be done on their behalf. Ask a legacy CMS administrator to create the account or correct the username.',
          {},
          options,
        );
      }
      return new DomainError('LEGACY_AUTH_FAILED', 'legacy CMS refused the authentication (1002)', {}, options);
    case '2001':
      return new DomainError('CASE_NOT_FOUND', 'case not found in the legacy CMS (2001)', {}, options);
    case '2002':
      return new DomainError('CASE_ACCESS_DENIED', 'legacy CMS denied access to the case (2002)', {}, options);
    case '2003':
      return new DomainError('DOCUMENT_NOT_FOUND', 'document not found in the legacy CMS (2003)', {}, options);
    case '2004':
      return new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'document version not found in the legacy CMS (2004)', {}, options);
    case '3001':
      return new DomainError(
        'DOCUMENT_CHECKED_OUT',
        'document is checked out by another user (3001)',
        failure.checkedOutBy ? { checkedOutBy: failure.checkedOutBy } : {},
        options,
      );
    case '3002':
      return new DomainError('DOCUMENT_CHECKED_OUT', 'document is not checked out by this user (3002)', { notCheckedOutByCaller: true }, options);
    case '3003':
      return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS rejected the upload: sequence, size or hash mismatch (3003)', {}, options);
    case '4001':
      return new DomainError('VALIDATION_FAILED', 'legacy CMS rejected the request as invalid (4001)', {}, options);
    case '9001':
      return new DomainError(
        'LEGACY_RATE_LIMITED',
        'legacy CMS rate limit exceeded (9001)',
        failure.retryAfterSeconds ? { retryAfterSeconds: failure.retryAfterSeconds } : {},
        options,
      );
    case '9999':
      return new DomainError('LEGACY_UNAVAILABLE', 'legacy CMS internal error (9999)', {}, options);
    default:
      return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered an unknown error code', { legacyCode: code.slice(0, 16) }, options);
  }
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date). */
export function retryAfterSeconds(header: unknown, now = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
