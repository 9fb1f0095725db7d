import { DomainError } from '../../common/domain-error.js';

export const CASEWORK_NAMESPACE = 'urn:legacy-cms:casework:v1';
const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
const ELEMENT_NAME = /^[A-Za-z_][\w.-]*$/;
// Characters XML 1.0 cannot carry at all, even escaped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Whether XML 1.0 can carry the text at all (escaped as needed). */
export const isXmlText = (text: string): boolean => !NOT_XML_CHAR.test(text);

/**
 * The document/literal request envelope: the operation's request element (from the WSDL) in the
 * Casework namespace with one element per argument, in the order given (the WSDL sequence).
 * Text is escaped; a value XML cannot carry is refused as VALIDATION_FAILED.
 */
export function writeSoapEnvelope(requestElement: string, args: Readonly<Record<string, string>>): string {
  if (!ELEMENT_NAME.test(requestElement)) throw new DomainError('INTERNAL', 'not a Classic element name');
  let fields = '';
  for (const [name, value] of Object.entries(args)) {
    if (!ELEMENT_NAME.test(name)) throw new DomainError('INTERNAL', 'not a Classic element name');
    if (!isXmlText(value)) throw new DomainError('VALIDATION_FAILED', `${name} holds a character the legacy CMS cannot accept`, { field: name });
    fields += `<${name}>${value.replace(/[&<>"'\r]/g, (c) => ESCAPES[c])}</${name}>`;
  }
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NAMESPACE}"><soap:Body><${requestElement} xmlns="${CASEWORK_NAMESPACE}">${fields}</${requestElement}></soap:Body></soap:Envelope>`;
}
