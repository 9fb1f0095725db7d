import { describe, expect, it } from '@jest/globals';
import { domainFailureOf } from '../../../test/helpers/rejection-of.js';
import { RedactionTypeCatalog, UNSPECIFIED_TYPE } from './redaction-type-catalog.js';

const failureOf = (run: () => unknown) => domainFailureOf(Promise.resolve().then(run));

describe('RedactionTypeCatalog', () => {
  const catalog = new RedactionTypeCatalog(['phone', 'other', 'witness=Witness details']);

  it('lists the configured types in order, with default or configured labels', () => {
    expect(catalog.types).toEqual([
      { id: 'phone', label: 'Phone number' },
      { id: 'other', label: 'Other' },
      { id: 'witness', label: 'Witness details' },
    ]);
  });

  it('accepts known types, counts untyped boxes as unspecified unless types are required', async () => {
    expect(catalog.typeOf({ redactionType: 'phone' }, 'redactions[0].rects[0]')).toBe('phone');
    expect(catalog.typeOf({}, 'redactions[0].rects[0]')).toBe(UNSPECIFIED_TYPE);
    const required = new RedactionTypeCatalog(['phone'], true);
    expect(await failureOf(() => required.typeOf({}, 'redactions[1].rects[2]'))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'redactions[1].rects[2].redactionType' } });
  });

  it('refuses an unknown type naming the field, and `other` without a reason or a reason on another type', async () => {
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'vehicle' }, 'typedSearchTerms[3]'))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'typedSearchTerms[3].redactionType' } });
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'other' }, 'r'))).toMatchObject({ details: { field: 'r.otherReason' } });
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'other', otherReason: '  ' }, 'r'))).toMatchObject({ details: { field: 'r.otherReason' } });
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'phone', otherReason: 'why' }, 'r'))).toMatchObject({ details: { field: 'r.otherReason' } });
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'other', otherReason: 'x'.repeat(101) }, 'r'))).toMatchObject({ details: { field: 'r.otherReason' } });
    expect(await failureOf(() => catalog.typeOf({ redactionType: 'other', otherReason: 'two\nlines' }, 'r'))).toMatchObject({ details: { field: 'r.otherReason' } });
    expect(catalog.typeOf({ redactionType: 'other', otherReason: 'Third-party medical detail' }, 'r')).toBe('other');
  });
});
