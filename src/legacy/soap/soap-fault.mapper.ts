import { DomainError, isDomainError } from '../../common/domain-error.js';
import { legacyCodeToDomainError, retryAfterSeconds } from '../legacy-code.mapper.js';
import { legacyText } from '../legacy.mapper.js';
import { safeCause, transportErrorToDomainError } from '../transport-error.mapper.js';

interface ParsedFault {
  readonly faultcode?: unknown;
  readonly detail?: { readonly CmsFault?: { readonly Code?: unknown; readonly CheckedOutBy?: unknown } };
}

interface NodeSoapError {
  readonly root?: { readonly Envelope?: { readonly Body?: { readonly Fault?: ParsedFault } } };
  readonly response?: { readonly status?: number; readonly headers?: Record<string, unknown> };
  readonly isAxiosError?: boolean;
}

/**
 * Whatever a node-soap call rejected with, as a DomainError:
 * - a SOAP fault with `detail/CmsFault` → by its legacy code (docs/legacy-cms.md);
 * - a fault without one → LEGACY_UNAVAILABLE for soap:Server, else LEGACY_BAD_RESPONSE;
 * - errors our transport already coded (timeouts, refused connections, DOCTYPE) pass through;
 * - anything else (malformed XML, an unexpected body) → LEGACY_BAD_RESPONSE.
 */
export function soapFaultToDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const soapError = (typeof error === 'object' && error !== null ? error : {}) as NodeSoapError;
  const fault = soapError.root?.Envelope?.Body?.Fault;
  if (fault) {
    const cmsFault = fault.detail?.CmsFault;
    const code = legacyText(cmsFault?.Code).trim();
    if (code !== '') {
      return legacyCodeToDomainError(
        {
          code,
          checkedOutBy: legacyText(cmsFault?.CheckedOutBy) || null,
          retryAfterSeconds: retryAfterSeconds(soapError.response?.headers?.['retry-after']),
        },
        error,
      );
    }
    const faultCode = legacyText(fault.faultcode);
    if (/(^|:)Server$/i.test(faultCode)) return new DomainError('LEGACY_UNAVAILABLE', 'legacy CMS answered a server fault without a code', {}, { cause: safeCause(error) });
    return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered a fault without a code', {}, { cause: safeCause(error) });
  }
  if (soapError.isAxiosError) return transportErrorToDomainError(error, 'Classic (SOAP)', false);
  return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered something that is not a valid SOAP response', {}, { cause: safeCause(error) });
}
