import { describe, expect, it } from '@jest/globals';
import { safeCause, transportErrorToDomainError } from './transport-error.mapper.js';

describe('transport error mapper', () => {
  it('maps network failures and deadlines', () => {
    expect(transportErrorToDomainError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'x', false).code).toBe('LEGACY_UNAVAILABLE');
    const happyEyeballs = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'all failed'), {});
    expect(transportErrorToDomainError(happyEyeballs, 'x', false).code).toBe('LEGACY_UNAVAILABLE');
    expect(transportErrorToDomainError(Object.assign(new Error('t'), { code: 'ECONNABORTED' }), 'x', false).code).toBe('LEGACY_TIMEOUT');
    expect(transportErrorToDomainError(new Error('canceled'), 'x', true).code).toBe('LEGACY_TIMEOUT');
  });

  it('keeps only names and codes of a foreign error as the cause', () => {
    const foreign = Object.assign(new Error('POST body <ServicePassword>s3cret</ServicePassword> Cookie: CMSSESSION=abc'), {
      code: 'ECONNRESET',
      config: { headers: { Cookie: 'CMSSESSION=abc' } },
    });
    const cause = safeCause(foreign);
    expect(cause.message).toBe('Error (ECONNRESET)');
    expect(JSON.stringify(transportErrorToDomainError(foreign, 'x', false).cause, Object.getOwnPropertyNames(cause))).not.toMatch(/s3cret|CMSSESSION/);
  });
});
