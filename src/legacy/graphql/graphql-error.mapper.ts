import { ClientError } from 'graphql-request';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import { legacyCodeToDomainError, retryAfterSeconds } from '../legacy-code.mapper.js';
import { httpStatusToDomainError, safeCause } from '../transport-error.mapper.js';

/** One entry of a GraphQL response's errors[], as far as we rely on it. */
export interface GraphqlApiError {
  readonly message?: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: unknown; readonly checkedOutBy?: unknown };
}

/** Legacy 2005: a field withheld from this caller; the rest of the data stands. */
const FIELD_WITHHELD = '2005';

const codeOf = (error: GraphqlApiError): string => {
  const code = error.extensions?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
};

/** `["case","witnesses",0,"dateOfBirth"]` → `witnesses[0].dateOfBirth` (the root field dropped). */
export function warningPath(path: readonly (string | number)[] | undefined): string {
  if (!path || path.length === 0) return '';
  return path
    .slice(path.length > 1 ? 1 : 0)
    .reduce<string>((joined, segment) => (typeof segment === 'number' ? `${joined}[${segment}]` : joined ? `${joined}.${segment}` : segment), '');
}

/** Codes that fail the whole call wherever they appear: the session or the rate budget, not a field. */
const CALL_LEVEL = new Set(['1001', '9001']);

/**
 * errors[] of a response that may carry partial data. An error on a field below a root field
 * whose data arrived (a withheld field, 2005, or a field that failed on its own) only nulls
 * that field: it becomes a warning, its path. Anything else fails the call with its mapped
 * DomainError; a session expiry (1001) wins so that the session service can re-login.
 */
export function graphqlErrorsToWarnings(errors: readonly GraphqlApiError[] | undefined, data?: unknown): string[] {
  if (!errors || errors.length === 0) return [];
  const roots = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const isFieldLevel = (error: GraphqlApiError): boolean => {
    const root = error.path?.[0];
    return !CALL_LEVEL.has(codeOf(error)) && typeof root === 'string' && error.path!.length > 1 && roots[root] !== null && roots[root] !== undefined;
  };
  const failures = errors.filter((error) => !isFieldLevel(error));
  if (failures.length > 0) {
    const first = failures.find((error) => codeOf(error) === '1001') ?? failures[0];
    throw graphqlErrorToDomainError(first);
  }
  return errors.map((error) => warningPath(error.path));
}

export function graphqlErrorToDomainError(error: GraphqlApiError): DomainError {
  const code = codeOf(error);
  if (code === '') return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered an error without a code');
  const checkedOutBy = error.extensions?.checkedOutBy;
  return legacyCodeToDomainError({ code, checkedOutBy: typeof checkedOutBy === 'string' ? checkedOutBy : null }, error);
}

/**
 * A rejected graphql-request call as a DomainError: HTTP errors carrying errors[] by their
 * legacy codes, 429 → LEGACY_RATE_LIMITED, other statuses by class; the transport's own
 * DomainErrors (deadline, network) as they are; anything unreadable → LEGACY_BAD_RESPONSE.
 */
export function graphqlFailureToDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  if (error instanceof ClientError) {
    const { status, headers } = error.response;
    const retryAfter = retryAfterSeconds(headers?.get('retry-after') ?? undefined);
    const errors = (error.response.errors ?? []) as readonly GraphqlApiError[];
    const coded = errors.find((entry) => codeOf(entry) !== '' && codeOf(entry) !== FIELD_WITHHELD);
    if (coded) {
      const mapped = graphqlErrorToDomainError(coded);
      if (mapped.code === 'LEGACY_RATE_LIMITED' && retryAfter) return new DomainError(mapped.code, mapped.message, { retryAfterSeconds: retryAfter }, { cause: safeCause(error) });
      return mapped;
    }
    if (status >= 200 && status < 300) return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered errors without codes', {}, { cause: safeCause(error) });
    return httpStatusToDomainError(status, 'GraphQL', retryAfter);
  }
  return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered something that is not a GraphQL response', {}, { cause: safeCause(error) });
}
