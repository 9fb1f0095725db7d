import { DomainError } from '../../common/domain-error.js';
import { legacyCodeToDomainError, retryAfterSeconds } from '../legacy-code.mapper.js';
import { legacyText } from '../legacy.mapper.js';
import type { SoapFault } from './soap-envelope.reader.js';

/**
 * A Classic SOAP fault as a DomainError:
 * - with `detail/CmsFault` → by its legacy code (docs/legacy-cms.md); a 1001 is a LegacySessionExpiredError;
 * - without one → LEGACY_UNAVAILABLE for soap:Server, else LEGACY_BAD_RESPONSE.
 * The fault string is never copied: legacy messages may carry personal data.
 */
export function soapFaultToDomainError(fault: SoapFault, retryAfterHeader?: string | string[]): DomainError {
  const cmsFault = fault.detail['CmsFault'];
  const field = (name: string): string => (typeof cmsFault === 'object' && !Array.isArray(cmsFault) ? legacyText(cmsFault[name]) : '');
  const code = field('Code').trim();
  if (code !== '') {
    return legacyCodeToDomainError({ code, checkedOutBy: field('CheckedOutBy') || null, retryAfterSeconds: retryAfterSeconds(retryAfterHeader), message: field('Message') });
  }
  if (/(^|:)Server$/i.test(fault.faultcode)) return new DomainError('LEGACY_UNAVAILABLE', 'legacy CMS answered a server fault without a code');
  return new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered a fault without a code');
}
