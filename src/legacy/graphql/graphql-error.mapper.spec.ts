import { describe, expect, it } from '@jest/globals';
import { ClientError } from 'graphql-request';
import { DomainError } from '../../common/domain-error.js';
import { LegacySessionExpiredError } from '../legacy-code.mapper.js';
import { graphqlErrorsToWarnings, graphqlFailureToDomainError, warningPath } from './graphql-error.mapper.js';

const thrown = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const clientError = (status: number, errors?: unknown[], headers: Record<string, string> = {}): ClientError =>
  new ClientError({ status, headers: new Headers(headers), body: '', errors: errors as never }, { query: '{ x }' });

describe('graphql error mapper', () => {
  it('turns withheld fields (2005) into warnings by path', () => {
    const warnings = graphqlErrorsToWarnings(
      [
        { message: 'withheld', path: ['case', 'witnesses', 0, 'dateOfBirth'], extensions: { code: '2005' } },
        { message: 'withheld', path: ['case', 'witnesses', 2, 'address'], extensions: { code: '2005' } },
      ],
      { case: { witnesses: [] } },
    );
    expect(warnings).toEqual(['witnesses[0].dateOfBirth', 'witnesses[2].address']);
    expect(graphqlErrorsToWarnings(undefined)).toEqual([]);
  });

  it('keeps a field that failed on its own as a warning when the rest of the data arrived', () => {
    const fieldError = { message: 'date service down', path: ['case', 'documents', 1, 'documentDate'], extensions: { code: '9999' } };
    expect(graphqlErrorsToWarnings([fieldError], { case: { documents: [] } })).toEqual(['documents[1].documentDate']);
    expect(thrown(() => graphqlErrorsToWarnings([fieldError], { case: null })).code).toBe('LEGACY_UNAVAILABLE');
    const expired = { ...fieldError, extensions: { code: '1001' } };
    expect(thrown(() => graphqlErrorsToWarnings([expired], { case: { documents: [] } }))).toBeInstanceOf(LegacySessionExpiredError);
  });

  it('fails on any other code, preferring a session expiry', () => {
    expect(thrown(() => graphqlErrorsToWarnings([{ extensions: { code: '2002' } }])).code).toBe('CASE_ACCESS_DENIED');
    expect(
      thrown(() => graphqlErrorsToWarnings([{ extensions: { code: '2005' } }, { extensions: { code: '2003' } }, { extensions: { code: '1001' } }])),
    ).toBeInstanceOf(LegacySessionExpiredError);
    expect(thrown(() => graphqlErrorsToWarnings([{ message: 'no code' }])).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it.each([
    ['2001', 'CASE_NOT_FOUND'],
    ['2003', 'DOCUMENT_NOT_FOUND'],
    ['2004', 'DOCUMENT_VERSION_NOT_FOUND'],
    ['3001', 'DOCUMENT_CHECKED_OUT'],
    ['4001', 'VALIDATION_FAILED'],
    ['9001', 'LEGACY_RATE_LIMITED'],
    ['9999', 'LEGACY_UNAVAILABLE'],
    ['1002', 'LEGACY_AUTH_FAILED'],
  ])('maps extensions.code %s to %s', (code, expected) => {
    expect(thrown(() => graphqlErrorsToWarnings([{ extensions: { code } }])).code).toBe(expected);
  });

  it('maps HTTP failures', () => {
    const limited = graphqlFailureToDomainError(clientError(429, undefined, { 'retry-after': '7' }));
    expect(limited.code).toBe('LEGACY_RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterSeconds: 7 });
    expect(graphqlFailureToDomainError(clientError(503)).code).toBe('LEGACY_UNAVAILABLE');
    expect(graphqlFailureToDomainError(clientError(400, [{ extensions: { code: '4001' } }])).code).toBe('VALIDATION_FAILED');
    const timeout = new DomainError('LEGACY_TIMEOUT', 'legacy CMS GraphQL did not answer in time');
    expect(graphqlFailureToDomainError(timeout)).toBe(timeout);
    expect(graphqlFailureToDomainError(new SyntaxError('Unexpected token <')).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('writes paths with indices in brackets', () => {
    expect(warningPath(['case', 'witnesses', 1, 'phone'])).toBe('witnesses[1].phone');
    expect(warningPath(['case'])).toBe('case');
  });
});
