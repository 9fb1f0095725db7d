import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createClientAsync, type Client } from 'soap';
import { DomainError } from '../../common/domain-error.js';
import { CASEWORK_WSDL_PATH, classicContract } from './casework-wsdl.js';
import { readSoapEnvelope, type SoapAnswer } from './soap-envelope.reader.js';
import { isXmlText, writeSoapEnvelope } from './soap-envelope.writer.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/legacy/soap/${name}`, import.meta.url), 'latin1');
const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>${body}</soap:Body></soap:Envelope>`;

const LISTS = classicContract().repeatable;
let nodeSoap: Client;
beforeAll(async () => {
  nodeSoap = await createClientAsync(CASEWORK_WSDL_PATH);
});

/** node-soap's reading of the same response: the reference this reader must agree with. */
function nodeSoapResult(xml: string, element: string): unknown {
  const parsed = nodeSoap.wsdl.xmlToObject(xml) as { Body?: Record<string, unknown> };
  return parsed.Body?.[element];
}

const result = (answer: SoapAnswer): unknown => (answer.kind === 'result' ? answer.result : answer.fault);

const refused = (xml: string, expected = 'AnyResponse'): DomainError => {
  try {
    readSoapEnvelope(xml, expected);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the reader accepted it');
};

describe('readSoapEnvelope', () => {
  it.each([
    ['authenticate-response.xml', 'AuthenticateResponse'],
    ['case-summary-response.xml', 'GetCaseSummaryResponse'],
    ['defendants-response.xml', 'GetDefendantsWithChargesResponse'],
  ])('reads the recorded %s as node-soap does', (file, element) => {
    const xml = fixture(file);
    expect(result(readSoapEnvelope(xml, element, LISTS))).toEqual(nodeSoapResult(xml, element));
  });

  it('reads repeats as arrays, nested records, trimmed text, empty elements, entities and CDATA as node-soap does', () => {
    const xml = envelope(
      '<FindCasesByUrnResponse xmlns="urn:legacy-cms:casework:v1">' +
        '<Case><CaseId>00000001</CaseId><Urn> 12AB3456789 </Urn><Title>R v O&apos;Brien &amp; Smith &#233;&#x20AC;</Title></Case>' +
        '<Case><CaseId>00000002</CaseId><Urn/><Title><![CDATA[R v <Jones>]]></Title><!-- a comment --></Case>' +
        '</FindCasesByUrnResponse>',
    );
    const read = result(readSoapEnvelope(xml, 'FindCasesByUrnResponse', LISTS));
    expect(read).toEqual(nodeSoapResult(xml, 'FindCasesByUrnResponse'));
    expect(read).toEqual({
      Case: [
        { CaseId: '00000001', Urn: '12AB3456789', Title: "R v O'Brien & Smith é€" },
        { CaseId: '00000002', Urn: '', Title: 'R v <Jones>' },
      ],
    });
  });

  it('leaves out an xsi:nil element and reads <X></X> as empty text (node-soap: left out, and null)', () => {
    const xml = envelope('<GetCaseSummaryResponse xmlns="urn:legacy-cms:casework:v1"><CaseId>00000003</CaseId><Court xsi:nil="true"/><Title></Title></GetCaseSummaryResponse>');
    expect(result(readSoapEnvelope(xml, 'GetCaseSummaryResponse', LISTS))).toEqual({ CaseId: '00000003', Title: '' });
  });

  it('reads a single repeatable element as a list of one, as the WSDL declares it', () => {
    const xml = envelope('<FindCasesByUrnResponse xmlns="urn:legacy-cms:casework:v1"><Case><CaseId>00000001</CaseId></Case></FindCasesByUrnResponse>');
    expect(result(readSoapEnvelope(xml, 'FindCasesByUrnResponse', LISTS))).toEqual({ Case: [{ CaseId: '00000001' }] });
    expect(result(readSoapEnvelope(xml, 'FindCasesByUrnResponse', LISTS))).toEqual(nodeSoapResult(xml, 'FindCasesByUrnResponse'));
  });

  it('reads an element named __proto__ as a plain field', () => {
    const xml = envelope('<GetCaseSummaryResponse><__proto__><polluted>yes</polluted></__proto__><CaseId>1</CaseId></GetCaseSummaryResponse>');
    const read = result(readSoapEnvelope(xml, 'GetCaseSummaryResponse', LISTS)) as Record<string, unknown>;
    expect(Object.keys(read)).toEqual(['__proto__', 'CaseId']);
    expect((read as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('answers a fault with its code, string and detail', () => {
    const answer = readSoapEnvelope(fixture('fault-3001-checked-out.xml'), 'CheckOutDocumentResponse');
    expect(answer.kind).toBe('fault');
    expect(answer.kind === 'fault' && answer.fault.faultcode).toBe('soap:Client');
    expect(answer.kind === 'fault' && answer.fault.detail).toMatchObject({ CmsFault: { Code: '3001', CheckedOutBy: 'bob.north' } });
  });

  it('refuses a response to another operation', () => {
    expect(refused(fixture('case-summary-response.xml'), 'GetDocumentInfoResponse').message).toContain('GetCaseSummaryResponse');
  });

  it.each([
    ['a DOCTYPE', fixture('doctype-response.xml')],
    ['an ENTITY in the body', envelope('<!ENTITY x "y"><AnyResponse/>')],
    ['an undeclared entity', envelope('<AnyResponse><A>&xxe;</A></AnyResponse>')],
    ['a bare ampersand', envelope('<AnyResponse><A>fish & chips</A></AnyResponse>')],
    ['a bad character reference', envelope('<AnyResponse><A>&#0;</A></AnyResponse>')],
    ['mismatched tags', envelope('<AnyResponse><A>1</B></AnyResponse>')],
    ['an element never closed', envelope('<AnyResponse><A>1</AnyResponse>').replace('</soap:Envelope>', '')],
    ['an unterminated comment', envelope('<AnyResponse><!-- x</AnyResponse>')],
    ['text outside the root', `${envelope('<AnyResponse/>')}trailing`],
    ['a second root', `${envelope('<AnyResponse/>')}<x/>`],
    ['no envelope', '<html><body>Service Unavailable</body></html>'],
    ['an empty body', envelope('')],
    ['the recorded malformed response', fixture('malformed-response.xml')],
  ])('refuses %s as LEGACY_BAD_RESPONSE', (_what, xml) => {
    expect(refused(xml).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('reads back whatever text the writer escapes (property)', () => {
    const xmlText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter(isXmlText);
    fc.assert(
      fc.property(xmlText, (text) => {
        const request = writeSoapEnvelope('AddNoteRequest', { SessionToken: 't', Text: text });
        const read = readSoapEnvelope(request.replace('AddNoteRequest', 'AddNoteResponse').replace('AddNoteRequest', 'AddNoteResponse'), 'AddNoteResponse');
        expect(read).toEqual({ kind: 'result', result: { SessionToken: 't', Text: text.trim() } });
      }),
    );
  });
});

describe('writeSoapEnvelope', () => {
  it('writes the request element in the Casework namespace with the arguments in order, escaped', () => {
    expect(writeSoapEnvelope('AddNoteRequest', { SessionToken: 'abc', CaseId: '00000001', Text: `<b>"Tom" & 'Jerry'</b>` })).toBe(
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
        '<AddNoteRequest xmlns="urn:legacy-cms:casework:v1"><SessionToken>abc</SessionToken><CaseId>00000001</CaseId>' +
        '<Text>&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;</Text></AddNoteRequest></soap:Body></soap:Envelope>',
    );
  });

  it('refuses text XML cannot carry', () => {
    expect(() => writeSoapEnvelope('AddNoteRequest', { Text: 'bell \u0007' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('refuses names that are not XML names', () => {
    expect(() => writeSoapEnvelope('Add Note', {})).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => writeSoapEnvelope('AddNoteRequest', { 'a<b': 'x' })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
