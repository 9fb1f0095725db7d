import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { LegacySessionExpiredError } from '../legacy-code.mapper.js';
import { readSoapEnvelope, type SoapFault } from './soap-envelope.reader.js';
import { soapFaultToDomainError } from './soap-fault.mapper.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/legacy/soap/${name}`, import.meta.url), 'latin1');

/** The fault in a recorded or written response envelope. */
function faultIn(xml: string): SoapFault {
  const answer = readSoapEnvelope(xml, 'AnyResponse');
  if (answer.kind !== 'fault') throw new Error('no fault in the envelope');
  return answer.fault;
}

const envelope = (fault: string): string =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>${fault}</soap:Fault></soap:Body></soap:Envelope>`;

describe('soap fault mapper', () => {
  it.each([
    ['fault-2001-case-not-found.xml', 'CASE_NOT_FOUND'],
    ['fault-2002-access-denied.xml', 'CASE_ACCESS_DENIED'],
    ['fault-3001-checked-out.xml', 'DOCUMENT_CHECKED_OUT'],
    ['fault-9001-rate-limited.xml', 'LEGACY_RATE_LIMITED'],
    ['fault-9999-internal.xml', 'LEGACY_UNAVAILABLE'],
  ])('maps the recorded %s to %s', (file, code) => {
    expect(soapFaultToDomainError(faultIn(fixture(file))).code).toBe(code);
  });

  it('carries who holds the check-out', () => {
    expect(soapFaultToDomainError(faultIn(fixture('fault-3001-checked-out.xml'))).details).toEqual({ checkedOutBy: 'bob.north' });
  });

  it('marks a 1001 as a session expiry for the session service', () => {
    expect(soapFaultToDomainError(faultIn(fixture('fault-1001-session-expired.xml')))).toBeInstanceOf(LegacySessionExpiredError);
  });

  it.each([
    ['2003', 'DOCUMENT_NOT_FOUND'],
    ['2004', 'DOCUMENT_VERSION_NOT_FOUND'],
    ['3002', 'DOCUMENT_CHECKED_OUT'],
    ['3003', 'LEGACY_BAD_RESPONSE'],
    ['4001', 'VALIDATION_FAILED'],
    ['1002', 'LEGACY_AUTH_FAILED'],
    ['7777', 'LEGACY_BAD_RESPONSE'],
  ])('maps code %s to %s', (legacyCode, code) => {
    const xml = envelope(
      `<faultcode>soap:Client</faultcode><faultstring>x</faultstring><detail><CmsFault xmlns="urn:legacy-cms:casework:v1"><Code>${legacyCode}</Code><Message>x</Message></CmsFault></detail>`,
    );
    expect(soapFaultToDomainError(faultIn(xml)).code).toBe(code);
  });

  it('tells an unknown user (403 LEGACY_USER_UNKNOWN) from refused service credentials (LEGACY_AUTH_FAILED), as AuthenticateOnBehalfOf answers them', () => {
    const fault1002 = (message: string): SoapFault =>
      faultIn(envelope(`<faultcode>soap:Client</faultcode><faultstring>${message}</faultstring><detail><CmsFault xmlns="urn:legacy-cms:casework:v1"><Code>1002</Code><Message>${message}</Message></CmsFault></detail>`));
    const unknown = soapFaultToDomainError(fault1002('Unknown user'));
    expect(unknown.code).toBe('LEGACY_USER_UNKNOWN');
    expect(unknown.message).toMatch(/no account for the signed-in user/);
    expect(soapFaultToDomainError(fault1002('Service authentication failed')).code).toBe('LEGACY_AUTH_FAILED');
    expect(soapFaultToDomainError(fault1002('Authentication failed')).code).toBe('LEGACY_AUTH_FAILED');
  });

  it('maps faults without a CmsFault by faultcode', () => {
    expect(soapFaultToDomainError(faultIn(envelope('<faultcode>soap:Server</faultcode><faultstring>boom</faultstring>'))).code).toBe('LEGACY_UNAVAILABLE');
    expect(soapFaultToDomainError(faultIn(envelope('<faultcode>soap:Client</faultcode><faultstring>bad</faultstring>'))).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('reads Retry-After on a rate-limit fault', () => {
    expect(soapFaultToDomainError(faultIn(fixture('fault-9001-rate-limited.xml')), '12').details).toEqual({ retryAfterSeconds: 12 });
  });

  it('never copies the legacy fault string', () => {
    const error = soapFaultToDomainError(faultIn(envelope('<faultcode>soap:Server</faultcode><faultstring>Jane Doe, 1 High St</faultstring>')));
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('Jane');
  });
});
