import { IsOptional, IsString } from 'class-validator';
import { DomainError } from '../domain-error.js';
import { IsFacadeId, IsUrn } from './dto-validators.js';
import { isFacadeId, normalizeUrn } from './id-patterns.js';
import { ParseIdPipe } from './parse-id.pipe.js';
import { ParseUrnPipe } from './parse-urn.pipe.js';
import { createValidationPipe } from './validation.pipe.js';
import { domainFailureOf } from '../../../test/helpers/rejection-of.js';

class LookupDto {
  @IsUrn()
  urn!: string;

  @IsOptional()
  @IsFacadeId()
  caseId?: string;

  @IsOptional()
  @IsString()
  note?: string;
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('id and URN patterns', () => {
  it.each(['1', '42', '99999999'])('accepts id %s', (id) => expect(isFacadeId(id)).toBe(true));
  it.each(['0', '042', '100000000', '1.5', ' 1', '', 'abc', 42])('refuses id %p', (id) => expect(isFacadeId(id)).toBe(false));
  it('upper-cases URNs before checking them', () => {
    expect(normalizeUrn('45aa2098224')).toBe('45AA2098224');
    expect(normalizeUrn('45AA209822')).toBeNull();
    expect(normalizeUrn('4AAA2098224')).toBeNull();
    expect(normalizeUrn(undefined)).toBeNull();
  });
});

describe('param pipes', () => {
  it('ParseIdPipe passes good ids and names the parameter of bad ones', () => {
    const pipe = new ParseIdPipe();
    expect(pipe.transform('17', { type: 'param', data: 'documentId' })).toBe('17');
    const error = thrown(() => pipe.transform('0017', { type: 'param', data: 'documentId' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^documentId /);
    expect(error.details).toEqual({ field: 'documentId' });
  });

  it('ParseUrnPipe answers the upper-cased URN', () => {
    const pipe = new ParseUrnPipe();
    expect(pipe.transform('45aa2098224', { type: 'query', data: 'urn' })).toBe('45AA2098224');
    expect(thrown(() => pipe.transform('nope', { type: 'query', data: 'urn' })).message).toMatch(/^urn /);
  });
});

describe('global validation pipe', () => {
  const pipe = createValidationPipe();
  const metadata = { type: 'body', metatype: LookupDto } as const;

  it('transforms a valid body into the DTO, upper-casing the URN', async () => {
    const value = await pipe.transform({ urn: '45aa2098224', caseId: '5' }, metadata);
    expect(value).toBeInstanceOf(LookupDto);
    expect(value).toEqual(Object.assign(new LookupDto(), { urn: '45AA2098224', caseId: '5' }));
  });

  it('refuses invalid and unknown fields with VALIDATION_FAILED listing them', async () => {
    const error = await domainFailureOf(pipe.transform({ urn: 'bad', caseId: '05', extra: 1 }, metadata));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/urn: urn must be a case URN/);
    expect(error.message).toMatch(/caseId: caseId must be a decimal id/);
    expect(error.message).toMatch(/extra: property extra should not exist/);
    expect(String(error.details['fields']).split(',').sort()).toEqual(['caseId', 'extra', 'urn']);
  });
});
