import { DomainError } from '../../common/domain-error.js';

/**
 * Any DOCTYPE or ENTITY declaration in a legacy response is refused before a parser sees it:
 * no entity expansion (billion laughs), no external entities (XXE). SOAP 1.1 forbids a DTD in
 * a message anyway (SOAP 1.1 §3), so nothing legitimate is lost.
 * Matched case-insensitively and with any whitespace, as parsers differ in what they accept.
 */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)\b/i;

export function containsXmlDeclarationOfDtd(xml: string): boolean {
  return DECLARATION.test(xml);
}

export function assertSafeXml(xml: string): void {
  if (containsXmlDeclarationOfDtd(xml)) {
    throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS response carried a DOCTYPE or ENTITY declaration and was refused');
  }
}
