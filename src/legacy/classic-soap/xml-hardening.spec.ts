import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../../common/domain-error.js';
import { assertSafeXml, containsXmlDeclarationOfDtd } from './xml-hardening.js';

const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="windows-1252"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe('xml hardening', () => {
  it('accepts an ordinary SOAP envelope, comments and CDATA included', () => {
    expect(() => assertSafeXml(envelope('<!-- note --><PingResponse><Status><![CDATA[OK <!x>]]></Status></PingResponse>'))).not.toThrow();
  });

  it.each([
    ['a billion-laughs DOCTYPE', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>'],
    ['an external entity', '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>'],
    ['a lower-case doctype', '<!doctype a><a/>'],
    ['whitespace after <!', '<!  DOCTYPE a><a/>'],
    ['a bare ENTITY', envelope('<!ENTITY x "y">')],
    ['a DOCTYPE after the envelope', `${envelope('<PingResponse/>')}<!DOCTYPE x>`],
  ])('refuses %s', (_label, xml) => {
    expect(containsXmlDeclarationOfDtd(xml)).toBe(true);
    let caught: unknown;
    try {
      assertSafeXml(xml);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('refuses a DOCTYPE wherever it is inserted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), fc.constantFrom('<!DOCTYPE', '<!ENTITY', '<!doctype', '<!Entity'), (before, after, declaration) => {
        expect(containsXmlDeclarationOfDtd(`${before}${declaration} x${after}`)).toBe(true);
      }),
    );
  });
});
